import pytest
from django.urls import reverse

from core.actor import Actor
from network.hub import actions
from network.hub.tests.helpers import enrolled, envelope_bytes, hidden, payload, share

pytestmark = pytest.mark.django_db


def test_each_period_shows_each_city_own_figure_and_hidden_cells_are_not_summed(client, hub, network_editor):
    aktau, _t, aktau_key = enrolled("Aktau", "aktau")
    shymkent, _t, shymkent_key = enrolled("Shymkent", "shymkent")
    for sequence, (period, aktau_figure) in enumerate(
        [("2026Q1", share("HC-OUT-02", 6, 10)), ("2026Q2", share("HC-OUT-02", 8, 10))], start=1
    ):
        body = envelope_bytes(payload("aktau", period=period, sequence=sequence, indicators=[aktau_figure]), aktau_key)
        actions.receive(actor=Actor.for_system(), member=aktau, body=body)
    body = envelope_bytes(payload("shymkent", period="2026Q2", indicators=[hidden("HC-OUT-02")]), shymkent_key)
    actions.receive(actor=Actor.for_system(), member=shymkent, body=body)
    client.force_login(network_editor)
    response = client.get(reverse("hub_trends"), {"indicator": "HC-OUT-02"})
    assert response.status_code == 200
    table = [(period, [cell.text for cell in cells]) for period, cells in response.context["rows"]]
    assert table == [
        ("2026Q1", ["60% (6 of 10)", "not reported"]),
        ("2026Q2", ["80% (8 of 10)", "fewer than 5"]),
    ]
    assert "Total" not in response.content.decode()


def test_an_unknown_indicator_is_a_bad_request(client, hub, network_editor):
    client.force_login(network_editor)
    assert client.get(reverse("hub_trends"), {"indicator": "HC-NOPE"}).status_code == 400


def test_the_trends_exist_only_on_a_hub_and_for_network_readers(client, hub, coordinator, settings):
    client.force_login(coordinator)
    assert client.get(reverse("hub_trends")).status_code == 404
    settings.HOMECOMING_ROLE = "city"
    assert client.get(reverse("hub_trends")).status_code == 404
