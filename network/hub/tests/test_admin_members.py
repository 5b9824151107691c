"""The hub's member cities in its administration: a member made inactive, a rotated key added only when the
fingerprint the city read out matches, an old key given an end; each change audited. Not on a city."""

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.urls import reverse

from accounts.tests.helpers import sign_in
from core.models import AuditEvent
from network.exchange import dsse
from network.hub.models import MemberKey
from network.hub.tests.helpers import enrolled, public_text

pytestmark = pytest.mark.django_db


def key_form(new_key, fingerprint) -> dict:
    return {"public_key": public_text(new_key), "fingerprint": fingerprint, "valid_from": "2026-12-01T00:00"}


def test_the_administrator_adds_a_rotated_key_only_with_its_fingerprint_and_it_is_audited(client, hub, administrator):
    member, _token, _key = enrolled()
    new_key = Ed25519PrivateKey.generate()
    sign_in(client, administrator)
    url = reverse("admin_member_key_new", args=[member.pk])
    wrong = client.post(url, key_form(new_key, dsse.fingerprint(Ed25519PrivateKey.generate().public_key())))
    assert wrong.status_code == 200 and "The fingerprint does not match" in wrong.content.decode()
    assert MemberKey.objects.count() == 1

    right = client.post(url, key_form(new_key, dsse.fingerprint(new_key.public_key()).upper()))
    assert right.status_code == 302
    added = member.keys.get(fingerprint=dsse.fingerprint(new_key.public_key()))
    assert added.valid_until is None and member.keys.count() == 2
    assert AuditEvent.objects.filter(action="hub.city_changed", object_ref=str(member.pk)).count() == 1
    again = client.post(url, key_form(new_key, dsse.fingerprint(new_key.public_key())))
    assert "already registered" in again.content.decode() and member.keys.count() == 2


def test_the_old_key_is_given_an_end_and_it_is_audited(client, hub, administrator):
    member, _token, _key = enrolled()
    old = member.keys.get()
    sign_in(client, administrator)
    url = reverse("admin_member_key_end", args=[member.pk, old.pk])
    assert client.post(url, {"valid_until": "2000-01-01T00:00"}).status_code == 200  # before it began
    assert client.post(url, {"valid_until": "2099-01-31T00:00"}).status_code == 302
    old.refresh_from_db()
    assert (old.valid_until.year, old.valid_until.month) == (2099, 1)
    assert AuditEvent.objects.filter(action="hub.city_changed", object_ref=str(member.pk)).count() == 1


def test_a_member_made_inactive_is_audited_and_its_page_shows_its_keys(client, hub, administrator):
    member, _token, _key = enrolled()
    sign_in(client, administrator)
    url = reverse("admin_member", args=[member.pk])
    page = client.get(url).content.decode()
    assert member.keys.get().fingerprint in page and member.keys.get().public_key in page
    assert client.post(url, {"name": "Aktau city", "organisation": "", "active": ""}).status_code == 302
    member.refresh_from_db()
    assert (member.name, member.active) == ("Aktau city", False)
    assert AuditEvent.objects.filter(action="hub.city_changed", object_ref=str(member.pk)).count() == 1
    assert "Aktau city" in client.get(reverse("admin_members")).content.decode()


def test_members_are_enrolled_on_the_hub_page_and_never_deleted_here(client, hub, administrator):
    member, _token, _key = enrolled()
    sign_in(client, administrator)
    assert reverse("hub_enrol") in client.get(reverse("admin_members")).content.decode()
    assert client.get("/administration/members/new/").status_code == 404
    assert client.post(f"/administration/members/{member.pk}/delete/").status_code == 404


def test_no_one_but_an_administrator_reaches_the_members(client, hub, network_editor):
    member, _token, _key = enrolled()
    sign_in(client, network_editor)
    assert client.get(reverse("admin_members")).status_code == 404
    assert client.post(reverse("admin_member", args=[member.pk]), {"name": "X", "active": ""}).status_code == 404


def test_a_city_has_no_member_cities_in_its_administration(client, administrator):
    sign_in(client, administrator)
    assert client.get(reverse("admin_members")).status_code == 404
    assert reverse("admin_members") not in client.get(reverse("home")).content.decode()


def test_on_a_hub_the_citys_areas_are_closed_and_the_members_shown(client, hub, administrator):
    sign_in(client, administrator)
    home = client.get(reverse("home")).content.decode()
    assert reverse("admin_members") in home and reverse("admin_instruments") not in home
    assert client.get(reverse("admin_instruments")).status_code == 404
    client.logout()
    assert client.get(reverse("admin_instruments")).status_code == 404
