"""verify_audit checks only the rows written since its last run, from a checkpoint stored in the
database and sealed with the audit key; --full walks the whole chain (issue 15, point 3)."""

import datetime
import hashlib
import hmac
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import audit
from core.actor import Actor
from core.audit import AuditAction, verify
from core.models import AuditChainHead, AuditEvent, AuditVerification

OLD_KEY = b"o" * 32
NEW_KEY = b"n" * 32


def _write(n: int) -> list[AuditEvent]:
    return [
        audit.record(
            action=AuditAction.HEALTH_VIEWED, actor=Actor.for_system(), object_type="participant", object_ref=i
        )
        for i in range(n)
    ]


def _edit(event: AuditEvent) -> None:
    AuditEvent.objects.filter(pk=event.pk).update(reason="changed afterwards")


def _run(capsys, **options) -> str:
    call_command("verify_audit", **options)
    return capsys.readouterr().out


def test_a_second_run_checks_only_the_rows_written_since_the_first(db, capsys):
    _write(5)
    assert "Audit chain intact: 5 rows." in _run(capsys)
    _write(3)
    assert "Audit chain intact: 8 rows, 3 checked now, 5 before." in _run(capsys)
    assert "Audit chain intact: 8 rows, 0 checked now, 8 before." in _run(capsys)


def test_a_run_with_nothing_new_reads_no_rows_of_the_log_but_the_last_one_it_checked(db):
    events = _write(5)
    verify()
    with CaptureQueriesContext(connection) as queries:
        result = verify()
    assert (result.checked, result.count, result.problem) == (0, 5, None)
    row_reads = [q["sql"] for q in queries.captured_queries if '"access_auditevent"' in q["sql"]]
    # the row the checkpoint names, then the (empty) batch after it
    assert len(row_reads) == 2
    assert str(events[-1].pk) in row_reads[0]


def test_the_walk_reads_rows_in_batches_not_one_query_per_row(db, monkeypatch):
    monkeypatch.setattr(audit, "WALK_BATCH", 4)

    def queries_of_a_full_walk(rows: int) -> int:
        _write(rows)
        with CaptureQueriesContext(connection) as queries:
            assert verify(full=True).problem is None
        return sum('"access_auditevent"' in q["sql"] for q in queries.captured_queries)

    assert queries_of_a_full_walk(8) == 3  # two full batches, then an empty one
    AuditEvent.objects.all()._raw_delete(connection.alias)
    AuditChainHead.objects.all().delete()
    assert queries_of_a_full_walk(16) == 5


def test_an_edited_row_after_the_checkpoint_is_caught(db):
    _write(3)
    verify()
    later = _write(3)
    _edit(later[1])
    with pytest.raises(CommandError, match=f"row {later[1].pk}: content does not match its seal"):
        call_command("verify_audit")


def test_an_edited_row_before_the_checkpoint_is_caught_by_the_full_walk_and_not_forgotten(db, capsys):
    events = _write(5)
    verify()
    _edit(events[1])
    # The known limit of the daily run: it trusts what an earlier run checked.
    assert "Audit chain intact: 5 rows, 0 checked now, 5 before." in _run(capsys)
    with pytest.raises(CommandError, match=f"row {events[1].pk}: content does not match its seal"):
        call_command("verify_audit", full=True)
    # The full walk's finding stands: the stored checkpoint is gone, so the daily run walks the
    # whole chain again and fails the same way instead of reporting the chain intact.
    assert not AuditVerification.objects.exists()
    with pytest.raises(CommandError, match=f"row {events[1].pk}: content does not match its seal"):
        call_command("verify_audit")


def test_a_forged_stored_checkpoint_is_refused_and_a_full_walk_is_demanded(db, capsys):
    _write(3)
    verify()
    later = _write(2)
    _edit(later[0])
    # Someone who can write the database but lacks the key moves the checkpoint over the edited rows.
    AuditVerification.objects.filter(id=1).update(last_id=later[-1].pk, last_hash=later[-1].hash, count=5)
    with pytest.raises(CommandError) as refused:
        call_command("verify_audit")
    message = str(refused.value)
    assert "The audit chain was not checked: the stored checkpoint: its seal does not match" in message
    assert "Run verify_audit --full" in message
    with pytest.raises(CommandError, match=f"row {later[0].pk}: content does not match its seal"):
        call_command("verify_audit", full=True)


def test_a_full_walk_replaces_a_stored_checkpoint_whose_seal_is_broken(db, capsys):
    _write(3)
    verify()
    AuditVerification.objects.filter(id=1).update(mac="0" * 64)
    with pytest.raises(CommandError, match="not checked"):
        call_command("verify_audit")
    assert "Audit chain intact: 3 rows." in _run(capsys, full=True)
    assert "Audit chain intact: 3 rows, 0 checked now, 3 before." in _run(capsys)


