import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.urls import reverse

from core.models import AuditEvent
from network.exchange import dsse
from network.hub.models import MemberCity, token_hash
from network.hub.tests.helpers import public_text

pytestmark = pytest.mark.django_db


def form(key, fingerprint=None):
    spoken = fingerprint or dsse.fingerprint(key.public_key())
    return {"name": "Aktau", "slug": "aktau", "public_key": public_text(key), "fingerprint": spoken}


def test_an_administrator_enrols_a_city_and_sees_its_token_once(client, hub, administrator):
    client.force_login(administrator)
    key = Ed25519PrivateKey.generate()
    # Read out over the phone in groups of four, in capitals.
    spoken = " ".join(dsse.fingerprint(key.public_key())[i : i + 4].upper() for i in range(0, 64, 4))
    response = client.post(reverse("hub_enrol"), form(key, spoken))
    assert response.status_code == 200
    token = response.context["token"]
    member = MemberCity.objects.get()
    assert member.token_hash == token_hash(token) and token not in member.token_hash
    assert member.keys.get().fingerprint == dsse.fingerprint(key.public_key())
    assert AuditEvent.objects.filter(action="hub.city_enrolled", object_ref=str(member.pk)).exists()
    assert token not in client.get(reverse("hub_enrol")).content.decode()


def test_a_fingerprint_that_does_not_match_the_key_enrols_nothing(client, hub, administrator):
    client.force_login(administrator)
    key = Ed25519PrivateKey.generate()
    stranger = dsse.fingerprint(Ed25519PrivateKey.generate().public_key())
    response = client.post(reverse("hub_enrol"), form(key, stranger))
    assert response.status_code == 400
    assert "does not match" in response.content.decode()
    assert MemberCity.objects.count() == 0


def test_a_key_that_is_not_an_ed25519_key_enrols_nothing(client, hub, administrator):
    client.force_login(administrator)
    response = client.post(reverse("hub_enrol"), form(Ed25519PrivateKey.generate()) | {"public_key": "bm90IGEga2V5"})
    assert response.status_code == 400
    assert MemberCity.objects.count() == 0


@pytest.mark.parametrize("persona", ["network_editor", "me_officer", "coordinator"])
def test_only_administrators_enrol(client, hub, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("hub_enrol")).status_code == 404


def test_a_city_instance_has_no_enrolment_page(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("hub_enrol")).status_code == 404
