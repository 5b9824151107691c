from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """An in-app notice to one user. Carries codes and ids only, never names or free text."""

    class Kind(models.TextChoices):
        EMERGENCY_ACCESS = "emergency_access", _("Emergency access")
        SAFETY = "safety", _("Safety alert from a screening")
        REFERRAL = "referral", _("Referral update")
        TRANSFER = "transfer", _("Transfer update")
        CONFERENCE = "conference", _("Case conference")
        ACTION_OVERDUE = "action_overdue", _("Action overdue")
        REVIEW_DUE = "review_due", _("Review due")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    participant = models.ForeignKey("people.Participant", null=True, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    # Makes reminders idempotent: the daily command never sends the same reminder twice.
    key = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table keeps its first name: the model moved here from coordination.
        db_table = "coordination_notice"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], condition=~models.Q(key=""), name="notice_key_once")
        ]
        # The inbox and its count read a user's unread notices, newest first; a CSO receives one per
        # referral, 80,000 over the years at national scale, of which a few hundred unread (issue 15).
        indexes = [
            models.Index(fields=["recipient", "-created_at"], condition=models.Q(read_at=None), name="notice_unread")
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"
