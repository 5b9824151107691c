"""The list of a city's rounds: status and number of responses, never a respondent."""

from django.urls import reverse

from community.surveys.tests.helpers import make_round, respond_many


def test_the_list_shows_the_citys_rounds_with_status_and_number_of_responses(
    client, coordinator, cso_partner, other_coordinator
):
    round_ = make_round(coordinator, title="Spring baseline")
    make_round(other_coordinator, title="Shymkent spring")
    respond_many(round_, coordinator, 3)
    client.force_login(cso_partner)
    page = client.get(reverse("survey_rounds")).content.decode()
    assert "Spring baseline" in page and "Collecting answers" in page and ">3</td>" in page
    assert "Shymkent spring" not in page
    assert "is not a validated instrument" in page
    assert reverse("survey_round_new") in page


def test_the_me_officer_reads_the_list_but_is_not_offered_a_new_round(client, me_officer, coordinator):
    make_round(coordinator, title="Spring baseline")
    client.force_login(me_officer)
    page = client.get(reverse("survey_rounds")).content.decode()
    assert "Spring baseline" in page and reverse("survey_round_new") not in page


def test_the_list_answers_in_a_fixed_number_of_queries(client, coordinator, django_assert_max_num_queries):
    for number in range(4):
        respond_many(make_round(coordinator, title=f"Round {number}"), coordinator, 2)
    client.force_login(coordinator)
    client.get(reverse("survey_rounds"))  # the session and membership warmed up
    with django_assert_max_num_queries(12):
        assert client.get(reverse("survey_rounds")).status_code == 200


def test_administrators_and_network_editors_find_no_page(client, administrator, network_editor):
    for user in (administrator, network_editor):
        client.force_login(user)
        assert client.get(reverse("survey_rounds")).status_code == 404
