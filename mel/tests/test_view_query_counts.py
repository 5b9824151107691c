"""The dashboards take as many queries for five people as for thirty: the indicators are
counted in the database, never person by person."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mel.tests.builders import assess, milestone, person, phase
from mel.views import default_period

PAGES = ["/indicators/", "/indicators/HC-OUT-01/", "/indicators/HC-COV-01/?by=sex", "/"]


def people(owner, by, number: int, start: int = 0) -> None:
    """``number`` participants with arrivals, phases, milestones and assessments spread over two years."""
    first = default_period().end - datetime.timedelta(days=700)
    for index in range(start, start + number):
        arrived = first + datetime.timedelta(days=index * 7 % 690)
        child = index % 3 == 0
        someone = person(
            owner,
            sex="male" if child and index % 2 else "female",
            born=2015 if child else 1990 - index % 20,
            arrived=arrived,
            returned=arrived - datetime.timedelta(days=20),
            role="child" if child else "mother",
        )
        phase(someone, "reintegration", by=by, started=arrived)
        milestone(
            someone, "school_enrolled" if child else "employed", by=by, reached=arrived + datetime.timedelta(days=60)
        )
        assess(someone, {"housing": 1 + index % 4, "livelihood": 2}, by=by, on=arrived + datetime.timedelta(days=5))
        assess(someone, {"housing": 2 + index % 3, "livelihood": 3}, by=by, on=arrived + datetime.timedelta(days=90))


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("persona", ["me_officer", "coordinator"])
def test_each_dashboard_page_takes_the_same_queries_for_five_people_and_for_thirty(client, request, city_a, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    people(city_a.social, user, 5)
    for path in PAGES:  # once first: what is looked up once per process (e.g. needs domains) is not counted
        client.get(path)
    small = {path: queries(client, path) for path in PAGES}
    people(city_a.social, user, 25, start=5)
    assert {path: queries(client, path) for path in PAGES} == small
