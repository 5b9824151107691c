"""The milestone actions: record, edit (with the lost-update guard) and remove, each audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework import actions
from casework.models import Milestone, MilestoneKind
from casework.tests import builders as case
from core.models import AuditEvent
from people.tests.builders import actor_of

DAY = datetime.date(2026, 2, 1)


def _rows(action: str):
    return AuditEvent.objects.filter(action=action)


def test_recording_a_milestone_writes_an_audit_row_naming_it_without_its_note(family, case_worker):
    milestone = case.milestone(family.mother, "employed", by=case_worker, reached_on=DAY, note="Bakery, mornings")
    assert (milestone.kind.code, milestone.reached_on, milestone.recorded_by) == ("employed", DAY, case_worker)
    row = _rows("milestone.recorded").get()
    assert (row.object_ref, row.actor) == (family.mother.code, case_worker)
    assert row.reason == f"milestone={milestone.pk} kind=employed"
    assert not AuditEvent.objects.filter(reason__contains="Bakery").exists()


def test_a_milestone_cannot_be_recorded_in_the_future(family, case_worker):
    with pytest.raises(ValidationError):
        case.milestone(
            family.mother, "employed", by=case_worker, reached_on=timezone.localdate() + datetime.timedelta(1)
        )
    assert not Milestone.objects.exists()


def test_an_edit_ends_a_milestone_and_raises_its_version(family, case_worker):
    milestone = case.milestone(family.mother, "employed", by=case_worker, reached_on=DAY)
    edited = actions.edit_milestone(
        actor=actor_of(case_worker),
        milestone=milestone,
        expected_version=1,
        reached_on=DAY,
        lost_on=DAY + datetime.timedelta(days=60),
        note="The shop closed",
    )
    assert (edited.version, edited.lost_on, edited.note) == (2, datetime.date(2026, 4, 2), "The shop closed")
    assert _rows("milestone.edited").get().reason == f"milestone={milestone.pk} kind=employed version=2 ended"
    assert not AuditEvent.objects.filter(reason__contains="shop").exists()
    assert milestone.history.count() == 2


def test_an_edit_from_an_older_version_is_refused_and_changes_nothing(family, case_worker, coordinator):
    milestone = case.milestone(family.mother, "employed", by=case_worker, reached_on=DAY)
    actions.edit_milestone(
        actor=actor_of(coordinator), milestone=milestone, expected_version=1, reached_on=DAY, lost_on=None, note="A"
    )
    with pytest.raises(actions.Conflict) as clash:
        actions.edit_milestone(
            actor=actor_of(case_worker), milestone=milestone, expected_version=1, reached_on=DAY, lost_on=None, note="B"
        )
    assert clash.value.current.note == "A"
    milestone.refresh_from_db()
    assert (milestone.note, milestone.version) == ("A", 2)
    assert _rows("milestone.edited").count() == 1


@pytest.mark.parametrize(
    "reached_on, lost_on, field",
    [
        (DAY, DAY - datetime.timedelta(days=1), "lost_on"),
        (DAY, timezone.localdate() + datetime.timedelta(days=1), "lost_on"),
        (timezone.localdate() + datetime.timedelta(days=1), None, "reached_on"),
    ],
)
def test_an_edit_with_impossible_dates_is_refused(family, case_worker, reached_on, lost_on, field):
    milestone = case.milestone(family.mother, "employed", by=case_worker, reached_on=DAY)
    with pytest.raises(ValidationError) as refused:
        actions.edit_milestone(
            actor=actor_of(case_worker),
            milestone=milestone,
            expected_version=1,
            reached_on=reached_on,
            lost_on=lost_on,
            note="",
        )
    assert list(refused.value.message_dict) == [field]
    milestone.refresh_from_db()
    assert (milestone.reached_on, milestone.lost_on, milestone.version) == (DAY, None, 1)


def test_removing_a_milestone_recorded_in_error_is_audited_and_kept_in_the_history(family, case_worker):
    milestone = case.milestone(family.mother, "documents_restored", by=case_worker, reached_on=DAY)
    actions.remove_milestone(actor=actor_of(case_worker), milestone=milestone, expected_version=1)
    assert not Milestone.objects.exists()
    assert _rows("milestone.removed").get().reason == f"milestone={milestone.pk} kind=documents_restored"
    assert Milestone.history.filter(id=milestone.pk, history_type="-").exists()


def test_removing_from_an_older_version_is_refused(family, case_worker):
    milestone = case.milestone(family.mother, "employed", by=case_worker, reached_on=DAY)
    actions.edit_milestone(
        actor=actor_of(case_worker), milestone=milestone, expected_version=1, reached_on=DAY, lost_on=None, note="x"
    )
    with pytest.raises(actions.Conflict):
        actions.remove_milestone(actor=actor_of(case_worker), milestone=milestone, expected_version=1)
    assert Milestone.objects.filter(pk=milestone.pk).exists()
    assert not _rows("milestone.removed").exists()


def test_the_nine_kinds_are_seeded_in_three_languages(db):
    kinds = MilestoneKind.objects.all()
    assert kinds.count() == 9
    assert all(kind.name_en and kind.name_ru and kind.name_kk for kind in kinds)
