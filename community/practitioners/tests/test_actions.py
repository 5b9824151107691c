"""The actions: who is counted how, what they refuse, the audit rows they leave (ids only)."""

import datetime
from decimal import Decimal

import pytest

from community.models import SupportSession, TrainingSession
from community.practitioners import actions
from community.practitioners.tests.builders import course
from conftest import make_user
from core.models import AuditEvent
from directory.models import Discipline, Role
from people.tests.builders import actor_of


def test_named_attendees_are_counted_by_the_discipline_of_their_membership(coordinator, city_a):
    teacher = make_user("a.teacher", organisation=city_a.social, role=Role.SPECIALIST, discipline=Discipline.TEACHER)
    partner = make_user("a.partner", organisation=city_a.social, role=Role.PARTNER)
    assert actions.discipline_of(teacher.memberships.get()) == "teacher"
    assert actions.discipline_of(coordinator.memberships.get()) == "manager"
    assert actions.discipline_of(partner.memberships.get()) == "other"


def test_a_session_naming_someone_of_another_organisation_is_refused(coordinator, cso_partner, city_a):
    with pytest.raises(ValueError):
        actions.record_training_session(
            actor=actor_of(coordinator),
            course=course(coordinator),
            trainer_organisation=city_a.social,
            city=city_a.city,
            held_on=datetime.date(2026, 1, 5),
            named=[cso_partner.memberships.get()],
        )
    assert not TrainingSession.objects.exists()


def test_support_with_an_attendee_of_another_organisation_is_refused(coordinator, cso_partner):
    with pytest.raises(ValueError):
        actions.record_support_session(
            actor=actor_of(coordinator),
            kind="peer_support",
            held_on=datetime.date(2026, 1, 5),
            hours=Decimal("1"),
            external=False,
            attendees=[cso_partner.memberships.get()],
        )
    assert not SupportSession.objects.exists()


def test_the_audit_rows_carry_ids_and_no_names(coordinator, case_worker, city_a):
    case_worker.first_name = "Saule"
    case_worker.save(update_fields=["first_name"])
    trauma = course(coordinator, title="Trauma-informed care")
    actions.record_training_session(
        actor=actor_of(coordinator),
        course=trauma,
        trainer_organisation=city_a.social,
        city=city_a.city,
        held_on=datetime.date(2026, 1, 5),
        named=[case_worker.memberships.get()],
    )
    actions.record_support_session(
        actor=actor_of(coordinator),
        kind="supervision",
        held_on=datetime.date(2026, 1, 5),
        hours=Decimal("2"),
        external=True,
        attendees=[case_worker.memberships.get()],
    )
    rows = AuditEvent.objects.filter(
        action__in=["training.course_saved", "training.session_recorded", "support.session_recorded"]
    )
    assert rows.count() == 3
    for row in rows:
        assert row.object_ref.isdigit() and row.organisation == city_a.social
        assert "Saule" not in row.reason and "Trauma" not in row.reason


def test_save_course_refuses_fields_a_course_does_not_have(coordinator):
    with pytest.raises(TypeError):
        actions.save_course(actor=actor_of(coordinator), title="x", participant="y")
