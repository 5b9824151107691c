"""Multi-agency coordination: services, referrals, transfers, case conferences, notices.

None of these models decides who sees what: access/policy.py reads them to answer that.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.categories import TEAM_ONLY, Category
from directory.models import Membership, Organisation

# Categories a referral may carry. Identity stays with the lead and the owning coordinator
# (DESIGN.md §5): a partner who needs to meet the participant arranges it with the case worker.
REFERRAL_CATEGORIES = [c for c in Category.values if c != Category.IDENTITY and c not in TEAM_ONLY]


class Service(models.Model):
    """What an organisation offers, for the practitioners' directory of where to refer."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="services"
    )
    domain = models.ForeignKey(
        "casework.NeedsDomain", verbose_name=_("needs domain"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("service"), max_length=300)
    contact_point = models.CharField(
        _("contact point"), max_length=200, help_text=_("An office, desk or role with its phone or e-mail.")
    )
    accepts_referrals = models.BooleanField(_("accepts referrals"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["organisation__name", "domain__order", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.description}"


class Referral(models.Model):
    """A request to another organisation for a service, carrying only what may be shared."""

    class Status(models.TextChoices):
        SENT = "sent", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        DONE = "done", _("Done")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    OPEN = (Status.SENT, Status.ACCEPTED)

    class Urgency(models.TextChoices):
        ROUTINE = "routine", _("Routine (answer within 10 days)")
        SOON = "soon", _("Soon (answer within 3 days)")
        URGENT = "urgent", _("Urgent (answer within a day)")

    RESPOND_WITHIN = {Urgency.ROUTINE: 10, Urgency.SOON: 3, Urgency.URGENT: 1}

    class LawfulBasis(models.TextChoices):
        LEGAL_OBLIGATION = "legal_obligation", _("A legal obligation")
        VITAL_INTERESTS = "vital_interests", _("To protect someone's life or safety")
        CHILD_PROTECTION = "child_protection", _("Child protection")
        COURT_ORDER = "court_order", _("A court order")

    class DeclineReason(models.TextChoices):
        NO_CAPACITY = "no_capacity", _("No capacity at the moment")
        NOT_OFFERED = "not_offered", _("We do not offer this service")
        NOT_ELIGIBLE = "not_eligible", _("The participant is not eligible")
        BETTER_ELSEWHERE = "better_elsewhere", _("Another organisation can help better")
        OTHER = "other", _("Another reason")

    participant = models.ForeignKey(
        "people.Participant", verbose_name=_("participant"), on_delete=models.CASCADE, related_name="referrals"
    )
    from_organisation = models.ForeignKey(
        Organisation, verbose_name=_("from"), on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_organisation = models.ForeignKey(
        Organisation, verbose_name=_("to organisation"), on_delete=models.PROTECT, related_name="referrals_received"
    )
    domain = models.ForeignKey(
        "casework.NeedsDomain", verbose_name=_("needs domain"), on_delete=models.PROTECT, related_name="+"
    )
    request = models.CharField(_("what is asked"), max_length=500)
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.ROUTINE)
    # Everything shared; ``override_categories`` are those shared beyond consent on a lawful basis.
    categories = models.JSONField(_("data shared"), default=list)
    override_categories = models.JSONField(default=list)
    lawful_basis = models.CharField(_("lawful basis"), max_length=20, choices=LawfulBasis.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENT)
    respond_by = models.DateField(_("answer expected by"))
    expires_on = models.DateField(_("access ends on"))
    decline_reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-pk"]
        permissions = [("override_consent", _("Share data beyond consent on a recorded lawful basis"))]
        # Received by status newest first (the inbox, a partner's home), sent by the user (their home),
        # and per participant: at national scale an organisation holds tens of thousands (issue 15).
        indexes = [
            models.Index(fields=["to_organisation", "status", "created_at"]),
            models.Index(fields=["created_by", "status"]),
            models.Index(fields=["participant", "status"]),
        ]

    def __str__(self) -> str:
        return f"referral {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN and self.expires_on >= timezone.localdate()

    def category_labels(self) -> list[str]:
        return [str(Category(c).label) for c in self.categories]

    def override_labels(self) -> list[str]:
        return [str(Category(c).label) for c in self.override_categories]


class ReferralEvent(models.Model):
    """The status history of a referral: who moved it where, when."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=10, choices=Referral.Status.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.status} of referral {self.referral_id}"


class ServiceRecord(models.Model):
    """A service the receiving organisation gave under a referral."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="services_given")
    given_on = models.DateField(_("date"))
    description = models.CharField(_("service given"), max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["given_on", "pk"]

    def __str__(self) -> str:
        return f"service under referral {self.referral_id}"


class Transfer(models.Model):
    """Continuity of care: a case (or a household's cases) handed to another organisation."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the receiving coordinator")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    class DeclineReason(models.TextChoices):
        NOT_OUR_AREA = "not_our_area", _("The family is not settling in our area")
        NO_CAPACITY = "no_capacity", _("No capacity to take the case now")
        INCOMPLETE = "incomplete", _("The handover is incomplete")
        OTHER = "other", _("Another reason")

    participants = models.ManyToManyField("people.Participant", related_name="transfers")
    household = models.ForeignKey(
        "people.Household", null=True, blank=True, on_delete=models.CASCADE, related_name="transfers"
    )
    from_organisation = models.ForeignKey(
        Organisation, verbose_name=_("from"), on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_organisation = models.ForeignKey(
        Organisation, verbose_name=_("to organisation"), on_delete=models.PROTECT, related_name="transfers_in"
    )
    handover_note = models.TextField(_("handover note"), max_length=4000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decline_reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # After acceptance the sender's coordinators and former team keep read-only access until then.
    handover_until = models.DateTimeField(null=True, blank=True)
    handover_memberships = models.ManyToManyField(Membership, blank=True, related_name="+")

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"transfer {self.pk}"

    @staticmethod
    def handover_period() -> datetime.timedelta:
        return datetime.timedelta(days=settings.HOMECOMING_HANDOVER_DAYS)


class Conference(models.Model):
    """A multi-agency case conference about a participant or a whole household."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    participant = models.ForeignKey(
        "people.Participant", null=True, blank=True, on_delete=models.CASCADE, related_name="conferences"
    )
    household = models.ForeignKey(
        "people.Household", null=True, blank=True, on_delete=models.CASCADE, related_name="conferences"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="conferences_convened")
    scheduled_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place or call link"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    summary = models.TextField(_("discussion summary"), max_length=6000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")
        ordering = ["-scheduled_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(participant__isnull=False, household__isnull=True)
                | models.Q(participant__isnull=True, household__isnull=False),
                name="conference_about_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"conference {self.pk}"

    def subjects(self):
        """The participants the conference is about."""
        from people.models import Participant

        if self.participant_id:
            return Participant.objects.filter(pk=self.participant_id)
        return Participant.objects.filter(household=self.household_id).order_by("birth_year")


class Invitation(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="conference_invitations"
    )
    attended = models.BooleanField(_("attended"), null=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [models.UniqueConstraint(fields=["conference", "organisation"], name="invitation_once")]

    def __str__(self) -> str:
        return f"{self.organisation} at {self.conference_id}"


class Decision(models.Model):
    """A decision of a conference; it becomes an action in the participant's plan."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="decisions")
    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("decision"), max_length=300)
    responsible_organisation = models.ForeignKey(
        Organisation, verbose_name=_("responsible organisation"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    action = models.OneToOneField(
        "casework.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="decision"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"decision {self.pk}"
