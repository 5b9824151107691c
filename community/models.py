"""The receiving community and the people who do the work (DESIGN.md §4, issue 12).

Two kinds of records, kept apart on purpose:

- about the community and the practitioners (activities, perception surveys, trainings,
  supervision): they name no participant and link to none, so that nothing here can
  point at a person the programme serves. Participants are only ever counted;
- on the case (stigma experienced, civic participation): they belong to one participant
  and are read through the access policy like any other case record.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Discipline as StaffDiscipline
from directory.models import Jurisdiction, Membership, Organisation
from people.models import Participant

# Attendance of one activity, by group; a group is at most this many people.
MAX_ATTENDANCE = 100_000


class Activity(models.Model):
    """A community activity. Participants who took part are counted in ``participants``, never named."""

    class Kind(models.TextChoices):
        DIALOGUE = "dialogue", _("Community dialogue")
        STIGMA_REDUCTION = "stigma_reduction", _("Stigma reduction")
        AWARENESS_SCHOOLS = "awareness_schools", _("Awareness with schools")
        AWARENESS_EMPLOYERS = "awareness_employers", _("Awareness with employers")
        SPORTS_CULTURE = "sports_culture", _("Sports or culture")
        VOLUNTEERING = "volunteering", _("Volunteering and charity")
        RELIGIOUS = "religious", _("Religious community event")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organised by"), on_delete=models.PROTECT, related_name="community_activities"
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partner organisations"), blank=True, related_name="activities_partnered"
    )
    city = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="community_activities",
        limit_choices_to={"level": Jurisdiction.Level.CITY},
    )
    # A city district at most: never a street or an address.
    district = models.CharField(_("district"), max_length=100, blank=True)
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    residents = models.PositiveIntegerField(_("residents"), default=0, validators=[MaxValueValidator(MAX_ATTENDANCE)])
    young_people = models.PositiveIntegerField(
        _("young people"), default=0, validators=[MaxValueValidator(MAX_ATTENDANCE)]
    )
    teachers = models.PositiveIntegerField(_("teachers"), default=0, validators=[MaxValueValidator(MAX_ATTENDANCE)])
    participants = models.PositiveIntegerField(
        _("participants of the programme"),
        default=0,
        validators=[MaxValueValidator(MAX_ATTENDANCE)],
        help_text=_("How many took part. They are counted here only, never named."),
    )
    others = models.PositiveIntegerField(_("others"), default=0, validators=[MaxValueValidator(MAX_ATTENDANCE)])
    aims = models.TextField(_("aims"), blank=True)
    what_happened = models.TextField(_("what happened"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("community activity")
        verbose_name_plural = _("community activities")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["city", "held_on"]), models.Index(fields=["organisation", "held_on"])]

    def __str__(self) -> str:
        return f"activity {self.pk}"

    @property
    def reached(self) -> int:
        """Everyone who attended, all groups together."""
        return self.residents + self.young_people + self.teachers + self.participants + self.others


class SurveyRound(models.Model):
    """One round of a community perception survey (its questions are data: ``community/surveys``)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Collecting answers")
        CLOSED = "closed", _("Closed")

    survey = models.CharField(_("survey"), max_length=40)
    survey_version = models.CharField(max_length=40)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("run by"), on_delete=models.PROTECT, related_name="survey_rounds"
    )
    city = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="survey_rounds",
        limit_choices_to={"level": Jurisdiction.Level.CITY},
    )
    district = models.CharField(_("district"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("collected from"))
    ends_on = models.DateField(_("collected until"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-ends_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="round_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"survey round {self.pk}"


class SurveyResponse(models.Model):
    """One resident's anonymous answers. Nothing about the respondent is kept, not even who entered
    it or when to the minute: only the day it was collected and how."""

    class Mode(models.TextChoices):
        PAPER = "paper", _("Paper, entered afterwards")
        TABLET = "tablet", _("Tablet, one question per screen")

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    collected_on = models.DateField(_("collected on"))
    mode = models.CharField(_("how it was collected"), max_length=8, choices=Mode.choices)
    answers = models.JSONField(default=dict)  # item id -> option value; missing items left out
    # The survey's headline score (acceptance, 0-100) as its scoring rules compute it; None when
    # too few items were answered. The indicator averages it in SQL.
    score = models.FloatField(null=True, blank=True)
    scores = models.JSONField(default=dict)  # every scale's score, the headline one included

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["round", "collected_on"])]

    def __str__(self) -> str:
        return f"response {self.pk}"


class StigmaIncident(models.Model):
    """Stigma or discrimination a participant experienced: its own data category (``experiences``)."""

    class Setting(models.TextChoices):
        SCHOOL = "school", _("School or kindergarten")
        SERVICE = "service", _("Refusal of a public service")
        EMPLOYMENT = "employment", _("Work or job seeking")
        HOUSING = "housing", _("Housing")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
        HEALTH = "health", _("Health care")
        MEDIA = "media", _("Media or online")
        FAMILY = "family", _("Relatives")
        OTHER = "other", _("Elsewhere")

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="stigma_incidents"
    )
    occurred_on = models.DateField(_("date"))
    setting = models.CharField(_("where"), max_length=16, choices=Setting.choices)
    what_happened = models.TextField(_("what happened"), blank=True)
    what_was_done = models.TextField(_("what was done"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("stigma experienced")
        verbose_name_plural = _("stigma experienced")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["participant", "occurred_on"])]

    def __str__(self) -> str:
        return f"incident {self.pk} of {self.participant_id}"


