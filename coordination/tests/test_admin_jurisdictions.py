"""The administrator's jurisdictions (issue 18 §12): listed, filtered by level, searched in any of
their three names, added and edited (names in English, Russian and Kazakh), every change audited."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from directory.models import Jurisdiction


@pytest.fixture
def administrator_client(client, administrator):
    client.force_login(administrator)
    return client


def test_the_list_filters_by_level_and_searches_every_name(administrator_client, city_a, city_b):
    Jurisdiction.objects.filter(pk=city_a.city.pk).update(name_ru="Алматы")
    page = administrator_client.get(reverse("admin_jurisdictions"), {"level": "city"}).content.decode()
    assert "Almaty" in page and "Shymkent" in page and "Kazakhstan" not in page
    found = administrator_client.get(reverse("admin_jurisdictions"), {"q": "Алма"}).content.decode()
    assert "Almaty" in found and "Shymkent" not in found


def test_a_level_that_does_not_exist_is_a_calm_400(administrator_client, city_a):
    assert administrator_client.get(reverse("admin_jurisdictions"), {"level": "planet"}).status_code == 400


def test_an_administrator_adds_a_city_with_its_three_names_and_it_is_audited(
    administrator_client, administrator, city_a
):
    region = city_a.city.parent
    response = administrator_client.post(
        reverse("admin_jurisdiction_new"),
        {
            "name": "Aktau",
            "name_ru": "Актау",
            "name_kk": "Ақтау",
            "slug": "aktau",
            "level": "city",
            "parent": region.pk,
        },
    )
    assert response.status_code == 302
    aktau = Jurisdiction.objects.get(slug="aktau")
    assert (aktau.name_ru, aktau.name_kk, aktau.parent) == ("Актау", "Ақтау", region)
    event = AuditEvent.objects.get(action="jurisdiction.added")
    assert (event.actor, event.object_ref, event.reason) == (administrator, str(aktau.pk), "")


def test_an_edit_is_audited_with_the_fields_it_changed_and_never_their_values(administrator_client, city_a):
    city = city_a.city
    data = {"name": city.name, "name_ru": "Алматы", "name_kk": "", "slug": city.slug, "level": "city"}
    assert (
        administrator_client.post(
            reverse("admin_jurisdiction", args=[city.pk]), {**data, "parent": city.parent_id}
        ).status_code
        == 302
    )
    city.refresh_from_db()
    assert city.name_ru == "Алматы"
    event = AuditEvent.objects.get(action="jurisdiction.changed")
    assert event.object_ref == str(city.pk) and event.reason == "fields=name_ru"


def test_a_city_must_be_part_of_a_region(administrator_client, country):
    response = administrator_client.post(
        reverse("admin_jurisdiction_new"), {"name": "Aktau", "slug": "aktau", "level": "city", "parent": country.pk}
    )
    assert response.status_code == 200
    assert "A city must be part of a region." in response.content.decode()
    assert not Jurisdiction.objects.filter(slug="aktau").exists()
    assert not AuditEvent.objects.filter(action__startswith="jurisdiction.").exists()


def test_the_level_of_a_jurisdiction_with_parts_cannot_change(administrator_client, city_a):
    region = city_a.city.parent
    data = {"name": region.name, "slug": region.slug, "level": "city", "parent": ""}
    response = administrator_client.post(reverse("admin_jurisdiction", args=[region.pk]), data)
    assert "its level cannot change" in response.content.decode()
    region.refresh_from_db()
    assert region.level == "region"


@pytest.mark.parametrize("persona", ["coordinator", "me_officer"])
def test_anyone_but_an_administrator_finds_nothing_there(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("admin_jurisdictions")).status_code == 404
    assert client.post(reverse("admin_jurisdiction_new"), {"name": "X"}).status_code == 404
