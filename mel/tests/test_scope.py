"""Whose numbers each reader of the dashboards sees (mel/scope.py)."""

import pytest
from django.http import Http404

from conftest import make_city, make_user
from directory.models import Jurisdiction, Organisation, Role
from mel.scope import min_cell, scope_for
from mel.tests.fakes import HEALTH, SHARE


def membership(user):
    return user.memberships.get()


@pytest.fixture
def centre(country):
    region = Jurisdiction.objects.create(slug="mangystau", name="Mangystau", level="region", parent=country)
    aktau = Jurisdiction.objects.create(slug="aktau", name="Aktau", level="city", parent=region)
    return Organisation.objects.create(slug="centre", name="Centre", kind="rehabilitation_centre", jurisdiction=aktau)


@pytest.fixture
def national_me(country):
    agency = Organisation.objects.create(slug="national", name="National", kind="national_agency", jurisdiction=country)
    return make_user("national.me", organisation=agency, role=Role.ME_OFFICER)


def test_a_city_me_officer_sees_every_organisation_of_its_city_and_no_other(me_officer, city_a, city_b):
    scope = scope_for(membership(me_officer))
    assert set(scope.owners) == {city_a.social, city_a.cso, city_a.police}
    assert [c.slug for c in scope.cities] == ["almaty"]
    assert not scope.exact and not scope.opens_lists
    assert scope.k(SHARE) == min_cell() == 5


def test_the_centres_me_officer_sees_the_centre_only(centre, city_a, city_b):
    officer = make_user("centre.me", organisation=centre, role=Role.ME_OFFICER)
    scope = scope_for(membership(officer))
    assert list(scope.owners) == [centre]
    assert [c.slug for c in scope.cities] == ["aktau"]


def test_a_national_me_officer_sees_every_city_of_the_country(national_me, city_a, city_b, centre):
    scope = scope_for(membership(national_me))
    assert {city_a.social, city_b.social, centre} <= set(scope.owners)
    assert [c.slug for c in scope.cities] == ["aktau", "almaty", "shymkent"]


def test_a_national_me_officer_may_narrow_to_one_city(national_me, city_a, city_b):
    scope = scope_for(membership(national_me)).narrowed_to("shymkent")
    assert set(scope.owners) == {city_b.social, city_b.cso, city_b.police}
    assert scope.city == city_b.city


def test_a_city_me_officer_cannot_narrow_to_another_city(me_officer, city_b):
    with pytest.raises(LookupError):
        scope_for(membership(me_officer)).narrowed_to("shymkent")


def test_a_national_me_officer_cannot_narrow_to_a_region_or_the_country(national_me, city_a):
    scope = scope_for(membership(national_me))
    for slug in ("almaty-region", "kz", ""):
        with pytest.raises(LookupError):
            scope.narrowed_to(slug)


def test_a_coordinator_sees_their_own_organisation_exactly_and_may_open_lists(coordinator, city_a):
    scope = scope_for(membership(coordinator))
    assert list(scope.owners) == [city_a.social]
    assert scope.exact and scope.opens_lists
    assert scope.k(SHARE) == 0


def test_a_coordinator_sees_screening_figures_as_aggregates_only(coordinator):
    assert scope_for(membership(coordinator)).k(HEALTH) == 5


def test_the_threshold_follows_the_setting(me_officer, settings):
    settings.HOMECOMING_MIN_CELL = 10
    assert scope_for(membership(me_officer)).k(SHARE) == 10


@pytest.mark.parametrize(
    "persona", ["case_worker", "psychologist", "cso_partner", "police_partner", "network_editor", "administrator"]
)
def test_other_roles_have_no_dashboard(request, persona):
    with pytest.raises(Http404):
        scope_for(membership(request.getfixturevalue(persona)))


def test_someone_without_a_membership_has_no_dashboard(outsider):
    with pytest.raises(Http404):
        scope_for(None)


def test_a_me_officer_of_another_country_sees_nothing_of_this_one(city_a):
    elsewhere = make_city(Jurisdiction.objects.create(slug="far", name="Far", level="country"), "faraway", "Faraway")
    officer = make_user("far.me", organisation=elsewhere.social, role=Role.ME_OFFICER)
    assert city_a.social not in set(scope_for(membership(officer)).owners)
