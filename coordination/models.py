from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """An in-app notice to one user. Carries codes and ids only, never names or free text."""

    class Kind(models.TextChoices):
        EMERGENCY_ACCESS = "emergency_access", _("Emergency access")
        SAFETY = "safety", _("Safety alert from a screening")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    participant = models.ForeignKey("people.Participant", null=True, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"
