from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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
