"""Models of the network hub: the member cities, their registered public keys, and the reports
received from them. Only what the cities sent is stored here: aggregates, never a person."""

from __future__ import annotations

import hashlib

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["MemberCity", "MemberKey", "ReceivedReport"]


def token_hash(token: str) -> str:
    """Tokens are stored as their SHA-256 only: a copy of the hub's database does not let anyone
    send as a city. The token is long and random, so no salt or slow hash is needed."""
    return hashlib.sha256(token.encode()).hexdigest()


class MemberCity(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("jurisdiction"), max_length=100, unique=True, help_text=_("The city's own slug."))
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation on the hub"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    active = models.BooleanField(_("active"), default=True)
    enrolled_at = models.DateTimeField(_("enrolled"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("member city")
        verbose_name_plural = _("member cities")

    def __str__(self) -> str:
        return self.name

    def keys_valid_at(self, moment) -> models.QuerySet[MemberKey]:
        return self.keys.filter(valid_from__lte=moment).filter(Q(valid_until__isnull=True) | Q(valid_until__gt=moment))


class MemberKey(models.Model):
    member = models.ForeignKey(MemberCity, on_delete=models.CASCADE, related_name="keys")
    public_key = models.CharField(_("public key"), max_length=64, help_text=_("Raw Ed25519 public key, base64."))
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    valid_from = models.DateTimeField(_("valid from"), default=timezone.now)
    # The old key stays valid until here when a city rotates its key (the overlap).
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["member", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["member", "fingerprint"], name="hub_member_key_once")]

    def __str__(self) -> str:
        return self.fingerprint[:16]


class ReceivedReport(models.Model):
    member = models.ForeignKey(MemberCity, on_delete=models.PROTECT, related_name="reports")
    period = models.CharField(max_length=10)
    sequence = models.PositiveBigIntegerField()
    payload = models.JSONField()
    envelope = models.JSONField()
    keyid = models.CharField(max_length=64)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["member", "period", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["member", "period", "sequence"], name="hub_report_once"),
        ]
        indexes = [models.Index(fields=["period", "member"], name="hub_report_period")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.period} #{self.sequence}"
