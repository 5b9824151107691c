"""Models of mel.extracts; mel/models.py imports them so that Django finds them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Jurisdiction, Membership, Organisation

__all__ = ["ExtractRequest"]


class ExtractRequest(models.Model):
    """An M&E officer's request for a de-identified dataset for an evaluation (issue 17 §2).

    The extract is built once, when a coordinator approves it, and only its de-identified rows
    are kept here (``built``), so that every download gives the same file; they are deleted when
    the downloads are used up or the window has passed (``purged_at``).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a coordinator's decision")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    class Variable(models.TextChoices):
        SEX = "sex", _("Sex")
        AGE_BAND = "age_band", _("Age band")
        HOUSEHOLD_SIZE = "household_size", _("Household size band")
        PHASE = "phase", _("Phase")
        MONTHS_SINCE_RETURN = "months_since_return", _("Months since return")
        COHORT = "cohort", _("Cohort (quarter of arrival)")
        NEEDS = "needs", _("Needs ratings by domain over time")
        MILESTONES = "milestones", _("Milestones, as months since arrival")
        SCREENINGS = "screenings", _("Screening scores by instrument over time")
        REFERRALS = "referrals", _("Referral counts by service type")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("requested by organisation"), on_delete=models.PROTECT, related_name="+"
    )
    city = models.ForeignKey(
        Jurisdiction, verbose_name=_("city"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The organisations whose participants are in the extract (their coordinators decide).
    owners = models.ManyToManyField(Organisation, related_name="+")
    variables = models.JSONField(_("variables"), default=list)
    period = models.CharField(_("period"), max_length=8)
    purpose = models.TextField(_("purpose"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    built = models.JSONField(null=True, blank=True)  # the de-identified tables and the cover sheet's facts
    downloads = models.PositiveSmallIntegerField(_("downloads"), default=0)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation extract request")
        verbose_name_plural = _("evaluation extract requests")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "requested_at"], name="extract_status_requested")]

    def __str__(self) -> str:
        return f"extract {self.pk}"

    def variable_labels(self) -> list[str]:
        return [str(self.Variable(v).label) for v in self.variables if v in self.Variable.values]
