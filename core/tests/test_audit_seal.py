"""The audit chain is keyed and can be anchored outside the database (issue 19, finding 3)."""

import base64
import hashlib
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core import audit
from core.actor import Actor
from core.audit import AuditAction, Checkpoint, checkpoint, verify_chain
from core.models import AuditChainHead, AuditEvent

OLD_KEY = b"o" * 32
NEW_KEY = b"n" * 32


def _write(n: int) -> list[AuditEvent]:
    return [
        audit.record(
            action=AuditAction.IDENTITY_REVEALED, actor=Actor.for_system(), object_type="participant", object_ref=i
        )
        for i in range(n)
    ]


def _delete_and_reseal(victim: AuditEvent, seal) -> None:
    """What an attacker with write access does: remove a row, re-seal the rest, fix the head."""
    AuditEvent.objects.filter(pk=victim.pk)._raw_delete(AuditEvent.objects.db)
    prev = "0" * 64
    rows = list(AuditEvent.objects.order_by("id"))
    for row in rows:
        row.prev_hash = prev
        row.hash = seal(row)
        AuditEvent.objects.filter(pk=row.pk).update(prev_hash=row.prev_hash, hash=row.hash)
        prev = row.hash
    AuditChainHead.objects.filter(id=1).update(last_hash=prev, count=len(rows))


def _plain_sha256(row: AuditEvent) -> str:
    """The seal before the chain was keyed: anyone could compute it."""
    content = [row.key_id, row.prev_hash, row.created_at.isoformat(), row.actor_id, row.organisation_id]
    content += [row.action, row.object_type, row.object_ref, row.reason, row.request_id]
    return hashlib.sha256(json.dumps(content, separators=(",", ":")).encode()).hexdigest()


def test_deleting_a_reveal_and_resealing_without_the_audit_key_is_detected(db, settings):
    events = _write(4)
    _delete_and_reseal(events[1], _plain_sha256)
    checked, problem = verify_chain()
    assert problem == f"row {events[0].pk}: content does not match its seal (the row was edited)"
    assert checked == 0


def test_resealing_with_a_guessed_key_is_detected(db):
    events = _write(4)
    _delete_and_reseal(events[2], lambda row: row.compute_hash(b"g" * 32))
    assert verify_chain()[1] is not None


def test_a_checkpoint_catches_a_rewrite_by_someone_who_holds_the_key(db, settings):
    events = _write(5)
    anchor = checkpoint()
    later = _write(2)
    key = settings.HOMECOMING_AUDIT_KEYS[0]
    _delete_and_reseal(events[1], lambda row: row.compute_hash(key))
    assert verify_chain() == (6, None)  # the key holder re-sealed the chain consistently
    checked, problem = verify_chain(anchor)
    assert problem.startswith(f"row {later[0].pk}: differs from the checkpoint")
    assert checked == 5


def test_a_checkpoint_catches_rows_removed_from_the_end(db):
    events = _write(3)
    anchor = checkpoint()
    key = audit._sealing_key()[1]
    _delete_and_reseal(events[2], lambda row: row.compute_hash(key))
    assert verify_chain(anchor)[1] == f"chain end: the checkpoint of {anchor.at} saw 3 rows, 2 are present"


def test_an_altered_checkpoint_is_refused(db):
    _write(2)
    forged = Checkpoint(**{**checkpoint().__dict__, "count": 1})
    assert verify_chain(forged) == (
        0,
        "the checkpoint's signature does not match (it was altered, or its key is not configured)",
    )


def test_rows_sealed_under_an_older_key_still_verify_after_rotation(db, settings):
    settings.HOMECOMING_AUDIT_KEYS = [OLD_KEY]
    _write(2)
    settings.HOMECOMING_AUDIT_KEYS = [NEW_KEY, OLD_KEY]
    _write(2)
    assert len(set(AuditEvent.objects.values_list("key_id", flat=True))) == 2
    assert verify_chain() == (4, None)
    settings.HOMECOMING_AUDIT_KEYS = [NEW_KEY]
    assert "which is not configured" in verify_chain()[1]


def test_verify_audit_appends_a_checkpoint_and_checks_against_the_last_one(db, tmp_path, capsys):
    _write(3)
    anchors = tmp_path / "audit-checkpoints"
    call_command("verify_audit", write_checkpoint=anchors)
    _write(1)
    call_command("verify_audit", checkpoint=anchors, write_checkpoint=anchors)
    lines = anchors.read_text().splitlines()
    assert [json.loads(line)["count"] for line in lines] == [3, 4]
    assert anchors.stat().st_mode & 0o777 == 0o600
    AuditChainHead.objects.filter(id=1).update(count=5)
    with pytest.raises(CommandError, match="rows at the end were removed"):
        call_command("verify_audit", checkpoint=anchors)


def test_verify_audit_names_a_missing_or_empty_checkpoint_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read the checkpoint file"):
        call_command("verify_audit", checkpoint=tmp_path / "missing")
    (tmp_path / "empty").write_text("")
    with pytest.raises(CommandError, match="holds no checkpoint"):
        call_command("verify_audit", checkpoint=tmp_path / "empty")


def test_the_test_audit_key_is_not_a_debug_placeholder(settings):
    assert settings.HOMECOMING_AUDIT_KEYS[0] == base64.urlsafe_b64decode("tZ3v0Xb3v1c8l2dJ0Q9m7Yw5rS4aK6pN1eH8fG2jU0o=")
