"""Bad input gets a problem that says what is wrong, and nothing is written."""

import pytest
from django.utils import timezone

from casework.models import ContactNote


@pytest.fixture
def notes_url(family) -> str:
    return f"/api/v1/participants/{family.mother.code}/notes"


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _note(**changes) -> dict:
    return {"occurred_on": timezone.localdate().isoformat(), "kind": "visit", "text": "Visit", **changes}


def test_malformed_json_is_refused(api_as, case_worker, notes_url):
    response = _post(api_as(case_worker), notes_url, '{"kind": "visit",')
    assert (response.status_code, response.json()["detail"]) == (400, "The body is not valid JSON.")
    assert not ContactNote.objects.exists()


def test_an_unknown_field_is_refused_by_name(api_as, case_worker, notes_url):
    response = _post(api_as(case_worker), notes_url, _note(mood="fine"))
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "mood", "message": "Extra inputs are not permitted"}]
    assert not ContactNote.objects.exists()


def test_a_wrong_type_is_refused_by_name(api_as, case_worker, notes_url):
    response = _post(api_as(case_worker), notes_url, _note(occurred_on="yesterday-ish"))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["occurred_on"]
    assert not ContactNote.objects.exists()


def test_the_pages_rules_apply_a_future_date_and_an_unknown_domain(api_as, case_worker, notes_url):
    client = api_as(case_worker)
    future = _post(client, notes_url, _note(occurred_on="2999-01-01"))
    assert future.status_code == 422 and [e["field"] for e in future.json()["errors"]] == ["occurred_on"]
    unknown = _post(client, notes_url, _note(domains=["housing", "astrology"]))
    assert unknown.json()["errors"] == [{"field": "domains", "message": "Unknown codes: astrology."}]
    assert not ContactNote.objects.exists()


def test_a_clinical_note_is_refused_to_someone_without_a_clinical_discipline(api_as, case_worker, notes_url):
    response = _post(api_as(case_worker), notes_url, _note(sensitivity="clinical"))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["sensitivity"]


def test_a_huge_body_is_refused_before_it_is_read(api_as, case_worker, notes_url, settings):
    settings.HOMECOMING_API_MAX_BODY = 2048
    response = _post(api_as(case_worker), notes_url, _note(text="x" * 5000))
    assert response.status_code == 413
    assert response.json()["detail"] == "The body is larger than 2048 bytes."
    assert not ContactNote.objects.exists()


def test_an_invented_cursor_is_refused(api_as, case_worker, family):
    response = api_as(case_worker).get("/api/v1/participants?cursor=not-ours")
    assert response.status_code == 400
    assert response.json()["detail"] == "The cursor is not one this API gave: start again without it."


def test_a_bad_filter_names_the_field(api_as, case_worker, family):
    response = api_as(case_worker).get("/api/v1/participants?phase=somewhere")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["phase"]


def test_problems_speak_the_users_language(api_as, case_worker, family):
    case_worker.language = "ru"
    case_worker.save(update_fields=["language"])
    response = api_as(case_worker).get("/api/v1/participants/ZZZZ-ZZZZ")
    assert response.json()["detail"] == "Не найдено."  # noqa: RUF001
    assert response.json()["title"] == "Not Found"  # the HTTP phrase, as RFC 9457 asks of about:blank
