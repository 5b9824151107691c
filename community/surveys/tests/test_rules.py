"""Who runs rounds and who reads results, per persona and city (community/surveys/rules.py)."""

import pytest
from django.http import Http404

from community.surveys import rules
from community.surveys.tests.helpers import make_round
from conftest import make_user
from directory.models import Organisation, Role

RUNNERS = ["coordinator", "case_worker", "psychologist", "cso_partner", "police_partner"]
NOBODY = ["network_editor", "administrator", "outsider"]


def _membership(user):
    return user.memberships.first()


@pytest.mark.parametrize("persona", RUNNERS)
def test_coordinators_case_workers_specialists_and_partners_of_the_city_run_rounds(request, persona, city_a):
    access = rules.access_for(_membership(request.getfixturevalue(persona)))
    assert access.runs_rounds and access.city == city_a.city


def test_the_city_me_officer_reads_the_citys_results_but_runs_no_round(me_officer, coordinator, city_a):
    round_ = make_round(coordinator)
    access = rules.access_for(_membership(me_officer))
    assert not access.runs_rounds and not access.enters(round_)
    assert rules.open_round(access, round_.pk) == round_


@pytest.mark.parametrize("persona", NOBODY)
def test_administrators_network_editors_and_people_without_a_membership_have_no_surveys(request, persona):
    with pytest.raises(Http404):
        rules.access_for(_membership(request.getfixturevalue(persona)))


def test_everyone_of_the_city_reads_a_round_but_only_its_organisation_enters_answers(
    coordinator, case_worker, psychologist, cso_partner, police_partner
):
    round_ = make_round(coordinator)
    for user in (coordinator, case_worker, psychologist):
        access = rules.access_for(_membership(user))
        assert rules.open_round(access, round_.pk, enter=True) == round_
    for user in (cso_partner, police_partner):
        access = rules.access_for(_membership(user))
        assert rules.open_round(access, round_.pk) == round_
        with pytest.raises(Http404):
            rules.open_round(access, round_.pk, enter=True)


def test_the_partner_runs_its_own_organisations_rounds(cso_partner, coordinator):
    round_ = make_round(cso_partner)
    assert rules.open_round(rules.access_for(_membership(cso_partner)), round_.pk, enter=True) == round_
    with pytest.raises(Http404):
        rules.open_round(rules.access_for(_membership(coordinator)), round_.pk, enter=True)


def test_another_city_neither_reads_nor_lists_the_round(coordinator, other_coordinator, other_case_worker):
    round_ = make_round(coordinator)
    for user in (other_coordinator, other_case_worker):
        access = rules.access_for(_membership(user))
        assert round_ not in access.rounds()
        with pytest.raises(Http404):
            rules.open_round(access, round_.pk)


def test_the_national_me_officer_reads_every_citys_rounds_and_runs_none(country, coordinator, other_coordinator):
    agency = Organisation.objects.create(slug="agency", name="Agency", kind="national_agency", jurisdiction=country)
    national = make_user("national.me", organisation=agency, role=Role.ME_OFFICER)
    rounds = [make_round(coordinator), make_round(other_coordinator)]
    access = rules.access_for(_membership(national))
    assert [city.slug for city in access.cities] == ["almaty", "shymkent"]
    assert set(access.rounds()) == set(rounds) and not access.runs_rounds


def test_a_coordinator_above_the_cities_has_no_surveys(country):
    agency = Organisation.objects.create(slug="agency", name="Agency", kind="national_agency", jurisdiction=country)
    with pytest.raises(Http404):
        rules.access_for(_membership(make_user("national.coordinator", organisation=agency, role=Role.COORDINATOR)))


def test_a_round_that_does_not_exist_is_the_same_404(coordinator):
    with pytest.raises(Http404):
        rules.open_round(rules.access_for(_membership(coordinator)), 999_999)
