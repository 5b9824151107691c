"""The practice library on the hub: every member city's shared practices, read-only, with the same
search and filters, and the before-after panel from what the city reported."""

import pytest
from django.urls import reverse

from core.actor import Actor
from network.hub import actions
from network.hub.tests.helpers import enrolled, envelope_bytes, payload, practice, share
from network.hub.tests.test_hub_matrix import ANON, ODD_VALUES, PERSONAS
from network.library.models import Practice

HUB_PERSONAS = [ANON, *PERSONAS]

pytestmark = pytest.mark.django_db


def shared(name, slug, practices, *, reports=(("2024Q4", 1), ("2026Q2", 2))):
    member, _token, key = enrolled(name, slug)
    for (period, sequence), count in zip(reports, (4, 9), strict=True):
        indicators = [share("HC-OUT-02", count, 10)]
        body = envelope_bytes(
            payload(slug, period=period, sequence=sequence, indicators=indicators, practices=practices), key
        )
        assert actions.receive(actor=Actor.for_system(), member=member, body=body).status == 201
    return member


def titles(response) -> list[str]:
    assert response.status_code == 200
    return sorted(p.title for p in response.context["page"])


def test_the_hub_lists_every_member_city_practice_and_finds_them_by_a_russian_word(client, hub, network_editor):
    shared("Aktau", "aktau", [practice(1)])
    shared("Shymkent", "shymkent", [practice(1, title="School enrolment", translations=[], domains=["education"])])
    client.force_login(network_editor)
    assert titles(client.get(reverse("practices"))) == ["School enrolment", "Women's volunteering in charity campaigns"]
    assert titles(client.get(reverse("practices"), {"q": "волонтёр"})) == ["Women's volunteering in charity campaigns"]
    assert titles(client.get(reverse("practices"), {"domain": "education"})) == ["School enrolment"]
    page = client.get(reverse("practices")).content.decode()
    assert "Describe a practice" not in page and "Aktau Women&#x27;s Council · Aktau" in page


def test_nobody_writes_on_the_hub(client, hub, network_editor, coordinator):
    shared("Aktau", "aktau", [practice(1)])
    copy = Practice.objects.get()
    for user in (network_editor, coordinator):
        client.force_login(user)
        assert client.get(reverse("practice_new")).status_code == 404
        assert client.post(reverse("practice_withdraw", args=[copy.pk]), {"withdraw-reason": "x"}).status_code == 404
        assert client.post(reverse("practice_share", args=[copy.pk]), {"shared": "on"}).status_code == 404


def test_the_before_after_panel_shows_what_the_city_reported_for_those_quarters(client, hub, network_editor):
    shared("Aktau", "aktau", [practice(1, started="202501")])
    client.force_login(network_editor)
    response = client.get(reverse("practice", args=[Practice.objects.get().pk]))
    panel = response.context["panel"]
    # Latest: the newest quarter the city reported, not the quarter just ended (not reported yet).
    assert (panel.before.code, panel.after.code) == ("2024Q4", "2026Q2")
    assert [(r.before, r.after) for r in panel.rows] == [("40% (4 of 10)", "90% (9 of 10)")]
    assert "January 2025" in response.content.decode()  # a month, as the city sent it


LIBRARY_WRITES = [
    "practice_edit",
    "practice_submit",
    "practice_review",
    "practice_share",
    "practice_withdraw",
    "practice_attachment_new",
]


@pytest.mark.parametrize("persona", HUB_PERSONAS)
def test_on_the_hub_every_member_reads_the_library_and_nobody_writes_it(client, hub, persona, request):
    shared("Aktau", "aktau", [practice(1)])
    copy = Practice.objects.get()
    if persona != ANON:
        client.force_login(request.getfixturevalue(persona))
    member = persona not in (ANON, "outsider")
    read = 302 if persona == ANON else (200 if member else 404)
    answers = {
        "practices": client.get(reverse("practices")).status_code,
        "practice": client.get(reverse("practice", args=[copy.pk])).status_code,
        "practice_new": client.post(reverse("practice_new")).status_code,
        **{name: client.post(reverse(name, args=[copy.pk])).status_code for name in LIBRARY_WRITES},
    }
    writes = 302 if persona == ANON else 404
    assert answers == {"practices": read, "practice": read, **dict.fromkeys(["practice_new", *LIBRARY_WRITES], writes)}


@pytest.mark.parametrize("parameter", ["q", "phase", "domain", "group", "evidence", "status", "page"])
def test_odd_values_in_the_hub_library_query_are_never_a_server_error(client, hub, network_editor, parameter):
    shared("Aktau", "aktau", [practice(1)])
    client.force_login(network_editor)
    answers = {value[:5]: client.get(reverse("practices"), {parameter: value}).status_code for value in ODD_VALUES}
    assert {value: status for value, status in answers.items() if status != 200} == {}
