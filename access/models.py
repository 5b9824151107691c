from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmergencyAccess(models.Model):
    """Break the glass: time-limited read access to one participant, with a stated reason."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    membership = models.ForeignKey("directory.Membership", on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="emergency_grants")
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")

    def __str__(self) -> str:
        return f"emergency access {self.pk}"
