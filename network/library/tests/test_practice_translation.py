"""Translating a practice: the city's network editors, into another of the three languages, also
once it is published; audited, and found by the search at once."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from network.library import search
from network.library.models import Practice
from network.library.tests.builders import make_practice

RUSSIAN = {"title": "Зачисление в школу", "summary": "Дети идут в школу в первый месяц.", "what_was_done": ""}


@pytest.fixture
def published(city_a, network_editor, coordinator):
    return make_practice(network_editor, city_a.social, state=Practice.State.PUBLISHED, reviewer=coordinator)


def url(practice, language="ru") -> str:
    return reverse("practice_translation", args=[practice.pk, language])


def test_the_editor_translates_a_published_practice_and_the_search_finds_it(client, network_editor, published):
    client.force_login(network_editor)
    assert client.get(url(published)).status_code == 200
    assert client.post(url(published), RUSSIAN).status_code == 302
    assert published.translations.get(language="ru").title == "Зачисление в школу"
    assert list(search.matching(Practice.objects.all(), "зачислен")) == [published]
    event = AuditEvent.objects.get(action="practice.edited", object_ref=str(published.pk))
    assert event.reason == "translation ru"


def test_saving_again_replaces_the_translation(client, network_editor, published):
    client.force_login(network_editor)
    client.post(url(published), RUSSIAN)
    client.post(url(published), {**RUSSIAN, "title": "Школа с первого месяца"})
    assert list(published.translations.values_list("title", flat=True)) == ["Школа с первого месяца"]


def test_an_empty_translation_is_refused_and_nothing_is_saved(client, network_editor, published):
    client.force_login(network_editor)
    response = client.post(url(published), {"title": "", "summary": ""})
    assert response.status_code == 400 and response.context["form"].errors.keys() == {"title", "summary"}
    assert not published.translations.exists()


@pytest.mark.parametrize("language", ["en", "de", "RU"])
def test_the_practice_own_language_or_an_unknown_one_is_not_found(client, network_editor, published, language):
    client.force_login(network_editor)
    assert client.get(url(published, language)).status_code == 404


def test_only_the_city_network_editors_translate(client, coordinator, case_worker, other_coordinator, published):
    for user in (coordinator, case_worker, other_coordinator):
        client.force_login(user)
        assert client.post(url(published), RUSSIAN).status_code == 404
    assert not published.translations.exists()


def test_a_withdrawn_practice_is_not_translated(client, network_editor, city_a):
    withdrawn = make_practice(network_editor, city_a.social, state=Practice.State.WITHDRAWN)
    client.force_login(network_editor)
    assert client.get(url(withdrawn)).status_code == 404


def test_the_practice_page_offers_the_two_other_languages(client, network_editor, published):
    client.force_login(network_editor)
    page = client.get(reverse("practice", args=[published.pk])).content.decode()
    assert url(published, "ru") in page and url(published, "kk") in page and url(published, "en") not in page
