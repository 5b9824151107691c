"""Models of mel.reports; mel/models.py imports them so that Django finds them.

A city's periodic report for central government: one ``Report`` per city and period (its draft:
the narrative the coordinator writes), and the ``ReportVersion`` rows issued from it, each frozen.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Jurisdiction

__all__ = ["Report", "ReportFile", "ReportVersion"]


class Report(models.Model):
    """The report of a city for a period. Its numbers are never stored here: a draft shows them as
    they are now, and only an issued version freezes them."""

    city = models.ForeignKey(Jurisdiction, verbose_name=_("city"), on_delete=models.PROTECT, related_name="reports")
    period = models.CharField(_("period"), max_length=8)  # a quarter or a year, as DHIS2 writes it
    what_worked = models.TextField(_("what worked"), blank=True)
    needed_from_government = models.TextField(_("what is needed from central government"), blank=True)
    # The version of the draft: a save names the version it started from (lost-update refusal).
    version = models.PositiveIntegerField(default=1)
    # Once issued, a further version needs "what changed"; the draft keeps it until then.
    changes = models.TextField(_("what changed"), blank=True)
    correcting = models.BooleanField(default=False)  # a correction is being drafted
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        ordering = ["city__name", "-period"]
        constraints = [models.UniqueConstraint(fields=["city", "period"], name="report_once_per_city_period")]

    def __str__(self) -> str:
        return f"{self.city_id} {self.period}"


class ReportVersion(models.Model):
    """An issued version: its content is frozen when issued and never changes afterwards."""

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    # Keys and numbers only (indicator codes, category keys): labels are named again at display
    # time in the reader's language, so that the hash does not depend on the language.
    content = models.JSONField()
    content_hash = models.CharField(_("content hash"), max_length=64)
    changes = models.TextField(_("what changed"), blank=True)

    class Meta:
        verbose_name = _("issued report version")
        verbose_name_plural = _("issued report versions")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_once"),
            models.CheckConstraint(condition=models.Q(number=1) | ~models.Q(changes=""), name="correction_says_what"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number}"


class ReportFile(models.Model):
    """An issued version drawn as a file once, in one language, and handed out as drawn from then on.

    The whole catalogue makes a PDF of some 75 pages that takes WeasyPrint 10-15 s on 2 cores; the
    version never changes, so neither does its file. It holds what the version holds: aggregates
    that passed disclosure control, and the city's narrative.
    """

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=8)  # "pdf" or "xlsx"
    language = models.CharField(max_length=8)
    body = models.BinaryField()
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "kind", "language"], name="report_file_once")]

    def __str__(self) -> str:
        return f"{self.version} {self.language}.{self.kind}"
