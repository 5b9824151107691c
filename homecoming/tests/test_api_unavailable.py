"""The API's clients are told "try again" in the API's own language when the database cannot answer:
a 503 problem (application/problem+json) with Retry-After, never the HTML page or a server error."""

import psycopg
from django.test import Client

from api.tests.conftest import token_for
from homecoming.errors import RETRY_AFTER
from homecoming.tests.test_service_unavailable import database_failing, sqlite_full


def _client(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {token_for(user)}"}, raise_request_exception=False)


def _problem(response) -> dict:
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == str(RETRY_AFTER)
    assert "no-store" in response["Cache-Control"]
    return response.json()


def test_an_api_call_while_the_database_is_down_answers_a_503_problem(case_worker, family):
    client = _client(case_worker)
    with database_failing(psycopg.OperationalError("connection refused")):
        response = client.get(f"/api/v1/participants/{family.mother.code}")
    assert _problem(response) == {
        "type": "about:blank",
        "title": "Service Unavailable",
        "status": 503,
        "detail": "Homecoming cannot reach its database just now. This is usually over within a minute or two.",
    }


def test_an_api_call_on_a_full_disk_says_that_the_server_needs_room_in_the_users_language(case_worker, family):
    client = _client(case_worker)
    with database_failing(sqlite_full(), when='"casework_contactnote"'):
        response = client.get(f"/api/v1/participants/{family.mother.code}/notes", headers={"Accept-Language": "ru"})
    assert "закончилось место" in _problem(response)["detail"]
