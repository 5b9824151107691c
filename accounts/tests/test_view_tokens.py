"""The account's API tokens page: the list for anyone signed in; making a token needs a recent
reauthentication and shows the secret once; revoking is for the token's owner."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from accounts.models import AccessToken
from accounts.tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def body(**changes) -> dict:
    expires_on = timezone.localdate() + datetime.timedelta(days=30)
    return {"name": "Services register", "scope": "read", "expires_on": expires_on.isoformat(), **changes}


def test_a_freshly_signed_in_user_makes_a_token_and_sees_its_secret_once(client, case_worker):
    sign_in(client, case_worker)
    response = client.post(reverse("access_tokens"), body())
    assert response.status_code == 200
    secret = response.context["secret"]
    token = AccessToken.objects.get(user=case_worker)
    assert tokens.working(secret) == token and secret in response.content.decode()
    listed = client.get(reverse("access_tokens")).content.decode()
    assert secret not in listed
    # It acts in the membership the user acts in now, and the list says which.
    assert token.membership == case_worker.memberships.get()
    assert "as Case worker, Almaty Social Services" in listed


def test_making_a_token_asks_for_the_password_again_after_a_while(client, case_worker, settings, monkeypatch):
    sign_in(client, case_worker)
    later = timezone.now().timestamp() + settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 60
    monkeypatch.setattr("allauth.account.internal.flows.reauthentication.time.time", lambda: later)
    assert client.get(reverse("access_tokens")).status_code == 200
    response = client.post(reverse("access_tokens"), body())
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    assert not AccessToken.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [{"expires_on": "2020-01-01"}, {"expires_on": "not a date"}, {"scope": "admin"}, {"name": ""}],
)
def test_bad_input_is_refused_with_a_message_and_makes_no_token(client, case_worker, changes):
    sign_in(client, case_worker)
    response = client.post(reverse("access_tokens"), body(**changes))
    assert response.status_code == 400 and response.context["form"].errors
    assert not AccessToken.objects.exists()


def test_the_owner_revokes_a_token_and_nobody_else_can(client, case_worker, psychologist):
    sign_in(client, case_worker)
    client.post(reverse("access_tokens"), body())
    token = AccessToken.objects.get()
    client.force_login(psychologist)
    assert client.post(reverse("access_token_revoke", args=[token.pk])).status_code == 404
    client.force_login(case_worker)
    assert client.post(reverse("access_token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
