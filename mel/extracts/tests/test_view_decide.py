"""POST /extracts/<id>/decide/: the coordinator approves or refuses; never the requester."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP

from conftest import TOTP_SECRET
from directory.models import Membership, Role
from mel.extracts.models import ExtractRequest
from mel.extracts.tests.helpers import households, request


@pytest.fixture
def extract(city_a, me_officer):
    households(city_a.social, 5)
    return request(me_officer)


def decide(client, user, extract, **body):
    client.force_login(user)
    return client.post(f"/extracts/{extract.pk}/decide/", body)


def test_the_coordinator_approves_and_the_extract_is_built(client, extract, coordinator):
    response = decide(client, coordinator, extract, decision="approve")
    assert response.status_code == 303
    extract.refresh_from_db()
    assert extract.status == ExtractRequest.Status.APPROVED and extract.built is not None


def test_a_refusal_needs_a_reason(client, extract, coordinator):
    assert decide(client, coordinator, extract, decision="refuse").status_code == 400
    assert decide(client, coordinator, extract, decision="refuse", reason="Too broad").status_code == 303
    extract.refresh_from_db()
    assert extract.status == ExtractRequest.Status.REFUSED and extract.refusal_reason == "Too broad"


def test_the_requester_acting_as_a_coordinator_is_told_they_cannot_decide(client, city_a, extract, me_officer):
    Membership.objects.filter(user=me_officer).update(role=Role.COORDINATOR)
    TOTP.activate(me_officer, TOTP_SECRET)  # coordinators sign in with a second factor
    response = decide(client, me_officer, extract, decision="approve")
    assert response.status_code == 303
    text = client.get(response["Location"]).content.decode()
    assert "Nobody may approve or refuse their own request" in text
    extract.refresh_from_db()
    assert extract.status == ExtractRequest.Status.PENDING


def test_others_find_no_such_request(client, extract, me_officer, case_worker, other_coordinator, outsider):
    for user in (case_worker, other_coordinator, outsider):
        assert decide(client, user, extract, decision="approve").status_code == 404
    extract.refresh_from_db()
    assert extract.status == ExtractRequest.Status.PENDING
