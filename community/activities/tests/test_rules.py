"""Who reads, records, edits and removes community activities, per persona and across two cities."""

import pytest
from django.http import Http404

from community.activities import rules
from community.activities.tests.builders import activity
from conftest import make_user
from directory.models import Organisation, Role

READERS = ["coordinator", "case_worker", "psychologist", "cso_partner", "police_partner", "me_officer"]
RECORDERS = ["coordinator", "case_worker", "psychologist", "cso_partner", "police_partner"]
NOBODY = ["network_editor", "administrator", "outsider"]


def membership(user):
    return user.memberships.first()


@pytest.fixture
def national_me(country):
    agency = Organisation.objects.create(
        slug="national", name="National Programme Office", kind="national_agency", jurisdiction=country
    )
    return make_user("national.me", organisation=agency, role=Role.ME_OFFICER)


def test_everyone_working_in_the_city_reads_its_activities_and_no_one_else(personas, case_worker):
    recorded = activity(case_worker)
    for name in READERS:
        assert rules.may_read(membership(personas[name])), name
        assert list(rules.activities_readable(membership(personas[name]))) == [recorded], name
    for name in [*NOBODY, "other_coordinator", "other_case_worker"]:
        assert recorded not in rules.activities_readable(membership(personas[name])), name
    for name in NOBODY:
        assert not rules.may_read(membership(personas[name])), name


def test_an_activity_of_another_city_and_one_that_does_not_exist_are_404_alike(case_worker, other_coordinator):
    recorded = activity(case_worker)
    reader = membership(other_coordinator)
    assert rules.may_read(reader)
    for activity_id in (recorded.pk, recorded.pk + 1000):
        with pytest.raises(Http404):
            rules.readable_activity(reader, activity_id)


def test_the_other_city_reads_its_own_activities_only(case_worker, other_case_worker):
    ours, theirs = activity(case_worker), activity(other_case_worker, district="Abay")
    assert theirs.city.slug == "shymkent"
    assert list(rules.activities_readable(membership(other_case_worker))) == [theirs]
    assert list(rules.activities_readable(membership(case_worker))) == [ours]


def test_the_national_me_officer_reads_every_citys_activities_but_records_none(
    national_me, case_worker, other_case_worker
):
    both = {activity(case_worker), activity(other_case_worker)}
    reader = membership(national_me)
    assert rules.reads_every_city(reader) and rules.may_read(reader)
    assert set(rules.activities_readable(reader)) == both
    assert {city.slug for city in rules.readable_cities(reader)} == {"almaty", "shymkent"}
    assert not rules.may_record(reader)


def test_a_citys_me_officer_reads_but_does_not_record(me_officer, case_worker):
    recorded = activity(case_worker)
    assert rules.readable_activity(membership(me_officer), recorded.pk) == recorded
    assert not rules.may_record(membership(me_officer))
    assert not rules.reads_every_city(membership(me_officer))
    assert list(rules.readable_cities(membership(me_officer))) == [recorded.city]


def test_the_roles_that_do_the_work_record_and_the_others_do_not(personas):
    for name in [*RECORDERS, "other_coordinator", "other_case_worker"]:
        assert rules.may_record(membership(personas[name])), name
    for name in [*NOBODY, "me_officer"]:
        assert not rules.may_record(membership(personas[name])), name


def test_only_the_organising_organisation_edits_and_only_its_coordinator_removes(personas):
    recorded = activity(personas["case_worker"])  # city A's social services
    editors = {"coordinator", "case_worker", "psychologist"}
    for name, user in personas.items():
        assert rules.may_edit(membership(user), recorded) == (name in editors), name
        assert rules.may_remove(membership(user), recorded) == (name == "coordinator"), name


def test_a_partner_edits_its_own_organisations_activities_not_those_it_partnered(personas, city_a):
    cso = membership(personas["cso_partner"])
    theirs = activity(personas["cso_partner"])
    partnered = activity(personas["case_worker"], partners=[city_a.cso])
    assert rules.editable_activity(cso, theirs.pk) == theirs
    with pytest.raises(Http404):
        rules.editable_activity(cso, partnered.pk)
    with pytest.raises(Http404):
        rules.removable_activity(cso, theirs.pk)
