"""Issuing a report: frozen, versioned, hashed, audited; only a coordinator issues."""

import hashlib
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent
from mel.reports import actions, content
from mel.reports.tests.conftest import draft, issued
from mel.tests.builders import person
from people.tests.builders import actor_of


def test_an_issued_version_holds_every_indicator_and_the_hash_of_its_canonical_json(
    coordinator, city_a, period, caseload
):
    version = issued(coordinator, city_a, period, what_worked="Housing desk")
    version.refresh_from_db()
    canonical = json.dumps(version.content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert version.content_hash == hashlib.sha256(canonical).hexdigest()
    assert version.number == 1
    assert version.content["period"] == period.code
    assert version.content["narrative"]["what_worked"] == "Housing desk"
    assert len(version.content["indicators"]) == len(__import__("mel.indicators").indicators.CATALOGUE)


def test_the_content_holds_keys_not_labels_so_the_hash_does_not_depend_on_the_language(
    coordinator, city_a, period, caseload
):
    from django.utils import translation

    report = draft(coordinator, city_a, period)
    with translation.override("ru"):
        russian = content.build(report.city, period, what_worked="", needed_from_government="")
    with translation.override("en"):
        english = content.build(report.city, period, what_worked="", needed_from_government="")
    assert content.content_hash(russian) == content.content_hash(english)
    assert "label" not in json.dumps(english)


def test_an_issued_version_keeps_its_numbers_when_the_caseload_changes_later(coordinator, city_a, period, caseload):
    version = issued(coordinator, city_a, period)
    before = (version.content, version.content_hash)
    for _ in range(5):
        person(city_a.social, arrived=period.start)
    version.refresh_from_db()
    assert (version.content, version.content_hash) == before


def test_a_correction_is_a_new_version_that_must_say_what_changed(coordinator, city_a, period, caseload):
    first = issued(coordinator, city_a, period)
    report = actions.start_correction(
        actor=actor_of(coordinator), report=first.report, expected_version=first.report.version
    )
    assert actions.is_draft(report)
    with pytest.raises(ValidationError):
        actions.issue(actor=actor_of(coordinator), report=report, expected_version=report.version)
    report = actions.save_draft(
        actor=actor_of(coordinator),
        report=report,
        expected_version=report.version,
        what_worked="",
        needed_from_government="",
        changes="Late entries of the quarter",
    )
    second = actions.issue(actor=actor_of(coordinator), report=report, expected_version=report.version)
    assert (second.number, second.changes) == (2, "Late entries of the quarter")
    first.refresh_from_db()
    assert first.changes == "" and first.number == 1


def test_an_issued_version_cannot_be_issued_again_without_a_correction(coordinator, city_a, period, caseload):
    version = issued(coordinator, city_a, period)
    report = version.report
    report.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.issue(actor=actor_of(coordinator), report=report, expected_version=report.version)


def test_a_save_against_an_older_version_is_refused_and_loses_nothing(coordinator, me_officer, city_a, period):
    report = draft(coordinator, city_a, period)
    stale = report.version
    actions.save_draft(
        actor=actor_of(me_officer),
        report=report,
        expected_version=stale,
        what_worked="First",
        needed_from_government="",
        changes="",
    )
    with pytest.raises(actions.Conflict) as clash:
        actions.save_draft(
            actor=actor_of(coordinator),
            report=report,
            expected_version=stale,
            what_worked="Second",
            needed_from_government="",
            changes="",
        )
    assert clash.value.current.what_worked == "First"
    with pytest.raises(actions.Conflict):
        actions.issue(actor=actor_of(coordinator), report=report, expected_version=stale)


def test_only_a_coordinator_issues(me_officer, coordinator, city_a, period):
    report = draft(coordinator, city_a, period)
    with pytest.raises(PermissionDenied):
        actions.issue(actor=actor_of(me_officer), report=report, expected_version=report.version)
    assert not report.versions.exists()


def test_every_step_is_audited_without_the_narrative(coordinator, city_a, period):
    version = issued(coordinator, city_a, period, what_worked="Secret-ish words", needed_from_government="More staff")
    rows = AuditEvent.objects.filter(object_type="report").order_by("pk")
    assert [row.action for row in rows] == ["report.drafted", "report.drafted", "report.issued"]
    assert rows.last().object_ref == f"{version.report_id} v1"
    assert not any("Secret-ish" in row.reason or "More staff" in row.reason for row in rows)


def test_starting_a_report_twice_gives_the_same_report(coordinator, city_a, period):
    assert draft(coordinator, city_a, period).pk == draft(coordinator, city_a, period).pk


def test_a_report_covers_a_quarter_or_a_year_not_a_month(coordinator, city_a):
    from mel.periods import Period

    with pytest.raises(ValidationError):
        actions.start_report(actor=actor_of(coordinator), city=city_a.city, period=Period.month(2026, 1))
