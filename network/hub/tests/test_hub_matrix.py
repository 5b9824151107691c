"""The authorization matrix of the hub's URLs as a hub answers them (homecoming's matrix runs as
a city, where they all answer 404), and odd query values on the pages that read them."""

import pytest
from django.urls import reverse

from conftest import PERSONAS

pytestmark = pytest.mark.django_db

ANON = "anonymous"
READERS = {"network_editor", "me_officer", "administrator"}


def readers(status: int = 200) -> dict:
    return {ANON: 302, **dict.fromkeys(READERS, status), "*": 404}


ADMINISTRATORS = {ANON: 302, "administrator": 200, "*": 404}
GET = {
    "hub_receive": {ANON: 405, "*": 405},
    "hub_reports": readers(),
    "hub_comparison": readers(),
    "hub_trends": readers(),
    "hub_upload": ADMINISTRATORS,
    "hub_enrol": ADMINISTRATORS,
}
# An empty post: the API answers the unknown city; the forms refuse the empty form (400).
POST = {
    "hub_receive": {ANON: 401, "*": 401},
    "hub_reports": {ANON: 302, "*": 405},
    "hub_comparison": {ANON: 302, "*": 405},
    "hub_trends": {ANON: 302, "*": 405},
    "hub_upload": {ANON: 302, "administrator": 400, "*": 404},
    "hub_enrol": {ANON: 302, "administrator": 400, "*": 404},
}


def expected(table: dict, name: str, persona: str) -> int:
    return table[name].get(persona, table[name]["*"])


@pytest.mark.parametrize("persona", [ANON, *PERSONAS])
def test_each_hub_url_answers_each_persona_as_the_matrix_says(client, hub, persona, request):
    if persona != ANON:
        client.force_login(request.getfixturevalue(persona))
    wrong = []
    for method, table in (("get", GET), ("post", POST)):
        for name in table:
            status = getattr(client, method)(reverse(name)).status_code
            if status != expected(table, name, persona):
                wrong.append(f"{persona} {method} {name}: expected {expected(table, name, persona)}, got {status}")
    assert wrong == []


ODD_VALUES = ["²", "٣", "9" * 40, "", "abc", "[]", "x" * 10_000]


@pytest.mark.parametrize(
    "name, parameters", [("hub_comparison", ["indicator", "period"]), ("hub_trends", ["indicator"])]
)
def test_odd_values_in_the_query_parameters_are_never_a_server_error(client, hub, network_editor, name, parameters):
    client.force_login(network_editor)
    client.raise_request_exception = False
    answers = {
        (parameter, value[:5]): client.get(reverse(name), {parameter: value}).status_code
        for parameter in parameters
        for value in ODD_VALUES
    }
    assert {key: status for key, status in answers.items() if status not in (200, 400)} == {}
