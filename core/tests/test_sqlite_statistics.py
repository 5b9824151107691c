"""SQLite gets the statistics its planner needs once per process; PostgreSQL keeps its own (autovacuum)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.apps import _sqlite_statistics


def test_sqlite_is_given_statistics_once_per_process_and_postgresql_is_left_alone(db, monkeypatch):
    monkeypatch.setattr(_sqlite_statistics, "done", False, raising=False)
    with CaptureQueriesContext(connection) as first:
        _sqlite_statistics(sender=None, connection=connection)
    with CaptureQueriesContext(connection) as second:
        _sqlite_statistics(sender=None, connection=connection)
    if connection.vendor == "sqlite":
        assert [q["sql"] for q in first.captured_queries] == ["PRAGMA analysis_limit=1000", "ANALYZE"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert cursor.fetchone() == (1,)
    else:
        assert first.captured_queries == []
    assert second.captured_queries == []
