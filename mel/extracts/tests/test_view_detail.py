"""/extracts/<id>/: the request's page, for its requester and the coordinators who may decide it."""

import pytest

from mel.extracts import actions
from mel.extracts.tests.helpers import households, request
from people.tests.builders import actor_of


@pytest.fixture
def extract(city_a, me_officer):
    households(city_a.social, 5)
    return request(me_officer)


def page(client, user, extract):
    client.force_login(user)
    return client.get(f"/extracts/{extract.pk}/")


def test_the_coordinator_sees_the_decision_form_and_the_requester_waits(client, extract, me_officer, coordinator):
    shown = page(client, coordinator, extract)
    assert shown.status_code == 200 and f"extracts/{extract.pk}/decide/" in shown.content.decode()
    mine = page(client, me_officer, extract).content.decode()
    assert "decide/" not in mine and "once a coordinator has approved it" in mine


def test_the_requester_sees_download_buttons_once_approved(client, extract, me_officer, coordinator):
    actions.approve_extract(actor=actor_of(coordinator), extract=extract)
    text = page(client, me_officer, extract).content.decode()
    assert f"/extracts/{extract.pk}/download.xlsx" in text and "3 downloads left" in text
    assert f"/extracts/{extract.pk}/download" not in page(client, coordinator, extract).content.decode()


def test_after_the_last_download_the_page_says_why_none_is_offered(client, extract, me_officer, coordinator, settings):
    settings.HOMECOMING_EXTRACT_MAX_DOWNLOADS = 1
    actions.approve_extract(actor=actor_of(coordinator), extract=extract)
    actions.record_download(actor=actor_of(me_officer), extract=extract, file_format="xlsx")
    text = page(client, me_officer, extract).content.decode()
    assert "downloaded as often as allowed" in text and "download.xlsx" not in text


def test_others_find_no_such_request(client, extract, case_worker, other_coordinator, administrator, outsider):
    for user in (case_worker, other_coordinator, administrator, outsider):
        assert page(client, user, extract).status_code == 404
    client.force_login(administrator)
    assert client.get("/extracts/999999/").status_code == 404