def test_a_stored_checkpoint_naming_an_edited_or_deleted_row_is_refused(db):
    events = _write(3)
    verify()
    _edit(events[-1])
    assert verify().problem == f"the stored checkpoint: row {events[-1].pk}, where it ends, was edited"
    AuditEvent.objects.filter(pk=events[-1].pk)._raw_delete(connection.alias)
    result = verify()
    assert result.needs_full
    assert result.problem == f"the stored checkpoint: row {events[-1].pk}, where it ends, is gone (rows were deleted)"


def test_a_deleted_last_row_is_caught_by_the_head_count(db):
    _write(3)
    verify()
    later = _write(2)
    AuditEvent.objects.filter(pk=later[-1].pk)._raw_delete(connection.alias)
    with pytest.raises(CommandError, match="chain end: 5 rows were written but 4 are present"):
        call_command("verify_audit")


def test_rows_appended_while_the_walk_runs_are_walked_too_not_taken_for_removed_rows(db, monkeypatch):
    _write(3)
    real_head = audit._head
    calls = []

    def head_after_a_new_row():
        calls.append(1)
        if len(calls) == 2:  # between the walk's last read and the comparison with the head
            _write(1)
        return real_head()

    monkeypatch.setattr(audit, "_head", head_after_a_new_row)
    result = verify()
    assert (result.count, result.problem) == (4, None)


def test_rows_sealed_under_an_older_key_still_verify_after_rotation(db, settings, capsys):
    settings.HOMECOMING_AUDIT_KEYS = [OLD_KEY]
    _write(2)
    verify()
    settings.HOMECOMING_AUDIT_KEYS = [NEW_KEY, OLD_KEY]
    _write(2)
    assert "Audit chain intact: 4 rows, 2 checked now, 2 before." in _run(capsys)
    assert AuditVerification.objects.get().key_id == audit._sealing_key()[0]
    assert "Audit chain intact: 4 rows." in _run(capsys, full=True)


def test_a_checkpoint_sealed_under_a_retired_key_demands_a_full_walk(db, settings):
    settings.HOMECOMING_AUDIT_KEYS = [OLD_KEY]
    _write(2)
    verify()
    settings.HOMECOMING_AUDIT_KEYS = [NEW_KEY]
    result = verify()
    assert result.needs_full and "its audit key is no longer configured" in result.problem
    # and the full walk then says why the chain cannot be checked without that key
    with pytest.raises(CommandError, match="which is not configured"):
        call_command("verify_audit", full=True)


def test_a_file_checkpoint_makes_the_run_walk_the_whole_chain(db, tmp_path, capsys):
    events = _write(4)
    verify()
    _edit(events[0])
    with pytest.raises(CommandError, match=f"row {events[0].pk}"):
        call_command("verify_audit", write_checkpoint=tmp_path / "anchors")
    assert not (tmp_path / "anchors").exists()


def test_progress_is_reported_as_counts_only(db, monkeypatch, capsys):
    monkeypatch.setattr(audit, "WALK_BATCH", 2)
    monkeypatch.setattr(audit, "PROGRESS_EVERY", 2)
    _write(5)
    call_command("verify_audit")
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(" (")[0] for line in lines] == ["Checked 2 of about 5 rows", "Checked 4 of about 5 rows"]


def test_a_row_is_sealed_the_same_from_its_model_and_from_a_tuple_as_before(db, settings):
    (event,) = _write(1)
    key = settings.HOMECOMING_AUDIT_KEYS[0]
    values = AuditEvent.objects.filter(pk=event.pk).values_list(*AuditEvent.SEALED_FIELDS).get()
    # The content as the chain has always sealed it: a faster walk must not change a single byte.
    content = [event.key_id, event.prev_hash, event.created_at.isoformat(), event.actor_id, event.organisation_id]
    content += [event.action, event.object_type, event.object_ref, event.reason, event.request_id]
    encoded = json.dumps(content, separators=(",", ":"), ensure_ascii=False).encode()
    assert event.hash == AuditEvent.seal(key, values) == hmac.new(key, encoded, hashlib.sha256).hexdigest()


def test_the_case_page_audit_trail_is_read_through_its_index(db):
    query = AuditEvent.objects.filter(object_type="participant", object_ref="K7QF-2M9D").order_by("-id")[:50]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")  # a near-empty table would be scanned anyway
        plan = query.explain()
        if connection.vendor == "postgresql":
            cursor.execute("RESET enable_seqscan")
    assert "audit_trail_of_object" in plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan  # the index gives the order too


@pytest.mark.parametrize("key", [b"k" * 32, b"short", b"x" * 64, b"l" * 100])
def test_a_seal_is_hmac_sha256_of_the_json_content_for_any_length_of_key(key):
    at = datetime.datetime(2026, 11, 30, 9, 15, 0, 120000, tzinfo=datetime.UTC)
    values = [
        "abcd1234",
        "0" * 64,
        at,
        12,
        None,
        "identity.revealed",
        "participant",
        "K7QF-2M9D",
        'қайта қарау "x" \u2028',
        "",
    ]
    content = [*values[:2], at.isoformat(), *values[3:]]
    encoded = json.dumps(content, separators=(",", ":"), ensure_ascii=False).encode()
    assert AuditEvent.seal(key, values) == hmac.new(key, encoded, hashlib.sha256).hexdigest()
