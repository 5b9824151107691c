"""Models of the network exchange: the city's signing keys and its reports to the hub."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["NetworkReport", "SigningKey"]


class SigningKey(models.Model):
    """The city's Ed25519 key for its network reports. The private key is stored encrypted
    (AES-256-GCM under HOMECOMING_NETWORK_KEYS, see keys.py): a copy of the database alone
    cannot sign in the city's name."""

    encrypted_private_key = models.BinaryField()  # 12-byte nonce + ciphertext of the raw key
    encryption_key_id = models.CharField(max_length=16)  # which of HOMECOMING_NETWORK_KEYS
    public_key = models.CharField(max_length=64)  # raw, base64
    fingerprint = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    # Set when a newer key replaced this one; it still signs until valid_until (the overlap), so
    # that a hub which has not registered the new key yet keeps accepting the city's reports.
    retired_at = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.fingerprint


class NetworkReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft, waiting for a coordinator's approval")
        APPROVED = "approved", _("Approved and signed")
        PENDING = "pending", _("Waiting to be delivered")
        DELIVERED = "delivered", _("Delivered to the hub")
        REFUSED = "refused", _("Refused by the hub")
        EXPORTED = "exported", _("Handed over as a file")

    city = models.ForeignKey("directory.Jurisdiction", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=8)
    # Increases with every report of the city: the hub refuses one not above the last it stored.
    sequence = models.PositiveIntegerField()
    payload = models.BinaryField()  # exactly the bytes that are signed and leave the city
    envelope = models.JSONField(null=True, blank=True)  # the DSSE envelope, once approved
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    refusal_reason = models.CharField(max_length=64, blank=True)  # the hub's reason code
    refusal_message = models.TextField(blank=True)  # the hub's sentence
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    built_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["city", "sequence"], name="network_report_sequence_per_city"),
        ]

    def __str__(self) -> str:
        return f"{self.period} #{self.sequence}"
