"""/dhis2/download/: the document and the sidecar as files, audited; nothing for others."""

import json

import pytest

from core.models import AuditEvent
from mel.dhis2.tests.helpers import map_as_in_the_demo, participants, shape_problems
from mel.views import default_period


@pytest.fixture
def mapped(city_a, city_b, coordinator):
    map_as_in_the_demo()
    participants(city_a.social, coordinator)


def download(client, user, **body):
    client.force_login(user)
    return client.post("/dhis2/download/", {"period": default_period().code, "city": "", "file": "json", **body})


def test_the_document_downloads_as_a_json_file_with_the_datavaluesets_shape(client, me_officer, mapped):
    response = download(client, me_officer)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="dhis2-{default_period().code}-all.json"'
    document = json.loads(response.content)
    assert shape_problems(document) == []
    assert document["dataValues"]


def test_the_sidecar_downloads_with_what_is_left_out(client, coordinator, mapped):
    response = download(client, coordinator, file="sidecar", city="almaty")
    assert response["Content-Disposition"].endswith('-almaty.sidecar.json"')
    sidecar = json.loads(response.content)
    assert sidecar["leftOut"] and sidecar["unmapped"]


def test_a_download_is_audited_with_the_period(client, me_officer, mapped):
    download(client, me_officer)
    event = AuditEvent.objects.get(action="dhis2.exported")
    assert (event.object_type, event.object_ref, event.actor) == ("dhis2", default_period().code, me_officer)


@pytest.mark.parametrize("body", [{"file": "xlsx"}, {"period": "2999Q1"}, {"city": "shymkent"}])
def test_a_wrong_choice_is_refused_and_not_audited(client, me_officer, mapped, body):
    assert download(client, me_officer, **body).status_code == 400
    assert not AuditEvent.objects.filter(action="dhis2.exported").exists()


@pytest.mark.parametrize("persona", ["case_worker", "cso_partner", "network_editor", "administrator", "outsider"])
def test_everyone_else_gets_not_found_and_nothing_is_audited(client, request, mapped, persona):
    assert download(client, request.getfixturevalue(persona)).status_code == 404
    assert not AuditEvent.objects.filter(action="dhis2.exported").exists()


def test_a_download_is_posted_never_fetched(client, me_officer, mapped):
    client.force_login(me_officer)
    assert client.get("/dhis2/download/").status_code == 405
