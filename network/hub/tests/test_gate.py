import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from network.hub.gate import served_on_hub

pytestmark = pytest.mark.django_db

PERSON_LEVEL = [
    "/participants/",
    "/participants/register/",
    "/participants/HC-0001/",
    "/households/H-1/plans/",
    "/emergency-access/",
    "/referrals/1/",
    "/transfers/1/",
    "/indicators/",
    "/reports/",
    "/extracts/",
    "/dhis2/",
    "/unmet-needs/",
    "/community/activities/",
    "/community/surveys/",
    "/practitioners/training/",
    "/network/",
]


def routes():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    return list(walk(get_resolver().url_patterns))


def sample(route: str) -> str | None:
    """A path that resolves to the route (its parameters filled in), or None for regex routes."""
    path = "/" + re.sub(r"<int:\w+>", "1", re.sub(r"<(str|path|slug):\w+>", "x", route))
    try:
        resolve(path)
    except Resolver404:
        return None
    return path


def closed_paths() -> list[str]:
    return sorted({p for p in map(sample, routes()) if p and not served_on_hub(p)})


def test_the_gate_closes_the_person_level_pages_and_keeps_the_hub_ones():
    assert not any(served_on_hub(path) for path in PERSON_LEVEL)
    assert all(
        served_on_hub(path)
        for path in ["/", "/hub/compare/", "/practices/", "/account/login/", "/administration/users/"]
    )
    assert not served_on_hub("/participants")  # "/" is served only exactly


@pytest.mark.parametrize("persona", ["administrator", "me_officer", None])
def test_on_a_hub_every_other_page_answers_404_whoever_asks(client, hub, persona, request):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    paths = closed_paths()
    assert len(paths) > 50 and {"/participants/register/", "/indicators/", "/reports/"} <= set(paths)
    wrong = [(path, status) for path in paths if (status := client.get(path).status_code) != 404]
    assert wrong == []
    posted = [(path, status) for path in paths if (status := client.post(path).status_code) != 404]
    assert posted == []


def test_on_a_hub_the_home_and_hub_pages_answer(client, hub, network_editor):
    client.force_login(network_editor)
    assert client.get("/").status_code == 200
    assert client.get("/hub/compare/").status_code == 200
    assert client.get("/hub/reports/").status_code == 200


def test_on_a_city_the_person_level_pages_are_there(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/indicators/").status_code != 404
