"""The hub's administrators' site: a member city made inactive, and a rotated key added only when the
fingerprint the city read out matches; each change audited. Not on a city."""

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.urls import reverse

from accounts.tests.helpers import sign_in
from core.models import AuditEvent
from network.exchange import dsse
from network.hub.models import MemberKey
from network.hub.tests.helpers import enrolled, public_text

pytestmark = pytest.mark.django_db


def form(member, new_key, fingerprint) -> dict:
    old = member.keys.get()
    return {
        "name": member.name,
        "active": "",
        "keys-TOTAL_FORMS": "2",
        "keys-INITIAL_FORMS": "1",
        "keys-MIN_NUM_FORMS": "0",
        "keys-MAX_NUM_FORMS": "1000",
        "keys-0-id": old.pk,
        "keys-0-member": member.pk,
        "keys-0-public_key": old.public_key,
        "keys-0-fingerprint": old.fingerprint,
        "keys-0-valid_from_0": "2026-01-01",
        "keys-0-valid_from_1": "00:00:00",
        "keys-0-valid_until_0": "2027-01-31",
        "keys-0-valid_until_1": "00:00:00",
        "keys-1-member": member.pk,
        "keys-1-public_key": public_text(new_key),
        "keys-1-fingerprint": fingerprint,
        "keys-1-valid_from_0": "2026-12-01",
        "keys-1-valid_from_1": "00:00:00",
    }


def test_the_administrator_adds_a_rotated_key_only_with_its_fingerprint_and_it_is_audited(client, hub, administrator):
    member, _token, _key = enrolled()
    new_key = Ed25519PrivateKey.generate()
    sign_in(client, administrator)
    url = reverse("admin:network_membercity_change", args=[member.pk])
    wrong = client.post(url, form(member, new_key, dsse.fingerprint(Ed25519PrivateKey.generate().public_key())))
    assert wrong.status_code == 200 and "The fingerprint does not match" in wrong.content.decode()
    assert MemberKey.objects.count() == 1

    right = client.post(url, form(member, new_key, dsse.fingerprint(new_key.public_key()).upper()))
    assert right.status_code == 302
    member.refresh_from_db()
    assert not member.active
    assert sorted(member.keys.values_list("fingerprint", flat=True)) == sorted(
        [dsse.fingerprint(new_key.public_key()), member.keys.first().fingerprint]
    )
    assert member.keys.get(fingerprint=dsse.fingerprint(new_key.public_key())).valid_until is None
    assert AuditEvent.objects.filter(action="hub.city_changed", object_ref=str(member.pk)).count() == 1


def test_members_are_enrolled_on_the_hub_page_and_never_deleted_here(client, hub, administrator):
    member, _token, _key = enrolled()
    sign_in(client, administrator)
    assert client.get(reverse("admin:network_membercity_add")).status_code == 403
    assert client.get(reverse("admin:network_membercity_delete", args=[member.pk])).status_code == 403


def test_a_city_has_no_member_cities_in_its_administration(client, administrator):
    sign_in(client, administrator)
    assert client.get(reverse("admin:network_membercity_changelist")).status_code == 403
    assert "Member cities" not in client.get(reverse("admin:index")).content.decode()