class CivicParticipation(models.Model):
    """A participant taking part in community life, by their own choice."""

    class Kind(models.TextChoices):
        VOLUNTEERING = "volunteering", _("Volunteering")
        CHARITY = "charity", _("Charity campaign")
        COMMUNITY_EVENT = "community_event", _("Community event")
        SPEAKING = "speaking", _("Speaking about their experience")
        CLUB = "club", _("Club, sport or culture group")
        OTHER = "other", _("Other")

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="civic_participation"
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True, help_text=_("Leave empty for a single day."))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("civic participation")
        verbose_name_plural = _("civic participation")
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["participant", "started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="civic_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"civic participation {self.pk} of {self.participant_id}"


class Course(models.Model):
    """A training course for practitioners."""

    class Topic(models.TextChoices):
        TRAUMA = "trauma", _("Trauma-informed care")
        CHILD_PROTECTION = "child_protection", _("Child protection")
        PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
        CASE_MANAGEMENT = "case_management", _("Case management")
        STIGMA = "stigma", _("Working against stigma")
        GENDER = "gender", _("Gender-sensitive work")
        DATA_PROTECTION = "data_protection", _("Data protection")
        SELF_CARE = "self_care", _("Practitioners' wellbeing")
        OTHER = "other", _("Other topic")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("offered by"), on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    description = models.TextField(_("description"), blank=True)
    # Until the practice library exists (issue 13), a link to the materials (an address or a reference).
    materials = models.CharField(_("materials"), max_length=300, blank=True)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="sessions")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="training_sessions"
    )
    trainer_organisation = models.ForeignKey(
        Organisation, verbose_name=_("trainer organisation"), on_delete=models.PROTECT, related_name="+"
    )
    city = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
        limit_choices_to={"level": Jurisdiction.Level.CITY},
    )
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"session {self.pk}"


class Attendance(models.Model):
    """Who attended a session: a group of practitioners by organisation kind and discipline, counted;
    or one user (``count`` 1), so that the session shows in their training record."""

    class Discipline(models.TextChoices):
        SOCIAL_WORKER = "social_worker", _("Social worker")
        PSYCHOLOGIST = StaffDiscipline.PSYCHOLOGIST.value, StaffDiscipline.PSYCHOLOGIST.label
        TEACHER = StaffDiscipline.TEACHER.value, StaffDiscipline.TEACHER.label
        DOCTOR = StaffDiscipline.DOCTOR.value, StaffDiscipline.DOCTOR.label
        EMPLOYMENT_ADVISER = StaffDiscipline.EMPLOYMENT_ADVISER.value, StaffDiscipline.EMPLOYMENT_ADVISER.label
        RELIGIOUS_COUNSELLOR = StaffDiscipline.RELIGIOUS_COUNSELLOR.value, StaffDiscipline.RELIGIOUS_COUNSELLOR.label
        POLICE = "police", _("Police officer")
        MANAGER = "manager", _("Coordinator or manager")
        OTHER = "other", _("Other")

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendance")
    organisation_kind = models.CharField(_("organisation kind"), max_length=32, choices=Organisation.Kind.choices)
    discipline = models.CharField(_("discipline"), max_length=24, choices=Discipline.choices)
    count = models.PositiveIntegerField(
        _("how many"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_ATTENDANCE)]
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="trainings"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=True) | models.Q(count=1), name="named_attendance_is_one"
            ),
            models.UniqueConstraint(fields=["session", "user"], name="attends_session_once"),
        ]

    def __str__(self) -> str:
        return f"attendance {self.pk}"


class SupportSession(models.Model):
    """Supervision or peer support for a team: when, how long, who attended. Never what was said."""

    class Kind(models.TextChoices):
        SUPERVISION = "supervision", _("Clinical supervision")
        PEER_SUPPORT = "peer_support", _("Peer support")
        DEBRIEFING = "debriefing", _("Debriefing after a difficult event")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="support_sessions"
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"), max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    external = models.BooleanField(_("led by someone from outside the organisation"), default=False)
    attendees = models.ManyToManyField(Membership, verbose_name=_("who attended"), related_name="support_sessions")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("support session")
        verbose_name_plural = _("support sessions")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"support session {self.pk}"
