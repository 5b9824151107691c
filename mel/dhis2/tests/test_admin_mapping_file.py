"""The mapping file on the administrator's pages: an administrator exports it and imports one, checked whole first."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEvent
from mel.dhis2.mapping import Mapping
from mel.dhis2.models import Dhis2DataElement
from mel.dhis2.tests.helpers import map_as_in_the_demo

EXPORT = "/administration/dhis2-mapping/mapping.json"
IMPORT = "/administration/dhis2-mapping/import/"


@pytest.fixture
def mapped(city_a, city_b):
    map_as_in_the_demo()


def upload(client, data) -> object:
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    return client.post(IMPORT, {"file": SimpleUploadedFile("mapping.json", body, "application/json")})


def test_the_administrator_exports_the_mapping_the_command_exports(client, administrator, mapped):
    client.force_login(administrator)
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="dhis2-mapping.json"'
    assert json.loads(response.content) == Mapping.load().as_file()
    assert "Import a mapping" in client.get("/administration/dhis2-mapping/").content.decode()


def test_an_uploaded_mapping_replaces_the_one_before_and_is_audited(client, administrator, mapped):
    client.force_login(administrator)
    smaller = Mapping.load().as_file()
    smaller["dataElements"] = smaller["dataElements"][:3]
    imports = AuditEvent.objects.filter(action="dhis2.mapping_changed", object_ref="import")
    before = imports.count()
    response = upload(client, smaller)
    assert response.status_code == 302 and response["Location"] == "/administration/dhis2-mapping/"
    assert Dhis2DataElement.objects.count() == 3
    assert imports.count() == before + 1 and imports.last().actor == administrator


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "The file is not JSON text (UTF-8)."),
        ("\ufeff".encode("utf-16"), "The file is not JSON text (UTF-8)."),
        (b"[1, 2]", "The mapping file is a JSON object."),
    ],
)
def test_a_file_that_is_no_mapping_is_refused_with_its_reason_and_changes_nothing(
    client, administrator, mapped, body, message
):
    client.force_login(administrator)
    before = Mapping.load().as_file()
    response = upload(client, body)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "Nothing was changed." in page and "<title>Error:" in page
    assert Mapping.load().as_file() == before


def test_an_unknown_indicator_is_named_and_nothing_is_changed(client, administrator, mapped):
    client.force_login(administrator)
    before = Mapping.load().as_file()
    spoiled = json.loads(json.dumps(before))
    spoiled["dataElements"][0]["indicator"] = "HC-NOPE-99"
    response = upload(client, spoiled)
    assert response.status_code == 400 and "HC-NOPE-99" in response.content.decode()
    assert Mapping.load().as_file() == before
    assert not AuditEvent.objects.filter(action="dhis2.mapping_changed", actor=administrator).exists()


@pytest.mark.parametrize("path", [EXPORT, IMPORT])
def test_no_one_but_an_administrator_reaches_the_mapping_file(client, coordinator, me_officer, mapped, path):
    for user in (coordinator, me_officer):
        client.force_login(user)
        assert client.get(path).status_code == 404
        assert upload(client, Mapping.load().as_file()).status_code == 404
