import pytest
from django.urls import reverse

from core.actor import Actor
from network.hub import actions
from network.hub.tests.helpers import enrolled, envelope_bytes, payload

pytestmark = pytest.mark.django_db


def test_the_list_says_who_reported_which_period_and_sequence(client, hub, me_officer, django_assert_max_num_queries):
    for name in ("Aktau", "Shymkent", "Zhanaozen"):
        member, _token, key = enrolled(name, name.lower())
        body = envelope_bytes(payload(name.lower(), sequence=4), key)
        actions.receive(actor=Actor.for_system(), member=member, body=body)
    client.force_login(me_officer)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("hub_reports"))
    page = response.content.decode()
    assert response.status_code == 200
    assert all(name in page for name in ("Aktau", "Shymkent", "Zhanaozen"))
    assert "2026Q2" in page and "<td>4</td>" in page


def test_the_list_exists_only_on_a_hub(client, me_officer):
    client.force_login(me_officer)
    assert client.get(reverse("hub_reports")).status_code == 404
