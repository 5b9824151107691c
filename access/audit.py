"""Writing to the hash-chained audit log. Every audited event goes through ``record``."""

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from access.models import GENESIS_HASH, AuditChainHead, AuditEvent
from homecoming.middleware import current_request_id


def record(
    *,
    action: str,
    actor=None,
    organisation=None,
    object_type: str = "",
    object_ref: str | int = "",
    reason: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    if request is not None:
        if actor is None and getattr(request, "user", None) is not None and request.user.is_authenticated:
            actor = request.user
        if organisation is None:
            membership = getattr(request, "membership", None)
            organisation = membership.organisation if membership else None
    request_id = getattr(request, "request_id", "") if request is not None else current_request_id()
    with transaction.atomic():
        # The row lock queues concurrent writers on PostgreSQL; on SQLite the IMMEDIATE
        # transaction mode already holds the database's write lock here.
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        event = AuditEvent(
            created_at=timezone.now(),
            actor=actor,
            organisation=organisation,
            action=action,
            object_type=object_type,
            object_ref=str(object_ref),
            reason=reason,
            request_id=request_id or "",
            prev_hash=head.last_hash,
        )
        event.hash = event.compute_hash()
        event.save()
        head.last_hash = event.hash
        head.count += 1
        head.save(update_fields=["last_hash", "count"])
    return event


def for_participant(action: str, participant, *, request: HttpRequest, reason: str = "") -> AuditEvent:
    """The usual audit row of case work: this action, on this participant's code."""
    return record(action=action, object_type="participant", object_ref=participant.code, reason=reason, request=request)


def verify_chain() -> tuple[int, str | None]:
    """Walk the whole chain. Returns (rows checked, description of the first break or None)."""

    expected_prev = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != expected_prev:
            return checked, f"row {event.pk}: does not follow the row before it (a row was deleted or edited)"
        if event.compute_hash() != event.hash:
            return checked, f"row {event.pk}: content does not match its hash (the row was edited)"
        expected_prev = event.hash
        checked += 1
    head = AuditChainHead.objects.filter(id=1).first()
    head_hash, head_count = (head.last_hash, head.count) if head else (GENESIS_HASH, 0)
    if head_hash != expected_prev or head_count != checked:
        return (
            checked,
            f"chain end: {head_count} rows were written but {checked} are present (rows at the end were removed)",
        )
    return checked, None
