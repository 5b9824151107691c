"""The audit log: append-only, hash-chained rows that every app writes through ``core.audit.record``.

The tables keep their first names (``access_auditevent``, ``access_auditchainhead``): the
models moved here from ``access`` without touching the database.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    """One append-only entry of the audit trail.

    Each row stores the hash of the row before it and a hash of its own content, so
    that editing or deleting any row breaks the chain (see ``verify_audit``). Rows
    carry ids and codes only: never names or free text beyond the stated reason.
    """

    created_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", verbose_name=_("organisation"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_ref = models.CharField(_("object"), max_length=64, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    request_id = models.CharField(_("request"), max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # Which audit key sealed the row (HOMECOMING_AUDIT_KEYS), so that keys can be rotated.
    key_id = models.CharField(max_length=8)

    class Meta:
        db_table = "access_auditevent"
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.pk} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit events are append-only.")

    def compute_hash(self, key: bytes) -> str:
        """An HMAC under the audit key, which lives outside the database: whoever can write
        the database but does not hold the key cannot re-seal an edited chain."""
        content = [
            self.key_id,
            self.prev_hash,
            self.created_at.isoformat(),
            self.actor_id,
            self.organisation_id,
            self.action,
            self.object_type,
            self.object_ref,
            self.reason,
            self.request_id,
        ]
        encoded = json.dumps(content, separators=(",", ":"), ensure_ascii=False).encode()
        return hmac.new(key, encoded, hashlib.sha256).hexdigest()


class AuditChainHead(models.Model):
    """The single row that serialises appends and remembers the chain's tip.

    Locking this row is what keeps the chain one line under concurrent requests; its
    count and hash also reveal a deleted last row, which the chain alone would not.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        db_table = "access_auditchainhead"

    def __str__(self) -> str:
        return f"audit chain head ({self.count} rows)"
