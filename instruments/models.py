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

    # No index of its own: ``administration_by_instrument`` starts with the participant and serves every
    # lookup by participant; an index on the participant alone would only cost writes.
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="administrations",
        db_index=False,
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
        # The wellbeing indicators read a participant's first and latest score on an instrument by a date:
        # with this index that is one step into it, not a walk through all of the participant's screenings.
        indexes = [
            models.Index(fields=["participant", "instrument", "administered_on"], name="administration_by_instrument")
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.pk} of {self.participant_id}"


class ImportedDefinition(models.Model):
    """An instrument definition an administrator imported, checked whole before it was stored.

    Never edited: a changed instrument is imported as a new version, and every version is
    kept, because past administrations are shown with the version they were scored with.
    """

    code = models.CharField(_("code"), max_length=32)
    version = models.CharField(_("version"), max_length=32)
    definition = models.JSONField(_("definition"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now, editable=False)
    is_active = models.BooleanField(
        _("offered for new screenings"),
        default=True,
        help_text=_("Past screenings keep the version they were scored with either way."),
    )

    class Meta:
        verbose_name = _("imported instrument")
        verbose_name_plural = _("imported instruments")
        ordering = ["code", "-imported_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.version}"

    @property
    def name(self) -> str:
        return str(self.definition.get("name", "")) if isinstance(self.definition, dict) else ""
