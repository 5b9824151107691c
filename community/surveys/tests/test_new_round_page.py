"""Opening a round: survey, title, a district at most, and the dates of collection."""

from django.urls import reverse

from community.models import SurveyRound


def _body(**change) -> dict:
    return {
        "survey": "hc-acceptance-demo",
        "title": "Spring baseline",
        "district": "Almaly",
        "starts_on": "2026-03-01",
        "ends_on": "2026-03-31",
    } | change


def test_a_case_worker_opens_a_round_for_their_organisation_and_city(client, case_worker, city_a):
    client.force_login(case_worker)
    response = client.post(reverse("survey_round_new"), _body())
    round_ = SurveyRound.objects.get()
    assert response["Location"] == reverse("survey_round", args=[round_.pk])
    assert (round_.organisation, round_.city, round_.district) == (city_a.social, city_a.city, "Almaly")
    assert round_.created_by == case_worker


def test_the_form_shows_the_not_validated_warning_and_asks_nothing_about_respondents(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("survey_round_new")).content.decode()
    assert "is not a validated instrument" in page and "must not be used to compare with published studies" in page
    assert 'name="survey"' in page and 'name="district"' in page


def test_a_round_ending_before_it_starts_is_refused_with_a_message(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("survey_round_new"), _body(ends_on="2026-02-01"))
    assert response.status_code == 200 and "A round ends on or after the day it starts." in response.content.decode()
    assert not SurveyRound.objects.exists()


def test_an_unknown_survey_is_refused(client, coordinator):
    client.force_login(coordinator)
    assert client.post(reverse("survey_round_new"), _body(survey="sdq")).status_code == 200
    assert not SurveyRound.objects.exists()


def test_the_me_officer_opens_no_round(client, me_officer):
    client.force_login(me_officer)
    assert client.get(reverse("survey_round_new")).status_code == 404
    assert client.post(reverse("survey_round_new"), _body()).status_code == 404
    assert not SurveyRound.objects.exists()
