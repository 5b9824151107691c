from django.urls import reverse

from accounts.tests.helpers import sign_in


def test_language_switch_persists_for_the_user_across_sessions(client, cso_partner):
    sign_in(client, cso_partner)
    response = client.post(reverse("set_language"), {"language": "kk", "next": "/account/"})
    assert response["Location"] == "/account/"
    cso_partner.refresh_from_db()
    assert cso_partner.language == "kk"
    client.logout()
    client.cookies.clear()
    sign_in(client, cso_partner)
    page = client.get(reverse("home"))
    assert page["Content-Language"] == "kk"
    assert '<html lang="kk">' in page.content.decode()


def test_russian_pages_are_translated(client, cso_partner):
    sign_in(client, cso_partner)
    client.post(reverse("set_language"), {"language": "ru"})
    page = client.get(reverse("account_overview")).content.decode()
    assert "Мой аккаунт" in page or "Моя учётная запись" in page


def test_anonymous_visitors_switch_language_with_a_cookie(client, db):
    client.post(reverse("set_language"), {"language": "ru"})
    page = client.get(reverse("account_login"))
    assert page["Content-Language"] == "ru"


def test_an_unknown_language_is_refused(client, db):
    assert client.post(reverse("set_language"), {"language": "xx"}).status_code == 400


def test_next_cannot_send_the_user_to_another_site(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")
