import pytest
from django.urls import reverse

from core.actor import Actor
from network.hub import actions
from network.hub.tests.helpers import PERIOD, enrolled, envelope_bytes, hidden, payload, share

pytestmark = pytest.mark.django_db


def report(name, slug, indicators, sequence=1, period=PERIOD):
    member, _token, key = enrolled(name, slug)
    body = envelope_bytes(payload(slug, period=period, sequence=sequence, indicators=indicators), key)
    assert actions.receive(actor=Actor.for_system(), member=member, body=body).status == 201
    return member, key


def rows(response):
    return [(cell.member.name, cell.text, cell.interval_text) for cell in response.context["cells"]]


def test_cities_stand_side_by_side_alphabetically_with_wilson_intervals_and_hidden_cells_stay_hidden(
    client, hub, network_editor
):
    report("Zhanaozen", "zhanaozen", [share("HC-OUT-02", 8, 10)])
    report("Aktau", "aktau", [share("HC-OUT-02", 300, 400)])
    report("Shymkent", "shymkent", [hidden("HC-OUT-02")])
    enrolled("Karaganda", "karaganda")  # enrolled, no report yet
    client.force_login(network_editor)
    response = client.get(reverse("hub_comparison"), {"indicator": "HC-OUT-02", "period": PERIOD})
    assert response.status_code == 200
    assert rows(response) == [
        ("Aktau", "75% (300 of 400)", "95% interval 71\u201379%"),
        ("Karaganda", "not reported", ""),
        ("Shymkent", "fewer than 5", ""),
        ("Zhanaozen", "80% (8 of 10)", "95% interval 49\u201394%"),
    ]
    page = response.content.decode()
    assert "not ranked" in page


def test_a_later_sequence_for_the_period_replaces_the_earlier_figure(client, hub, me_officer):
    member, key = report("Aktau", "aktau", [share("HC-OUT-02", 8, 10)])
    body = envelope_bytes(payload(sequence=2, indicators=[share("HC-OUT-02", 9, 10)]), key)
    actions.receive(actor=Actor.for_system(), member=member, body=body)
    client.force_login(me_officer)
    response = client.get(reverse("hub_comparison"), {"indicator": "HC-OUT-02", "period": PERIOD})
    assert rows(response)[0][1] == "90% (9 of 10)"


def test_an_unknown_indicator_or_period_is_a_bad_request(client, hub, administrator):
    report("Aktau", "aktau", [share("HC-OUT-02", 8, 10)])
    client.force_login(administrator)
    assert client.get(reverse("hub_comparison"), {"indicator": "HC-NOPE"}).status_code == 400
    assert client.get(reverse("hub_comparison"), {"period": "1999"}).status_code == 400


def test_with_no_report_yet_the_page_says_so(client, hub, network_editor):
    client.force_login(network_editor)
    response = client.get(reverse("hub_comparison"))
    assert response.status_code == 200
    assert "No member city has reported yet." in response.content.decode()


@pytest.mark.parametrize("persona", ["coordinator", "case_worker", "cso_partner", "outsider"])
def test_people_who_do_not_read_the_network_find_no_comparison(client, hub, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("hub_comparison")).status_code == 404


def test_the_comparison_exists_only_on_a_hub(client, network_editor):
    client.force_login(network_editor)
    assert client.get(reverse("hub_comparison")).status_code == 404
