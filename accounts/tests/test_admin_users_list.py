"""The administrator's list of users: searched by username, name or e-mail, filtered by status, in pages."""

import pytest
from django.urls import reverse

from conftest import make_user

URL = reverse("administration_users")


@pytest.fixture
def signed_in(client, administrator):
    client.force_login(administrator)
    return client


def _listed(response) -> list[str]:
    return [user.username for user in response.context["page"].object_list]


def test_the_list_finds_users_by_username_name_or_email(signed_in, city_a):
    aigerim = make_user("a.aigerim", organisation=city_a.cso, role="partner")
    aigerim.first_name, aigerim.last_name, aigerim.email = "Aigerim", "Sarsenova", "as@example.org"
    aigerim.save()
    for text in ("aigerim", "SARSEN", "as@example"):
        assert _listed(signed_in.get(URL, {"q": text})) == ["a.aigerim"]


def test_the_list_shows_only_deactivated_users_when_asked(signed_in, cso_partner):
    cso_partner.is_active = False
    cso_partner.save(update_fields=["is_active"])
    assert _listed(signed_in.get(URL, {"active": "no"})) == ["a.cso"]
    assert "a.cso" not in _listed(signed_in.get(URL, {"active": "yes"}))


def test_the_list_comes_in_pages_in_username_order(signed_in, django_user_model):
    django_user_model.objects.bulk_create([django_user_model(username=f"u{n:02}") for n in range(30)])
    first, second = signed_in.get(URL), signed_in.get(URL, {"page": "2"})
    assert _listed(first)[:2] == ["a.admin", "u00"]
    assert len(_listed(first)) == 25
    assert _listed(second)[-1] == "u29"
    assert "page=2" in first.content.decode()


def test_an_odd_page_or_filter_is_answered_calmly(signed_in):
    assert signed_in.get(URL, {"page": "²", "active": "maybe"}).status_code == 200


def test_the_list_is_not_found_for_a_coordinator(client, coordinator):
    client.force_login(coordinator)
    assert client.get(URL).status_code == 404
