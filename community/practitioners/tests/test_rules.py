"""Who reads and records training, and who reads supervision and peer support (rules.py)."""

import pytest
from django.http import Http404

from community.practitioners import rules
from community.practitioners.tests.builders import course, training
from conftest import make_user
from directory.models import Jurisdiction, Organisation, Role

CITY_A_MEMBERS = [
    "coordinator",
    "case_worker",
    "psychologist",
    "cso_partner",
    "police_partner",
    "me_officer",
    "network_editor",
    "administrator",
]


@pytest.mark.parametrize("persona", CITY_A_MEMBERS)
def test_every_member_of_an_organisation_of_the_city_reads_its_sessions(request, persona, coordinator):
    session = training(coordinator, course(coordinator), groups=[("school", "teacher", 12)])
    access = rules.training_access(request.getfixturevalue(persona).memberships.get())
    assert rules.open_session(access, session.pk) == session
    assert list(access.courses()) == [session.course]


@pytest.mark.parametrize("persona", ["other_coordinator", "other_case_worker"])
def test_members_in_another_city_neither_read_the_session_nor_see_the_course(request, persona, coordinator):
    session = training(coordinator, course(coordinator), groups=[("school", "teacher", 12)])
    access = rules.training_access(request.getfixturevalue(persona).memberships.get())
    with pytest.raises(Http404):
        rules.open_session(access, session.pk)
    assert not access.courses().exists()


def test_someone_without_a_membership_has_no_training_page(outsider):
    with pytest.raises(Http404):
        rules.training_access(None)


def test_the_national_m_and_e_officer_reads_every_city(coordinator, other_coordinator, country):
    national = Organisation.objects.create(
        slug="national", name="National", kind="national_agency", jurisdiction=country
    )
    officer = make_user("national.me", organisation=national, role=Role.ME_OFFICER)
    in_a = training(coordinator, course(coordinator), groups=[("school", "teacher", 3)])
    in_b = training(other_coordinator, course(other_coordinator), groups=[("health", "doctor", 4)])
    access = rules.training_access(officer.memberships.get())
    assert {city.slug for city in access.cities} == {"almaty", "shymkent"}
    assert set(access.sessions()) == {in_a, in_b}
    assert not access.records


def test_a_city_m_and_e_officer_reads_its_city_only(me_officer, city_b):
    access = rules.training_access(me_officer.memberships.get())
    assert [city.slug for city in access.cities] == ["almaty"]


@pytest.mark.parametrize("persona", ["coordinator", "other_coordinator"])
def test_coordinators_record_for_their_own_city(request, persona):
    access = rules.recording_access(request.getfixturevalue(persona).memberships.get())
    assert access.records and access.city.level == Jurisdiction.Level.CITY


def test_a_coordinator_of_any_kind_of_organisation_records(city_a):
    cso_coordinator = make_user("a.cso.coordinator", organisation=city_a.cso, role=Role.COORDINATOR)
    assert rules.recording_access(cso_coordinator.memberships.get()).city == city_a.city


@pytest.mark.parametrize("persona", [p for p in CITY_A_MEMBERS if p != "coordinator"])
def test_nobody_but_a_coordinator_records_training(request, persona):
    with pytest.raises(Http404):
        rules.recording_access(request.getfixturevalue(persona).memberships.get())


def test_a_coordinator_edits_the_courses_of_its_city_and_not_another_citys(coordinator, other_coordinator, city_a):
    ours, cso_course = course(coordinator), course(coordinator, organisation=city_a.cso, title="Stigma")
    theirs = course(other_coordinator)
    access = rules.recording_access(coordinator.memberships.get())
    assert set(access.editable_courses()) == {ours, cso_course}
    with pytest.raises(Http404):
        rules.open_course_to_edit(access, theirs.pk)


def test_named_attendees_show_only_to_members_of_their_organisation(coordinator, case_worker, city_a):
    session = training(coordinator, course(coordinator), named=[case_worker])
    cso_coordinator = make_user("a.cso.coordinator", organisation=city_a.cso, role=Role.COORDINATOR)
    own = rules.training_access(coordinator.memberships.get())
    other = rules.training_access(cso_coordinator.memberships.get())
    assert [attendance.user for attendance in own.named_attendance(session)] == [case_worker]
    assert not other.named_attendance(session).exists()


@pytest.mark.parametrize("persona", [p for p in CITY_A_MEMBERS if p != "coordinator"] + ["outsider"])
def test_supervision_is_for_the_coordinator_of_the_organisation_only(request, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(Http404):
        rules.support_membership(user.memberships.first())


def test_the_coordinator_reads_its_own_organisations_supervision(coordinator):
    assert rules.support_membership(coordinator.memberships.get()).organisation.slug == "almaty-social"
