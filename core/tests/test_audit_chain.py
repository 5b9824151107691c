import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from core import audit
from core.actor import Actor
from core.audit import AuditAction, verify_chain
from core.models import AuditChainHead, AuditEvent


def _write(n: int, **kwargs) -> list[AuditEvent]:
    actor = Actor.for_system()
    return [
        audit.record(action=AuditAction.SIGNED_IN, actor=actor, object_type="thing", object_ref=i, **kwargs)
        for i in range(n)
    ]


def test_each_row_stores_the_hash_of_the_row_before_it(db):
    first, second, third = _write(3)
    assert first.prev_hash == "0" * 64
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert verify_chain() == (3, None)


def test_verify_audit_exits_zero_on_an_intact_chain(db, capsys):
    _write(5)
    call_command("verify_audit")
    assert "intact: 5 rows" in capsys.readouterr().out


def test_editing_a_row_by_hand_is_detected_and_named(db):
    events = _write(5)
    AuditEvent.objects.filter(pk=events[2].pk).update(reason="changed afterwards")
    with pytest.raises(CommandError, match=f"row {events[2].pk}"):
        call_command("verify_audit")


def test_editing_a_row_with_raw_sql_is_detected(db):
    events = _write(3)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE access_auditevent SET action = %s WHERE id = %s", ["auth.signed_out", events[1].pk])
    _, problem = verify_chain()
    assert problem.startswith(f"row {events[1].pk}")


def test_deleting_a_row_in_the_middle_is_detected(db):
    events = _write(4)
    AuditEvent.objects.filter(pk=events[1].pk)._raw_delete(connection.alias)
    _, problem = verify_chain()
    assert problem.startswith(f"row {events[2].pk}")


def test_deleting_the_last_rows_is_detected(db):
    events = _write(4)
    AuditEvent.objects.filter(pk__gte=events[2].pk)._raw_delete(connection.alias)
    _, problem = verify_chain()
    assert problem.startswith("chain end")


def test_rehashing_an_edited_row_still_breaks_the_next_one(db, settings):
    events = _write(3)
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.reason = "forged"
    forged_hash = forged.compute_hash(settings.HOMECOMING_AUDIT_KEYS[0])
    AuditEvent.objects.filter(pk=forged.pk).update(reason="forged", hash=forged_hash)
    _, problem = verify_chain()
    assert problem.startswith(f"row {events[2].pk}")


def test_the_model_refuses_updates_and_deletes(db):
    (event,) = _write(1)
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_the_request_id_is_recorded(client, cso_partner):
    from accounts.tests.helpers import sign_in

    response = sign_in(client, cso_partner)
    event = AuditEvent.objects.get(action="auth.signed_in")
    assert event.request_id == response["X-Request-ID"]


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_keep_one_chain(django_db_blocker):
    """Several threads, each with its own database connection, append at once."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server with concurrent connections; runs in the PostgreSQL pass of make test")
    writers, per_writer = 8, 25
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            barrier.wait()
            for i in range(per_writer):
                audit.record(action=AuditAction.SIGNED_IN, actor=Actor.for_system(), object_ref=i)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert verify_chain() == (writers * per_writer, None)
    assert AuditChainHead.objects.get().count == writers * per_writer
    assert AuditEvent.objects.values("prev_hash").distinct().count() == writers * per_writer
