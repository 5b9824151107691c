import time

from django.urls import reverse

from accounts.middleware import SIGNED_IN_AT_KEY
from accounts.tests.helpers import sign_in


def _signed_in_ago(client, seconds: int) -> None:
    session = client.session
    session[SIGNED_IN_AT_KEY] = int(time.time()) - seconds
    session.save()


def test_an_active_session_ends_at_its_absolute_lifetime_from_sign_in(client, cso_partner, settings):
    sign_in(client, cso_partner)
    assert client.get(reverse("home")).status_code == 200  # active: the idle timeout never fires
    _signed_in_ago(client, settings.SESSION_COOKIE_AGE + 5)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not client.get(reverse("account_overview")).wsgi_request.user.is_authenticated
    login_page = client.get(response["Location"])
    assert "sessions last at most 12 hours" in login_page.content.decode()


def test_a_session_younger_than_its_lifetime_goes_on(client, cso_partner, settings):
    sign_in(client, cso_partner)
    _signed_in_ago(client, settings.SESSION_COOKIE_AGE - 120)
    assert client.get(reverse("home")).status_code == 200


def test_sign_in_stamps_the_session_with_its_time(client, cso_partner):
    before = int(time.time())
    sign_in(client, cso_partner)
    assert before <= client.session[SIGNED_IN_AT_KEY] <= int(time.time())


def test_a_session_without_a_sign_in_time_ends(client, cso_partner):
    sign_in(client, cso_partner)
    session = client.session
    session.pop(SIGNED_IN_AT_KEY, None)
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
