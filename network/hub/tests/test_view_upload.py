import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from network.hub.models import ReceivedReport
from network.hub.tests.helpers import enrolled, envelope_bytes, payload

pytestmark = pytest.mark.django_db


def upload(client, member, body):
    file = SimpleUploadedFile("report.json", body, content_type="application/json")
    return client.post(reverse("hub_upload"), {"member": member.pk, "envelope": file})


def test_an_administrator_uploads_an_air_gapped_city_report_and_it_is_stored(client, hub, administrator):
    member, _token, key = enrolled()
    client.force_login(administrator)
    assert client.get(reverse("hub_upload")).status_code == 200
    response = upload(client, member, envelope_bytes(payload(), key))
    assert response.status_code == 200
    assert "Stored" in response.content.decode()
    assert ReceivedReport.objects.get().member == member
    again = upload(client, member, envelope_bytes(payload(), key))
    assert "already stored" in again.content.decode()


def test_an_upload_gets_the_same_checks_and_shows_the_reason(client, hub, administrator):
    member, _token, _key = enrolled()
    client.force_login(administrator)
    response = upload(client, member, envelope_bytes(payload(), Ed25519PrivateKey.generate()))
    assert response.status_code == 400
    assert "unknown_key" in response.content.decode()
    assert ReceivedReport.objects.count() == 0


def test_an_upload_as_another_city_is_refused_by_the_schema(client, hub, administrator):
    _aktau, _token, key = enrolled()
    shymkent, _token, _other = enrolled("Shymkent", "shymkent")
    client.force_login(administrator)
    response = upload(client, shymkent, envelope_bytes(payload(), key))
    assert response.status_code == 400
    assert ReceivedReport.objects.count() == 0


@pytest.mark.parametrize("persona", ["network_editor", "me_officer"])
def test_only_administrators_upload(client, hub, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("hub_upload")).status_code == 404


def test_a_city_instance_has_no_upload_page(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("hub_upload")).status_code == 404
