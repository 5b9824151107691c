"""A list costs the same number of queries whatever its length (no query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.tests.conftest import send_referral
from casework.tests import builders as case
from conftest import register_family
from coordination.tests.helpers import consent
from notices.actions import notify


def queries(client, url: str) -> int:
    client.get(url)  # the token's use is written once a minute: not part of the list's cost
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    assert response.json()["items"], "the list must not be empty for the count to mean anything"
    return len(captured)


def _families(city_a, case_worker, coordinator, count: int) -> list:
    lead = case_worker.memberships.get()
    return [register_family(city_a.social, lead=lead, assigned_by=coordinator) for _ in range(count)]


def _refer(family, city_a, case_worker):
    consent(family.mother, city_a.cso, ["summary"], recorded_by=case_worker)
    send_referral(family.mother, city_a.cso, ["summary"], by=case_worker)


@pytest.mark.parametrize(
    ("url", "reader"),
    [
        ("/api/v1/participants", "case_worker"),
        ("/api/v1/referrals?side=received", "cso_partner"),
        ("/api/v1/referrals?side=sent", "case_worker"),
        ("/api/v1/notices", "case_worker"),
    ],
)
def test_a_list_costs_the_same_queries_at_two_sizes(request, api_as, city_a, case_worker, coordinator, url, reader):
    client = api_as(request.getfixturevalue(reader))

    def grow(count: int) -> None:
        for family in _families(city_a, case_worker, coordinator, count):
            case.phase(family.mother, "resettlement", by=case_worker)
            _refer(family, city_a, case_worker)
            notify([case_worker], kind="referral", participant=family.mother, data={})

    grow(2)
    small = queries(client, url)
    grow(4)
    assert queries(client, url) == small


def test_the_notes_of_a_participant_cost_the_same_queries_at_two_sizes(api_as, family, case_worker):
    client = api_as(case_worker)
    url = f"/api/v1/participants/{family.mother.code}/notes"
    case.note(family.mother, "One", by=case_worker, domains=["housing"])
    small = queries(client, url)
    for text in ("Two", "Three", "Four"):
        case.note(family.mother, text, by=case_worker, domains=["housing"])
    assert queries(client, url) == small
