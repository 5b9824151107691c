"""The catalogue page (/indicators/): the indicators as cards, for the readers who have one."""

import datetime

import pytest
from django.urls import reverse

from mel.tests import fakes
from mel.views import default_period

fake_catalogue = fakes.fake_catalogue

URL = "/indicators/"


def get(client, user, query=""):
    client.force_login(user)
    return client.get(URL + query)


def test_the_catalogue_is_at_indicators():
    assert reverse("indicators") == URL


def test_the_me_officer_sees_a_card_per_indicator_grouped(client, me_officer, fake_catalogue):
    page = get(client, me_officer).content.decode()
    for heading in ("Coverage", "Outcomes", "Wellbeing"):
        assert f">{heading}</h2>" in page
    for code in ("HC-TST-01", "HC-TST-02", "HC-TST-03"):
        assert f'href="/indicators/{code}/?period=' in page
    assert page.count('class="chart sparkline"') == 3
    assert "Higher is better" in page


def test_cards_show_the_value_the_share_with_its_denominator_and_the_no_data_count(client, me_officer, fake_catalogue):
    page = get(client, me_officer).content.decode()
    assert ">40<" in page
    assert "70% (21 of 30)" in page
    assert "No data yet: 6" in page


def test_the_default_period_is_the_last_complete_quarter(client, me_officer, fake_catalogue):
    get(client, me_officer)
    assert {call["period"] for call in fake_catalogue.measured} == {default_period().code}
    assert default_period(datetime.date(2027, 2, 10)).code == "2026Q4"
    assert default_period(datetime.date(2027, 4, 1)).code == "2027Q1"


@pytest.mark.parametrize("period", ["2025Q2", "202503", "2025"])
def test_quarters_months_and_years_may_be_asked_for(client, me_officer, fake_catalogue, period):
    response = get(client, me_officer, f"?period={period}")
    assert response.status_code == 200
    assert {call["period"] for call in fake_catalogue.measured} == {period}


@pytest.mark.parametrize("period", ["2025Q5", "25Q1", "abc", "²٣", "9" * 40, "2999"])
def test_a_bad_period_is_a_form_error_and_the_page_still_shows_the_default(client, me_officer, fake_catalogue, period):
    response = get(client, me_officer, f"?period={period}")
    assert response.status_code == 400
    assert response.context["form"].errors["period"]
    assert 'class="errorlist"' in response.content.decode()
    assert {call["period"] for call in fake_catalogue.measured} == {default_period().code}


def test_the_trend_asks_for_eight_periods_ending_with_the_chosen_one(client, me_officer, fake_catalogue):
    page = get(client, me_officer, "?period=2025Q2").content.decode()
    assert "2023Q3: " in page and "2025Q2: " in page and "2023Q2: " not in page


def test_previous_and_next_periods_are_offered_but_not_beyond_today(client, me_officer, fake_catalogue):
    page = get(client, me_officer, "?period=2025Q2").content.decode()
    assert 'href="?period=2025Q1"' in page and 'href="?period=2025Q3"' in page
    current = default_period().following()
    page = get(client, me_officer, f"?period={current.code}").content.decode()
    assert f'href="?period={current.following().code}"' not in page


def test_small_numbers_are_suppressed_for_the_me_officer_and_explained(client, me_officer, fake_catalogue, settings):
    settings.HOMECOMING_MIN_CELL = 50
    page = get(client, me_officer).content.decode()
    assert "fewer than 50" in page
    assert "hidden so that no one can be recognised" in page
    assert "cannot be worked out from the totals" in page


def test_a_me_officers_numbers_never_open_a_list(client, me_officer, fake_catalogue):
    assert "/participants/" not in get(client, me_officer).content.decode()


def test_a_coordinators_numbers_open_the_list_of_the_people_they_count(client, coordinator, fake_catalogue):
    page = get(client, coordinator).content.decode()
    period = default_period().code
    assert f'href="/participants/?indicator=HC-TST-01&amp;period={period}&amp;part=count">40<' in page
    assert f'href="/participants/?indicator=HC-TST-02&amp;period={period}&amp;part=no_data">6<' in page


def test_screening_figures_never_open_a_list_even_for_a_coordinator(client, coordinator, fake_catalogue):
    assert "indicator=HC-TST-03" not in get(client, coordinator).content.decode()


def test_the_me_officer_counts_the_organisations_of_their_city(client, me_officer, city_a, city_b, fake_catalogue):
    get(client, me_officer)
    assert {frozenset(call["owners"]) for call in fake_catalogue.measured} == {
        frozenset({city_a.social.pk, city_a.cso.pk, city_a.police.pk})
    }


def test_a_coordinator_counts_their_own_organisation(client, coordinator, city_a, fake_catalogue):
    get(client, coordinator)
    assert {frozenset(call["owners"]) for call in fake_catalogue.measured} == {frozenset({city_a.social.pk})}


def test_a_city_outside_the_scope_is_a_form_error_never_a_500(client, me_officer, city_a, city_b, fake_catalogue):
    response = get(client, me_officer, "?jurisdiction=shymkent")
    assert response.status_code == 400
    assert response.context["form"].errors["jurisdiction"]
    assert {frozenset(call["owners"]) for call in fake_catalogue.measured} == {
        frozenset({city_a.social.pk, city_a.cso.pk, city_a.police.pk})
    }


def test_the_me_officer_may_choose_their_own_city(client, me_officer, city_a, fake_catalogue):
    assert get(client, me_officer, "?jurisdiction=almaty").status_code == 200


@pytest.mark.parametrize(
    "persona", ["case_worker", "psychologist", "cso_partner", "police_partner", "network_editor", "administrator"]
)
def test_other_roles_get_404(client, request, persona, fake_catalogue):
    assert get(client, request.getfixturevalue(persona)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302


def test_a_post_is_refused(client, me_officer):
    client.force_login(me_officer)
    assert client.post(URL).status_code == 405


def test_the_nav_offers_indicators_to_me_officers_and_coordinators_only(client, me_officer, coordinator, case_worker):
    for user, shown in ((me_officer, True), (coordinator, True), (case_worker, False)):
        client.force_login(user)
        assert ('href="/indicators/"' in client.get("/").content.decode()) is shown
