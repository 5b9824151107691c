"""Tokens at the API's door: which work, which are refused, and what a refusal looks like."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import AccessToken
from api.tests.conftest import client_with, token_for
from casework.models import ContactNote


def _note_body() -> dict:
    return {"occurred_on": timezone.localdate().isoformat(), "kind": "visit", "text": "Visit", "sensitivity": "team"}


def test_a_call_without_a_token_gets_a_problem_with_the_bearer_challenge(db):
    response = Client().get("/api/v1/participants")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == 'Bearer realm="homecoming"'
    assert response.json() == {
        "type": "about:blank",
        "title": "Unauthorized",
        "status": 401,
        "detail": "A valid access token is needed: it may be missing, revoked or expired.",
    }


def test_a_signed_in_session_is_no_credential_for_the_api(client, case_worker, family):
    client.force_login(case_worker)
    assert client.get(f"/api/v1/participants/{family.mother.code}").status_code == 401


def test_a_working_token_reads_and_records_its_use(case_worker, family):
    secret = token_for(case_worker)
    assert client_with(secret).get(f"/api/v1/participants/{family.mother.code}").status_code == 200
    assert AccessToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    "kill",
    [
        pytest.param(lambda t: AccessToken.objects.filter(pk=t.pk).update(revoked_at=timezone.now()), id="revoked"),
        pytest.param(
            lambda t: AccessToken.objects.filter(pk=t.pk).update(expires_at=timezone.now() - datetime.timedelta(1)),
            id="expired",
        ),
        pytest.param(lambda t: t.user.__class__.objects.filter(pk=t.user_id).update(is_active=False), id="deactivated"),
        pytest.param(
            lambda t: t.user.__class__.objects.filter(pk=t.user_id).update(session_epoch=t.epoch + 1),
            id="signed-out-everywhere",
        ),
        pytest.param(
            lambda t: t.membership.__class__.objects.filter(pk=t.membership_id).update(is_active=False),
            id="membership-ended",
        ),
    ],
)
def test_a_dead_token_is_refused(case_worker, family, kill):
    client = client_with(token_for(case_worker))
    kill(AccessToken.objects.get())
    assert client.get(f"/api/v1/participants/{family.mother.code}").status_code == 401


def test_a_read_token_may_not_write_and_nothing_is_written(case_worker, family):
    client = client_with(token_for(case_worker, scope="read"))
    response = client.post(
        f"/api/v1/participants/{family.mother.code}/notes", _note_body(), content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "This token may only read. Make a token that may read and write."
    assert not ContactNote.objects.exists()


def test_a_write_token_writes_through_the_pages_action(case_worker, family):
    client = client_with(token_for(case_worker, scope="write"))
    response = client.post(
        f"/api/v1/participants/{family.mother.code}/notes", _note_body(), content_type="application/json"
    )
    assert response.status_code == 201
    note = ContactNote.objects.get()
    assert (note.author, note.author_discipline, note.text) == (case_worker, "case_worker", "Visit")
    assert response["ETag"] == f'"note-{note.pk}-v1"'


def test_a_token_acts_in_the_membership_it_was_made_in(case_worker, family, city_a):
    from directory.models import Membership, Role

    secret = token_for(case_worker)  # made acting as the case worker of city A's social services
    Membership.objects.create(user=case_worker, organisation=city_a.cso, role=Role.PARTNER)
    response = client_with(secret).get(f"/api/v1/participants/{family.mother.code}")
    assert response.status_code == 200
    assert "health" in response.json()["you_read"]


def test_too_many_calls_with_one_token_get_429_with_retry_after(case_worker, family, settings):
    settings.HOMECOMING_API_RATE_PER_MINUTE = 3
    client = client_with(token_for(case_worker))
    answers = [client.get("/api/v1/participants").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get("/api/v1/participants")
    assert refused["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another token of the same user has its own allowance.
    assert client_with(token_for(case_worker)).get("/api/v1/participants").status_code == 200
