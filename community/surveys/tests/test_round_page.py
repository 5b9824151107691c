"""A round's results page: aggregates only, from k respondents, with the trend of the city."""

import json

from django.urls import reverse

from community.models import SurveyResponse
from community.surveys import actions
from community.surveys.tests.helpers import all_the_same, make_round, respond, respond_many
from people.tests.builders import actor_of


def _page(client, user, round_) -> str:
    client.force_login(user)
    response = client.get(reverse("survey_round", args=[round_.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_below_k_respondents_the_page_says_how_many_so_far_and_nothing_else(client, settings, coordinator):
    settings.HOMECOMING_MIN_CELL = 5
    round_ = make_round(coordinator)
    respond_many(round_, coordinator, 4)
    page = _page(client, coordinator, round_)
    assert "Results are shown from 5 respondents; 4 so far." in page
    assert "Mean score" not in page.split("Trend in")[0] and "Answers by statement" not in page


def test_from_k_respondents_the_means_and_the_answers_by_statement_are_shown(client, settings, me_officer, coordinator):
    settings.HOMECOMING_MIN_CELL = 5
    round_ = make_round(coordinator)
    respond_many(round_, coordinator, 6, value=4)
    respond(round_, coordinator, all_the_same(2))
    page = _page(client, me_officer, round_)
    assert "54.5" in page  # the mean of 6 x 56.25 and 1 x 43.75
    assert "I would be comfortable if a returning family lived next door." in page
    assert "fewer than 5" in page and "hidden" in page
    # The one "disagree" is hidden, and so are the six "agree": 7 minus the rest would give it away.
    assert "6 (85.7%)" not in page and "0 (0.0%)" in page


def test_no_respondent_row_and_no_answers_appear_anywhere_on_the_page(client, settings, coordinator):
    settings.HOMECOMING_MIN_CELL = 5
    round_ = make_round(coordinator)
    respond_many(round_, coordinator, 5)
    page = _page(client, coordinator, round_)
    for response in SurveyResponse.objects.all():
        assert json.dumps(response.answers) not in page
        assert f"response {response.pk}" not in page
    assert '"a1"' not in page and "collected_on" not in page


def test_every_page_of_the_demo_survey_warns_that_it_is_not_validated(client, coordinator):
    round_ = make_round(coordinator)
    page = _page(client, coordinator, round_)
    assert "is not a validated instrument" in page


def test_the_trend_shows_the_citys_closed_rounds_with_their_mean(client, settings, coordinator, psychologist):
    settings.HOMECOMING_MIN_CELL = 5
    spring = make_round(coordinator, title="Spring baseline")
    respond_many(spring, coordinator, 5, value=5)
    actions.close_round(actor=actor_of(coordinator), round=spring)
    now = make_round(coordinator, title="Autumn follow-up")
    page = _page(client, psychologist, now)
    trend = page.split("Trend in")[1]
    assert "Spring baseline" in trend and "62.5" in trend


def test_those_who_run_the_open_round_are_offered_paper_tablet_and_close(client, coordinator, cso_partner):
    round_ = make_round(coordinator)
    page = _page(client, coordinator, round_)
    for name in ("survey_paper", "survey_tablet", "survey_round_close"):
        assert reverse(name, args=[round_.pk]) in page
    page = _page(client, cso_partner, round_)
    assert reverse("survey_paper", args=[round_.pk]) not in page


def test_another_city_finds_no_such_round(client, coordinator, other_coordinator):
    round_ = make_round(coordinator)
    client.force_login(other_coordinator)
    assert client.get(reverse("survey_round", args=[round_.pk])).status_code == 404


def test_the_page_answers_in_a_fixed_number_of_queries(client, settings, coordinator, django_assert_max_num_queries):
    settings.HOMECOMING_MIN_CELL = 5
    round_ = make_round(coordinator)
    respond_many(round_, coordinator, 20)
    client.force_login(coordinator)
    client.get(reverse("survey_round", args=[round_.pk]))
    with django_assert_max_num_queries(12):
        client.get(reverse("survey_round", args=[round_.pk]))
