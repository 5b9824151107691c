from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from people.models import Participant


class Administration(models.Model):
    """One completed (or partly completed) screening, scored on save with the instrument's version."""

    class Mode(models.TextChoices):
        IN_SESSION = "in_session", _("In session")
        PAPER = "paper", _("Entered from paper")

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="administrations"
    )
    instrument = models.CharField(_("instrument"), max_length=32)
    instrument_version = models.CharField(max_length=32)
    administered_on = models.DateField(_("date"))
    mode = models.CharField(_("how"), max_length=16, choices=Mode.choices)
    answers = models.JSONField(default=dict)
    total = models.FloatField(null=True, blank=True)
    subscales = models.JSONField(default=dict)
    band = models.JSONField(null=True, blank=True)
    flags = models.JSONField(default=list)
    administered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("administration")
        verbose_name_plural = _("administrations")
        ordering = ["administered_on", "pk"]

    def __str__(self) -> str:
        return f"{self.instrument} {self.pk} of {self.participant_id}"
