"""GET /api/v1/practices and /practices/{id}: the library under its own rules, public fields only."""

import pytest
from django.urls import reverse

from conftest import PERSONAS
from core.actor import Actor
from network.library.actions import add_attachment, reindex
from network.library.models import Practice, PracticeTranslation
from network.library.tests import files
from network.library.tests.builders import make_practice

URL = "/api/v1/practices"
CITY_A = ("coordinator", "case_worker", "psychologist", "cso_partner", "police_partner", "me_officer")
CITY_A += ("network_editor", "administrator")


@pytest.fixture
def published(city_a, network_editor, coordinator) -> Practice:
    return make_practice(network_editor, city_a.social, title="Published", state="published", reviewer=coordinator)


@pytest.fixture
def draft(city_a, network_editor) -> Practice:
    practice = make_practice(network_editor, city_a.social, title="A draft")
    Practice.objects.filter(pk=practice.pk).update(return_reason="Say more about the teachers.")
    return practice


def titles(client, **query) -> list[str]:
    response = client.get(URL, query)
    assert response.status_code == 200, response.content
    return [p["title"] for p in response.json()["items"]]


def page_status(client, user, practice: Practice) -> int:
    client.force_login(user)
    return client.get(reverse("practice", args=[practice.pk])).status_code


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "outsider"])  # who can make no token
def test_a_draft_opens_only_for_whom_the_page_shows_it(request, client, api_as, draft, persona):
    user = request.getfixturevalue(persona)
    want = 200 if persona == "network_editor" else 404
    assert api_as(user).get(f"{URL}/{draft.pk}").status_code == want
    assert page_status(client, user, draft) == want


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "outsider"])
def test_a_published_practice_opens_for_its_citys_members_only(request, client, api_as, published, persona):
    user = request.getfixturevalue(persona)
    want = 200 if persona in CITY_A else 404
    assert api_as(user).get(f"{URL}/{published.pk}").status_code == want
    assert page_status(client, user, published) == want


def test_a_coordinator_does_not_see_a_draft_in_the_list_nor_open_it(api_as, coordinator, draft, published):
    client = api_as(coordinator)
    assert titles(client) == ["Published"]
    response = client.get(f"{URL}/{draft.pk}")
    assert response.status_code == 404
    assert response.json() == client.get(f"{URL}/{draft.pk + 1000}").json()


def test_the_network_editor_lists_drafts_too(api_as, network_editor, draft, published):
    assert titles(api_as(network_editor)) == ["A draft", "Published"]


def test_another_citys_members_list_none_of_city_as_practices(api_as, other_case_worker, published):
    assert titles(api_as(other_case_worker)) == []


def test_a_practice_carries_its_public_fields_and_never_who_wrote_or_reviewed_it(
    api_as, network_editor, coordinator, draft
):
    add_attachment(actor=Actor.of(network_editor), practice=draft, name="attendance.pdf", data=files.PDF)
    PracticeTranslation.objects.create(practice=draft, language="ru", title="Школа", summary="Учителя готовы.")
    response = api_as(network_editor).get(f"{URL}/{draft.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["attachments"] == [{"name": "attendance.pdf", "size": len(files.PDF)}]
    assert body["translations"] == [
        {"language": "ru", "title": "Школа", "summary": "Учителя готовы.", "what_was_done": ""}
    ]
    assert (body["state"], body["city"], body["organisation"]) == ("draft", "Almaty", "Almaty Social Services")
    assert (body["phases"], body["domains"], body["target_groups"]) == (
        ["reintegration"],
        ["education"],
        ["children_6_11"],
    )
    assert body["evidence_text"].startswith("Attendance records")
    text = response.content.decode()
    for private in (
        "drafted_by",
        "reviewed_by",
        "return_reason",
        "Say more about the teachers",
        network_editor.username,
    ):
        assert private not in text
    assert "practices/" not in text  # no stored file path


def test_filters_narrow_as_on_the_library_page(api_as, city_a, network_editor):
    make_practice(network_editor, city_a.social, title="School")
    make_practice(
        network_editor,
        city_a.social,
        title="Jobs",
        phases=["resilience"],
        domains=["livelihood"],
        target_groups=["women"],
        evidence_strength="before_after",
        status="peer_reviewed",
    )
    client = api_as(network_editor)
    assert titles(client, phase="resilience") == ["Jobs"]
    assert titles(client, domain="education") == ["School"]
    assert titles(client, group="women") == ["Jobs"]
    assert titles(client, evidence="before_after") == ["Jobs"]
    assert titles(client, status="inspiring") == ["School"]


def test_the_search_finds_words_of_a_translation(api_as, network_editor, draft):
    PracticeTranslation.objects.create(practice=draft, language="ru", title="Школа", summary="Учителя готовы.")
    reindex(draft)
    client = api_as(network_editor)
    assert titles(client, q="учителя") == ["A draft"]
    assert titles(client, q="nothing-like-it") == []


def test_an_unknown_filter_code_is_refused_naming_the_field(api_as, network_editor):
    response = api_as(network_editor).get(URL, {"phase": "moon"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["phase"]


def test_practices_come_a_page_at_a_time(api_as, network_editor, draft, published):
    client = api_as(network_editor)
    first = client.get(URL, {"limit": 1}).json()
    assert [p["id"] for p in first["items"]] == [draft.pk]
    second = client.get(URL, {"limit": 1, "cursor": first["next"]}).json()
    assert [p["id"] for p in second["items"]] == [published.pk] and second["next"] is None
