"""Closing a round: its organisation only, once."""

from django.urls import reverse

from community.models import SurveyRound
from community.surveys.tests.helpers import make_round


def test_the_organisation_closes_its_round_and_a_second_close_is_a_conflict(client, case_worker, coordinator):
    round_ = make_round(coordinator)
    client.force_login(case_worker)
    url = reverse("survey_round_close", args=[round_.pk])
    assert client.post(url, {"confirm": "yes"})["Location"] == reverse("survey_round", args=[round_.pk])
    assert SurveyRound.objects.get().status == SurveyRound.Status.CLOSED
    again = client.post(url, {"confirm": "yes"})
    assert again.status_code == 409 and "This round is already closed." in again.content.decode()


def test_another_organisation_of_the_city_cannot_close_it(client, cso_partner, coordinator):
    round_ = make_round(coordinator)
    client.force_login(cso_partner)
    assert client.post(reverse("survey_round_close", args=[round_.pk]), {"confirm": "yes"}).status_code == 404
    assert SurveyRound.objects.get().status == SurveyRound.Status.OPEN


def test_closing_is_never_a_get(client, coordinator):
    round_ = make_round(coordinator)
    client.force_login(coordinator)
    assert client.get(reverse("survey_round_close", args=[round_.pk])).status_code == 405


def test_closing_without_the_confirmation_keeps_the_round_open_and_says_why(client, case_worker, coordinator):
    round_ = make_round(coordinator)
    client.force_login(case_worker)
    page = client.get(reverse("survey_round", args=[round_.pk])).content.decode()
    assert "cannot be reopened" in page and 'name="confirm" value="yes"' in page
    response = client.post(reverse("survey_round_close", args=[round_.pk]), follow=True)
    assert SurveyRound.objects.get().status == SurveyRound.Status.OPEN
    assert "must be confirmed" in response.content.decode()
