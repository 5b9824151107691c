"""An indicator's page (/indicators/<code>/): its declaration, trend and disaggregations."""

import re

import pytest

from mel.tests import fakes
from mel.views import default_period

fake_catalogue = fakes.fake_catalogue


def get(client, user, code="HC-TST-02", query=""):
    client.force_login(user)
    return client.get(f"/indicators/{code}/{query}")


def test_the_page_shows_the_definition_and_everything_the_indicator_declares(client, me_officer, fake_catalogue):
    page = get(client, me_officer).content.decode()
    for text in (
        "Test indicator HC-TST-02",
        "What HC-TST-02 measures, in words.",
        "People counted",
        "People eligible",
        "Everyone registered",
        "State on the last day of the period",
        "Higher is better",
        "A test source",
    ):
        assert text in page


def test_the_trend_covers_eight_periods_as_a_chart_and_a_table(client, me_officer, fake_catalogue):
    page = get(client, me_officer, query="?period=2025Q4").content.decode()
    assert 'id="chart-trend-title"' in page
    trend = page[page.index('id="trend"') : page.index('id="by-sex"')]
    assert re.findall(r'<th scope="row">(\d{4}Q\d)</th>', trend) == [p.code for p in _last("2025Q4")]


def _last(code):
    from mel.periods import Period

    return Period.parse(code).last(8)


def test_every_disaggregation_has_a_chart_and_a_table_beside_it(client, me_officer, fake_catalogue):
    page = get(client, me_officer).content.decode()
    for dimension in ("sex", "age_band"):
        assert f'id="by-{dimension}"' in page
        assert f'aria-labelledby="chart-by-{dimension}-title chart-by-{dimension}-desc"' in page
    assert page.count("<caption>") == 4  # the value, the trend, two disaggregations
    assert '<th scope="col">Share</th>' in page and '<th scope="row">Female</th>' in page


def test_by_picks_one_disaggregation(client, me_officer, fake_catalogue):
    page = get(client, me_officer, query="?by=age_band").content.decode()
    assert 'id="by-age_band"' in page and 'id="by-sex"' not in page


@pytest.mark.parametrize("by", ["jurisdiction", "nonsense", "x" * 500])
def test_a_disaggregation_the_indicator_does_not_declare_is_a_form_error(client, me_officer, fake_catalogue, by):
    response = get(client, me_officer, query=f"?by={by}")
    assert response.status_code == 400
    assert response.context["form"].errors["by"]
    assert 'id="by-sex"' in response.content.decode()


def test_a_bad_period_is_a_form_error_and_the_default_is_shown(client, me_officer, fake_catalogue):
    response = get(client, me_officer, query="?period=2025Q9")
    assert response.status_code == 400
    assert response.context["period"] == default_period()


def test_an_unknown_indicator_is_404(client, me_officer, fake_catalogue):
    assert get(client, me_officer, code="HC-NONE-99").status_code == 404


def test_a_suppressed_cell_reads_fewer_than_k_in_the_table_and_the_chart_and_the_legend_explains(
    client, me_officer, fake_catalogue
):
    page = get(client, me_officer, code="HC-TST-01").content.decode()
    by_sex = page[page.index('id="by-sex"') : page.index('id="by-jurisdiction"')]
    assert '<span class="suppressed-mark primary">fewer than 5</span>' in by_sex
    assert 'class="bar-suppressed"' in by_sex
    assert "Male: fewer than 5" in by_sex  # the chart's text alternative
    assert "3" not in re.sub(r"<[^>]+>", "", by_sex).replace("2023", "").split("Male")[1][:40]
    assert "hidden so that no one can be recognised" in page


def test_a_complementary_suppression_is_shown_as_hidden(client, me_officer, fake_catalogue):
    page = get(client, me_officer, code="HC-TST-01", query="?by=sex").content.decode()
    assert '<span class="suppressed-mark complementary">hidden</span>' in page
    assert ">37<" not in page


def test_shares_show_as_percentages_with_their_denominators(client, coordinator, fake_catalogue):
    page = get(client, coordinator).content.decode()
    assert "75% (18 of 24)" in page and "50% (3 of 6)" in page


def test_a_coordinator_sees_exact_numbers_each_a_link_to_the_people_it_counts(client, coordinator, fake_catalogue):
    page = get(client, coordinator, query="?period=2025Q4&by=sex").content.decode()
    base = "/participants/?indicator=HC-TST-02&amp;period=2025Q4"
    assert f'href="{base}&amp;by=sex&amp;key=male&amp;part=count">3<' in page
    assert f'href="{base}&amp;by=sex&amp;key=male&amp;part=eligible">6<' in page
    assert f'href="{base}&amp;by=sex&amp;key=female&amp;part=no_data">5<' in page
    assert f'href="{base}&amp;part=count">21<' in page
    assert "fewer than" not in page


def test_a_coordinators_screening_figures_are_suppressed_and_never_link(client, coordinator, fake_catalogue):
    page = get(client, coordinator, code="HC-TST-03").content.decode()
    assert "/participants/?" not in page
    assert "fewer than 5" in page


def test_a_me_officer_never_gets_a_link_to_people(client, me_officer, fake_catalogue):
    for code in fakes.CATALOGUE:
        assert "/participants/?" not in get(client, me_officer, code=code).content.decode()


def test_a_mean_is_shown_with_the_people_it_rests_on(client, me_officer, fake_catalogue, settings):
    settings.HOMECOMING_MIN_CELL = 2
    page = get(client, me_officer, code="HC-TST-03").content.decode()
    assert '<th scope="col">Mean</th>' in page and '<th scope="col">People it rests on</th>' in page
    assert "<td>12</td>" in page


@pytest.mark.parametrize("persona", ["case_worker", "cso_partner", "network_editor", "administrator", "outsider"])
def test_other_roles_get_404(client, request, persona, fake_catalogue):
    assert get(client, request.getfixturevalue(persona)).status_code == 404


def test_numbers_in_the_charts_stay_unlocalised_in_russian(client, coordinator, fake_catalogue, settings):
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    page = client.get("/indicators/HC-TST-02/").content.decode()
    assert '<html lang="ru">' in page and "0,5" not in page
    for value in re.findall(r'\s(?:x|y|width|height|cx|cy|viewBox)="([^"]*)"', page):
        assert "," not in value


def test_other_choices_without_a_period_show_the_default_period_in_its_field(client, me_officer, fake_catalogue):
    page = get(client, me_officer, query="?by=sex").content.decode()
    assert f'name="period" value="{default_period().code}"' in page
