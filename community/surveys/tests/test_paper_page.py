"""Entering paper forms: every item on one page, each optional, the day within the round."""

from django.urls import reverse

from community.models import SurveyResponse
from community.surveys import actions
from community.surveys.tests.helpers import make_round
from people.tests.builders import actor_of


def _body(**answers) -> dict:
    return {"collected_on": "2026-03-05", **{f"item_{item}": str(value) for item, value in answers.items()}}


def test_every_item_is_on_the_page_with_no_answer_chosen_and_no_field_about_the_respondent(client, coordinator):
    round_ = make_round(coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("survey_paper", args=[round_.pk])).content.decode()
    for number in range(1, 9):
        assert f'name="item_a{number}"' in page
    assert page.count(" checked") == 8  # "No answer", on each item
    assert "No answer" in page and "is not a validated instrument" in page
    assert "textarea" not in page and 'name="name"' not in page and 'name="phone"' not in page


def test_saving_a_form_stores_it_and_gives_an_empty_form_again_with_the_count(client, psychologist, coordinator):
    round_ = make_round(coordinator)
    client.force_login(psychologist)
    url = reverse("survey_paper", args=[round_.pk])
    response = client.post(url, _body(a1=5, a2=4, a3=2, a4=3, a5=5, a6=1, a8=4), follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "Answers saved: 1 so far." in response.content.decode()
    saved = SurveyResponse.objects.get()
    assert (saved.mode, saved.score, str(saved.collected_on)) == ("paper", 75.0, "2026-03-05")
    assert saved.answers == {"a1": 5, "a2": 4, "a3": 2, "a4": 3, "a5": 5, "a6": 1, "a8": 4}
    client.post(url, _body(a1=3))
    assert "Answers saved: 2 so far." in client.get(url).content.decode()


def test_a_day_outside_the_round_and_an_empty_form_are_refused(client, coordinator):
    round_ = make_round(coordinator)
    client.force_login(coordinator)
    url = reverse("survey_paper", args=[round_.pk])
    outside = client.post(url, {**_body(a1=3), "collected_on": "2026-04-01"})
    assert "pick a day within its dates" in outside.content.decode()
    empty = client.post(url, _body())
    assert "there is nothing to save" in empty.content.decode()
    assert client.post(url, _body(a1=7)).status_code == 200
    assert not SurveyResponse.objects.exists()


def test_a_closed_round_takes_no_more_paper_forms(client, coordinator):
    round_ = make_round(coordinator)
    actions.close_round(actor=actor_of(coordinator), round=round_)
    client.force_login(coordinator)
    url = reverse("survey_paper", args=[round_.pk])
    for response in (client.get(url), client.post(url, _body(a1=3))):
        assert response.status_code == 409
        assert "This round is closed: it takes no more answers." in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_only_the_rounds_organisation_enters_forms(client, cso_partner, me_officer, coordinator):
    round_ = make_round(coordinator)
    for user in (cso_partner, me_officer):
        client.force_login(user)
        assert client.post(reverse("survey_paper", args=[round_.pk]), _body(a1=3)).status_code == 404
    assert not SurveyResponse.objects.exists()
