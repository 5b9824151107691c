import time

from django.urls import reverse

from accounts.middleware import LAST_SEEN_KEY
from accounts.tests.helpers import sign_in


def _age_session(client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def test_a_user_idle_longer_than_the_timeout_is_signed_out(client, cso_partner, settings):
    sign_in(client, cso_partner)
    _age_session(client, settings.HOMECOMING_IDLE_TIMEOUT + 5)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not client.get(reverse("account_overview")).wsgi_request.user.is_authenticated
    login_page = client.get(response["Location"])
    assert "signed out after a period without activity" in login_page.content.decode()


def test_activity_within_the_timeout_keeps_the_session(client, cso_partner, settings):
    sign_in(client, cso_partner)
    _age_session(client, settings.HOMECOMING_IDLE_TIMEOUT - 120)
    assert client.get(reverse("home")).status_code == 200
    assert client.session[LAST_SEEN_KEY] >= int(time.time()) - 2


def test_the_timeout_is_configurable(client, cso_partner, settings):
    settings.HOMECOMING_IDLE_TIMEOUT = 60
    sign_in(client, cso_partner)
    _age_session(client, 120)
    assert client.get(reverse("home")).status_code == 302
