from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.categories import Category
from directory.models import Membership
from people.models import Participant


class TeamMemberQuerySet(models.QuerySet):
    def current(self) -> "TeamMemberQuerySet":
        return self.filter(ended_at__isnull=True)


class TeamMember(models.Model):
    """A practitioner on a participant's case team, in the role of their membership.

    The lead is a case worker; other members are case workers or specialists, whose
    discipline decides what they may read (access/policy.py).
    """

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="team"
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("practitioner"), on_delete=models.PROTECT, related_name="team_places"
    )
    is_lead = models.BooleanField(_("lead case worker"), default=False)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["-is_lead", "assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "membership"],
                condition=models.Q(ended_at__isnull=True),
                name="team_member_once",
            ),
            models.UniqueConstraint(
                fields=["participant"],
                condition=models.Q(ended_at__isnull=True, is_lead=True),
                name="team_one_lead",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership} on {self.participant_id}"


class Phase(models.TextChoices):
    """The five phases of return (DESIGN.md §2); they may overlap."""

    REPATRIATION = "repatriation", _("Repatriation")
    RESETTLEMENT = "resettlement", _("Resettlement")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    REINTEGRATION = "reintegration", _("Reintegration")
    RESILIENCE = "resilience", _("Resilience")


class PhaseRecordQuerySet(models.QuerySet):
    def current(self) -> "PhaseRecordQuerySet":
        return self.filter(ended_on__isnull=True)


class PhaseRecord(models.Model):
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="phases"
    )
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = PhaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="phase_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.phase} of {self.participant_id}"


DOMAIN_CATEGORIES = [
    Category.NEEDS_PLAN,
    Category.HEALTH,
    Category.EDUCATION,
    Category.LIVELIHOOD,
    Category.LEGAL,
    Category.HISTORY,
]


class NamedForWhom:
    """Configurable data named in the three languages, for adults, children or both."""

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return getattr(self, f"name_{(get_language() or 'en')[:2]}", "") or self.name_en

    def applies_to_participant(self, participant: Participant) -> bool:
        if self.applies_to == NeedsDomain.AppliesTo.BOTH:
            return True
        return (self.applies_to == NeedsDomain.AppliesTo.CHILDREN) == participant.is_child


