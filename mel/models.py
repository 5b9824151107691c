from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    """An indicator as measured for one set of owning organisations and one finished period.

    At national scale the catalogue takes too long to compute on every request (README, "Indicators
    at scale"), so a finished period's exact tallies are kept here and refreshed by
    ``manage.py refresh_indicators``. Only tallies are stored, never a person: disclosure control
    is applied when a page shows them, for the reader at hand.
    """

    owners = models.TextField()  # the organisations' ids, sorted, comma-separated
    owners_hash = models.CharField(max_length=64)  # sha256 of ``owners``: the unique key stays short
    indicator = models.CharField(_("indicator"), max_length=20)
    period = models.CharField(_("period"), max_length=8)
    measured = models.JSONField()
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        constraints = [
            models.UniqueConstraint(fields=["owners_hash", "indicator", "period"], name="snapshot_once"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}"


# The models of mel's parts live beside their code; Django finds them through this module.
from mel.dhis2.models import *  # noqa: E402, F403
from mel.extracts.models import *  # noqa: E402, F403
from mel.reports.models import *  # noqa: E402, F403
