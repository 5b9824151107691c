"""The list of community activities: who sees it, its filters, its totals and its cost."""

import datetime

import pytest
from django.urls import reverse

from community.activities.tests.builders import activity
from conftest import make_user
from directory.models import Organisation, Role

URL = reverse("activities")


def titles(response) -> list[str]:
    return [a.title for a in response.context["page"]]


@pytest.fixture
def national_me(country):
    agency = Organisation.objects.create(
        slug="national", name="National Programme Office", kind="national_agency", jurisdiction=country
    )
    return make_user("national.me", organisation=agency, role=Role.ME_OFFICER)


def test_the_list_shows_the_citys_activities_newest_first(client, case_worker, cso_partner, other_case_worker):
    activity(case_worker, title="Older", held_on=datetime.date(2026, 1, 5))
    activity(cso_partner, title="Newer", held_on=datetime.date(2026, 2, 5))
    activity(other_case_worker, title="Shymkent's")
    client.force_login(case_worker)
    response = client.get(URL)
    assert response.status_code == 200
    assert titles(response) == ["Newer", "Older"]
    assert "<caption>" in response.content.decode()


@pytest.mark.parametrize("persona", ["network_editor", "administrator", "outsider"])
def test_those_who_read_no_activities_get_404(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == 404


def test_the_filters_narrow_by_type_period_district_and_organisation(client, case_worker, cso_partner, city_a):
    activity(case_worker, title="Dialogue Q1", held_on=datetime.date(2026, 2, 1), district="Almaly")
    activity(case_worker, title="Sports Q3", kind="sports_culture", held_on=datetime.date(2026, 8, 1), district="Medeu")
    activity(cso_partner, title="Volunteering 2025", kind="volunteering", held_on=datetime.date(2025, 8, 1))
    client.force_login(case_worker)
    assert titles(client.get(URL, {"kind": "sports_culture"})) == ["Sports Q3"]
    assert titles(client.get(URL, {"period": "2026Q3"})) == ["Sports Q3"]
    assert titles(client.get(URL, {"period": "2026"})) == ["Sports Q3", "Dialogue Q1"]
    assert titles(client.get(URL, {"period": "2026q1"})) == ["Dialogue Q1"]
    assert titles(client.get(URL, {"district": "Almaly", "period": "2026"})) == ["Dialogue Q1"]
    assert titles(client.get(URL, {"organisation": city_a.cso.slug})) == ["Volunteering 2025"]


def test_a_filter_that_does_not_parse_is_a_400_with_the_message_and_no_rows(client, case_worker):
    activity(case_worker)
    client.force_login(case_worker)
    response = client.get(URL, {"period": "2026Q5"})
    assert response.status_code == 400
    assert "Write a year (2026) or a quarter (2026Q3)." in response.content.decode()
    assert titles(response) == []


def test_only_the_national_reader_has_the_city_filter(client, national_me, case_worker, other_case_worker):
    activity(case_worker, title="Almaty's")
    activity(other_case_worker, title="Shymkent's", district="Abay")
    client.force_login(national_me)
    assert sorted(titles(client.get(URL))) == ["Almaty's", "Shymkent's"]
    assert titles(client.get(URL, {"city": "shymkent"})) == ["Shymkent's"]
    client.force_login(case_worker)
    response = client.get(URL, {"city": "shymkent"})
    assert "city" not in response.context["form"].fields
    assert titles(response) == ["Almaty's"]  # a city filter they do not have narrows nothing, widens nothing


def test_the_totals_count_activities_people_reached_and_the_share_with_participants(client, case_worker, settings):
    settings.HOMECOMING_MIN_CELL = 5
    for number in range(5):
        activity(case_worker, residents=10, young_people=0, participants=1 if number < 2 else 0, others=0)
    client.force_login(case_worker)
    response = client.get(URL)
    totals = response.context["totals"]
    assert (totals.activities, totals.reached, totals.with_participants, totals.share) == (5, 52, 2, 40)
    html = response.content.decode()
    assert "5 activities" in html and "52 people reached" in html and "40% with participants" in html


def test_below_k_activities_the_share_with_participants_is_not_shown(client, case_worker, settings):
    settings.HOMECOMING_MIN_CELL = 5
    for _ in range(4):
        activity(case_worker, participants=1)
    client.force_login(case_worker)
    html = client.get(URL).content.decode()
    assert "4 activities" in html and "% with participants" not in html
    assert "shown from 5 activities on" in html


def test_the_list_is_paginated_by_25(client, case_worker):
    for day in range(30):
        activity(case_worker, title=f"Activity {day}", held_on=datetime.date(2026, 1, 1) + datetime.timedelta(day))
    client.force_login(case_worker)
    assert len(titles(client.get(URL))) == 25
    assert len(titles(client.get(URL, {"page": "2"}))) == 5


def test_the_number_of_queries_does_not_grow_with_the_number_of_activities(
    client, case_worker, city_a, django_assert_max_num_queries
):
    activity(case_worker, partners=[city_a.cso])
    client.force_login(case_worker)
    client.get(URL)  # the session's first request settles its own queries
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for number in range(20):
        activity(case_worker, partners=[city_a.cso, city_a.police], district=f"District {number}")
    with django_assert_max_num_queries(len(one)):
        assert client.get(URL).status_code == 200
