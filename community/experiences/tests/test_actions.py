"""The actions write one audit row each, naming the record's id and never its text."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from community.experiences import actions
from community.experiences.tests.helpers import WHAT_HAPPENED, WHAT_WAS_DONE, civic, incident
from core.audit import verify_chain
from core.models import AuditEvent
from people.tests.builders import actor_of


def _rows(action: str):
    return list(AuditEvent.objects.filter(action=action))


def test_recording_an_incident_audits_its_id_only(family, case_worker):
    record = incident(family.mother, by=case_worker, setting="housing")
    (row,) = _rows("stigma.recorded")
    assert (row.object_ref, row.reason, row.actor) == (family.mother.code, f"incident={record.pk}", case_worker)
    assert "housing" not in row.reason and WHAT_HAPPENED not in row.reason and WHAT_WAS_DONE not in row.reason


def test_removing_an_incident_audits_its_id_only(family, case_worker):
    record = incident(family.mother, by=case_worker)
    pk = record.pk
    actions.remove_incident(actor=actor_of(case_worker), incident=record)
    (row,) = _rows("stigma.removed")
    assert row.reason == f"incident={pk}" and verify_chain()[1] is None


def test_civic_participation_audits_its_id_and_kind_never_the_note(family, coordinator):
    record = civic(family.mother, by=coordinator, note="Charity run for the hospital")
    pk = record.pk
    actions.remove_civic(actor=actor_of(coordinator), civic=record)
    recorded, removed = _rows("civic.recorded"), _rows("civic.removed")
    assert [r.reason for r in recorded + removed] == [f"civic={pk} kind=volunteering"] * 2
    assert all("Charity" not in r.reason for r in recorded + removed)


def test_the_actions_refuse_dates_whatever_the_caller(family, case_worker):
    with pytest.raises(ValidationError):
        incident(family.son, by=case_worker, on=datetime.date(2010, 1, 1))
    with pytest.raises(ValidationError):
        civic(family.mother, by=case_worker, on=datetime.date(2026, 2, 1), until=datetime.date(2026, 1, 1))
    assert not AuditEvent.objects.filter(action__in=["stigma.recorded", "civic.recorded"]).exists()
