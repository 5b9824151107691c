import pytest
from django.urls import reverse

from network.hub.models import ReceivedReport
from network.hub.tests.helpers import enrolled, envelope_bytes, payload

pytestmark = pytest.mark.django_db


def post(client, body, token=""):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(reverse("hub_receive"), data=body, content_type="application/json", headers=headers)


def test_a_city_pushes_its_report_with_its_token_and_it_is_stored_once(client, hub):
    _member, token, key = enrolled()
    body = envelope_bytes(payload(), key)
    first = post(client, body, token)
    assert (first.status_code, first.json()) == (201, {"stored": True})
    again = post(client, body, token)
    assert (again.status_code, again.json()["stored"]) == (200, True)
    assert ReceivedReport.objects.count() == 1


def test_without_a_token_or_with_a_wrong_one_the_city_is_unknown(client, hub):
    _member, token, key = enrolled()
    body = envelope_bytes(payload(), key)
    for sent in ("", token + "x"):
        response = post(client, body, sent)
        assert (response.status_code, response.json()["refused"]) == (401, "unknown_city")
    assert ReceivedReport.objects.count() == 0


def test_a_body_declared_larger_than_the_limit_is_refused_before_it_is_read(client, hub):
    _member, token, _key = enrolled()
    response = client.generic(
        "POST",
        reverse("hub_receive"),
        data=b"{}",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
        CONTENT_LENGTH=str(3 * 1024 * 1024),
    )
    assert (response.status_code, response.json()["refused"]) == (413, "too_large")


def test_the_api_needs_no_csrf_token_from_the_city_program(hub):
    from django.test import Client

    _member, token, key = enrolled()
    response = post(Client(enforce_csrf_checks=True), envelope_bytes(payload(), key), token)
    assert response.status_code == 201


def test_the_api_only_takes_posts(client, hub):
    assert client.get(reverse("hub_receive")).status_code == 405


def test_a_city_instance_has_no_receiving_api(client):
    _member, token, key = enrolled()
    assert post(client, envelope_bytes(payload(), key), token).status_code == 404
    assert ReceivedReport.objects.count() == 0
