"""A database that cannot answer gives a calm 503 page with Retry-After, never a server error or a
stack trace; the page renders without a single query; a write that fails half-way leaves nothing.

The database "goes down" through an execute wrapper that raises, as Django's backends do, an
OperationalError whose cause is the driver's own error: psycopg's with its SQLSTATE, or a real
SQLite error made on a throwaway in-memory database."""

import logging
import sqlite3
import time
from contextlib import contextmanager

import psycopg
import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse

from accounts.middleware import LAST_SEEN_KEY
from casework.models import ContactNote
from homecoming.errors import RETRY_AFTER, database_unavailable


def _sqlite_error(statements: list[str]) -> sqlite3.Error:
    """The error SQLite itself raises for these statements, with its result code."""
    database = sqlite3.connect(":memory:")
    try:
        for statement in statements:
            database.execute(statement)
    except sqlite3.Error as error:
        return error
    finally:
        database.close()
    raise AssertionError("no error")


def sqlite_full() -> sqlite3.Error:
    return _sqlite_error(
        [
            "CREATE TABLE t (x)",
            "PRAGMA max_page_count = 2",
            "INSERT INTO t VALUES (zeroblob(100000))",
        ]
    )


def sqlite_missing_table() -> sqlite3.Error:
    return _sqlite_error(["SELECT * FROM no_such_table"])


def wrapped(cause: Exception) -> OperationalError:
    """As Django's backends raise it: its own class, the driver's error as the cause."""
    try:
        raise OperationalError(str(cause)) from cause
    except OperationalError as error:
        return error


@contextmanager
def database_failing(cause: Exception, *, when: str = ""):
    """Every query (or each whose SQL contains ``when``) fails with ``cause``."""

    def fail(execute, sql, params, many, context):
        if when in sql:
            raise wrapped(cause)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        yield


def assert_calm(response, sentence: str = "cannot reach its database") -> str:
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER)
    page = response.content.decode()
    assert "Please try again in a minute" in page
    assert sentence in page
    assert "Nothing is ever half-saved" in page
    assert "Traceback" not in page and "OperationalError" not in page
    return page


@pytest.fixture
def browser(client, case_worker):
    # A failure outside a view reaches the page through Django's 500 handler, after the signal the
    # test client would otherwise re-raise the exception from.
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(case_worker)
    return signed_in


def test_a_page_asked_for_while_the_database_is_down_is_the_calm_503_page_rendered_without_a_query(browser, family):
    # The session is the first thing read: the failure comes from a middleware, before any view.
    with database_failing(psycopg.OperationalError("connection refused")):
        response = browser.get(reverse("participant", args=[family.mother.code]))
    assert_calm(response)
    assert "no-store" in response["Cache-Control"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_view_that_loses_the_database_half_way_gives_the_same_page(browser, family):
    # The middleware read the session and the membership; the case page's own reads fail.
    with database_failing(psycopg.errors.AdminShutdown(), when='"casework_contactnote"'):
        response = browser.get(reverse("participant", args=[family.mother.code]))
    assert_calm(response)


def test_a_note_whose_audit_row_cannot_be_written_is_not_saved_at_all(browser, family):
    before = ContactNote.objects.count()
    form = {"occurred_on": "2026-01-05", "kind": "visit", "text": "Home visit.", "sensitivity": "team"}
    with database_failing(psycopg.OperationalError("server closed the connection"), when='"access_auditevent"'):
        response = browser.post(reverse("note_new", args=[family.mother.code]), form)
    assert_calm(response)
    assert ContactNote.objects.count() == before


def test_a_session_that_cannot_be_saved_is_not_shown_as_a_bad_request(browser, family):
    # Django turns a failed session save into "the session was interrupted" (a 400): raised while
    # handling the database's error, which is what the user is told about.
    session = browser.session
    session[LAST_SEEN_KEY] = int(time.time()) - 120  # the idle timer's stamp is due to be renewed
    session.save()
    with database_failing(psycopg.OperationalError("server closed the connection"), when='UPDATE "django_session"'):
        response = browser.get(reverse("participant", args=[family.mother.code]))
    assert_calm(response)


def test_a_full_disk_says_that_the_server_needs_room(browser, family):
    with database_failing(sqlite_full(), when='"casework_contactnote"'):
        response = browser.get(reverse("participant", args=[family.mother.code]))
    assert_calm(response, "run out of storage space")


def test_an_error_that_trying_again_would_not_mend_stays_a_server_error(browser, family):
    with database_failing(sqlite_missing_table(), when='"casework_contactnote"'):
        response = browser.get(reverse("participant", args=[family.mother.code]))
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_the_503_is_logged_as_codes_without_the_message_or_a_traceback(browser, family, caplog):
    with caplog.at_level(logging.INFO), database_failing(psycopg.errors.CannotConnectNow("secret detail")):
        assert browser.get(reverse("participant", args=[family.mother.code])).status_code == 503
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.name for r in errors] == ["homecoming.errors"]
    line = errors[0].getMessage()
    assert "57P03" in line and "503" in line
    assert "secret detail" not in line and errors[0].exc_info is None


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (wrapped(psycopg.OperationalError("connection failed")), "unavailable"),
        (wrapped(psycopg.errors.AdminShutdown()), "unavailable"),
        (wrapped(psycopg.errors.ConnectionFailure()), "unavailable"),
        (wrapped(psycopg.errors.TooManyConnections()), "unavailable"),
        (wrapped(psycopg.errors.DeadlockDetected()), "unavailable"),
        (wrapped(psycopg.errors.DiskFull()), "disk_full"),
        (wrapped(psycopg.errors.UndefinedTable()), ""),
        (wrapped(sqlite_full()), "disk_full"),
        (wrapped(sqlite_missing_table()), ""),
        (InterfaceError("connection already closed"), "unavailable"),
        (ValueError("not the database"), ""),
    ],
)
def test_which_database_errors_mean_try_again(error, reason):
    assert database_unavailable(error) == reason
