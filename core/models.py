"""The audit log: append-only, hash-chained rows that every app writes through ``core.audit.record``.

The tables keep their first names (``access_auditevent``, ``access_auditchainhead``): the
models moved here from ``access`` without touching the database.
"""

import functools
import hashlib
import hmac
import json
from collections.abc import Sequence

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


# Built once: ``json.dumps`` with options makes a new encoder for every row it seals.
_encode_sealed = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


@functools.lru_cache(maxsize=16)
def _keyed(key: bytes) -> "hmac.HMAC":
    """HMAC-SHA256 with the key's inner and outer states made once: each row copies it
    instead of setting the key up again, which cost more than hashing the row."""
    return hmac.new(key, digestmod=hashlib.sha256)


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

    # What a row's seal covers, in this order: the one definition that writing a row
    # (``compute_hash``) and verifying the chain (``core.audit``, from plain tuples) share.
    SEALED_FIELDS = (
        "key_id",
        "prev_hash",
        "created_at",
        "actor_id",
        "organisation_id",
        "action",
        "object_type",
        "object_ref",
        "reason",
        "request_id",
    )

    class Meta:
        db_table = "access_auditevent"
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["id"]
        indexes = [
            # The case page's audit trail: one object's rows, newest first (casework/sections.py).
            models.Index(fields=["object_type", "object_ref", "-id"], name="audit_trail_of_object"),
        ]

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
        return self.seal(key, [getattr(self, name) for name in self.SEALED_FIELDS])

    @staticmethod
    def seal(key: bytes, values: Sequence) -> str:
        """The HMAC of one row's ``SEALED_FIELDS`` values, given in that order (a model's
        attributes or a ``values_list`` tuple: the chain walk seals millions without models)."""
        content = list(values)
        content[2] = content[2].isoformat()  # created_at
        sealed = _keyed(key).copy()
        sealed.update(_encode_sealed(content).encode())
        return sealed.hexdigest()


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


class AuditVerification(models.Model):
    """Where the last successful ``verify_audit`` run left the chain: its last row, that row's
    hash and the chain's length, sealed with an HMAC under the audit key (``core.audit``).

    The next run starts after it instead of at the genesis. The seal means that whoever can
    write the database but does not hold the key cannot move it forward over rows they
    edited. One row, replaced by each run; a full walk that finds a break removes it.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_id = models.PositiveBigIntegerField()  # 0 for an empty chain
    last_hash = models.CharField(max_length=64)
    count = models.PositiveBigIntegerField()
    verified_at = models.DateTimeField()
    key_id = models.CharField(max_length=8)
    mac = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"audit chain verified to row {self.last_id} ({self.count} rows)"