class NeedsDomain(NamedForWhom, models.Model):
    """A needs domain (DESIGN.md §3): configurable data, named in the three languages."""

    class AppliesTo(models.TextChoices):
        BOTH = "both", _("Adults and children")
        ADULTS = "adults", _("Adults")
        CHILDREN = "children", _("Children")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=120)
    applies_to = models.CharField(_("for"), max_length=8, choices=AppliesTo.choices, default=AppliesTo.BOTH)
    # Which data category ratings and goals in this domain belong to: a partner sees them
    # only when that category (or needs and plan as a whole) is shared with them.
    category = models.CharField(
        _("data category"),
        max_length=16,
        choices=[(c, Category(c).label) for c in DOMAIN_CATEGORIES],
        default=Category.NEEDS_PLAN,
    )
    is_optional = models.BooleanField(_("optional"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("needs domain")
        verbose_name_plural = _("needs domains")
        ordering = ["order", "code"]


class Rating(models.IntegerChoices):
    URGENT = 1, _("1 · urgent need")
    SERIOUS = 2, _("2 · serious need")
    SOME = 3, _("3 · some need")
    STABLE = 4, _("4 · stable")
    STRENGTH = 5, _("5 · a strength")


class NeedsAssessment(models.Model):
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="assessments"
    )
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")
        ordering = ["assessed_on", "pk"]

    def __str__(self) -> str:
        return f"assessment {self.pk} of {self.participant_id}"


class NeedsRating(models.Model):
    assessment = models.ForeignKey(NeedsAssessment, on_delete=models.CASCADE, related_name="ratings")
    domain = models.ForeignKey(NeedsDomain, verbose_name=_("domain"), on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices)
    strengths = models.CharField(_("strengths"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("needs rating")
        verbose_name_plural = _("needs ratings")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="one_rating_per_domain"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.domain_id}: {self.rating}"


class ContactNote(models.Model):
    """A contact with the participant. ``clinical`` notes are read only within the author's discipline."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Home visit")
        CALL = "call", _("Phone call")
        SESSION = "session", _("Session")
        SCHOOL = "school_meeting", _("School meeting")
        GROUP = "group", _("Group activity")
        OTHER = "other", _("Other contact")

    class Sensitivity(models.TextChoices):
        TEAM = "team", _("Case team")
        CLINICAL = "clinical", _("Clinical: my discipline only")

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="notes"
    )
    occurred_on = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    domains = models.ManyToManyField(NeedsDomain, verbose_name=_("domains touched"), blank=True, related_name="+")
    text = models.TextField(_("note"))
    sensitivity = models.CharField(_("who may read it"), max_length=8, choices=Sensitivity.choices)
    # The author's discipline (or role) when writing: it decides who reads a clinical note.
    author_discipline = models.CharField(max_length=32)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact note")
        verbose_name_plural = _("contact notes")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"note {self.pk} of {self.participant_id}"


class Plan(models.Model):
    """The participant's person-centred plan: goals per domain, actions under each goal.

    ``version`` guards against lost updates: a save names the version it started from,
    and is refused if someone saved in between (casework/actions.py).
    """

    participant = models.OneToOneField(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="plan"
    )
    review_on = models.DateField(_("next review"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        # The coordinator's home lists plans waiting for approval: a few among every plan there is.
        indexes = [
            models.Index(fields=["participant"], condition=models.Q(approved_at__isnull=True), name="plan_to_approve")
        ]

    def __str__(self) -> str:
        return f"plan of {self.participant_id}"


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    domain = models.ForeignKey(NeedsDomain, verbose_name=_("domain"), on_delete=models.PROTECT, related_name="+")
    what_matters = models.CharField(_("what matters to me"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"goal {self.pk}"


class Action(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        BLOCKED = "blocked", _("Blocked")

    class BlockedReason(models.TextChoices):
        NO_PROVIDER = "no_provider", _("No provider")
        NO_FUNDING = "no_funding", _("No funding")
        WAITING_DOCUMENTS = "waiting_documents", _("Waiting for documents")
        PARTICIPANT_NOT_READY = "not_ready", _("The participant is not ready yet")
        OTHER = "other", _("Other reason")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    responsible_organisation = models.ForeignKey(
        "directory.Organisation", verbose_name=_("responsible organisation"), on_delete=models.PROTECT, related_name="+"
    )
    responsible_person = models.ForeignKey(
        Membership,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    blocked_reason = models.CharField(_("why blocked"), max_length=20, choices=BlockedReason.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="blocked") | ~models.Q(blocked_reason=""), name="blocked_needs_reason"
            )
        ]

    def __str__(self) -> str:
        return f"action {self.pk}"

    @property
    def is_overdue(self) -> bool:
        return bool(self.due_on and self.status not in (self.Status.DONE,) and self.due_on < timezone.localdate())


class CaseReview(models.Model):
    """A scheduled review of the case; the outcome is recorded when it is held."""

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="reviews"
    )
    scheduled_on = models.DateField(_("scheduled for"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case review")
        verbose_name_plural = _("case reviews")
        ordering = ["scheduled_on", "pk"]

    def __str__(self) -> str:
        return f"review {self.pk} of {self.participant_id}"


class Closure(models.Model):
    """A request to close a case, decided by the coordinator; a reopening ends it."""

    class Reason(models.TextChoices):
        GOALS_MET = "goals_met", _("Goals met")
        MOVED_AWAY = "moved_away", _("Moved away")
        DECLINED = "declined", _("The participant no longer wants support")
        OTHER = "other", _("Other reason")

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="closures"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    approved = models.BooleanField(null=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"closure {self.pk} of {self.participant_id}"


class MilestoneKind(NamedForWhom, models.Model):
    """An outcome the programme exists for (DESIGN.md §8): configurable data, named in the three languages.

    Its data category decides, through the access policy, who records and reads milestones of the kind.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=120)
    category = models.CharField(
        _("data category"),
        max_length=16,
        choices=[(c, Category(c).label) for c in DOMAIN_CATEGORIES],
        default=Category.NEEDS_PLAN,
    )
    applies_to = models.CharField(
        _("for"), max_length=8, choices=NeedsDomain.AppliesTo.choices, default=NeedsDomain.AppliesTo.BOTH
    )
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("milestone kind")
        verbose_name_plural = _("milestone kinds")
        ordering = ["order", "code"]


class Milestone(models.Model):
    """An outcome reached on a date, and lost on a later one where it ends (a job ends, a move)."""

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.ForeignKey(MilestoneKind, verbose_name=_("milestone"), on_delete=models.PROTECT, related_name="+")
    reached_on = models.DateField(_("reached on"))
    lost_on = models.DateField(_("ended on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["reached_on", "pk"]
        indexes = [models.Index(fields=["kind", "reached_on"], name="milestone_kind_reached")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lost_on__isnull=True) | models.Q(lost_on__gte=models.F("reached_on")),
                name="milestone_lost_after_reached",
            )
        ]

    def __str__(self) -> str:
        return f"milestone {self.pk} of {self.participant_id}"

    def held_on(self, day) -> bool:
        return self.reached_on <= day and (self.lost_on is None or day < self.lost_on)
