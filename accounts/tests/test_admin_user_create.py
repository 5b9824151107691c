"""An administrator creates an account: with an initial password the person changes at first
sign-in, or with none yet; audited by id, never by name."""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.tests.helpers import sign_in
from core.models import AuditEvent

URL = reverse("administration_user_new")
INITIAL = "an-initial-passphrase-31"


@pytest.fixture
def signed_in(client, administrator):
    client.force_login(administrator)
    return client


def _body(**overrides) -> dict:
    body = {
        "username": "a.dana",
        "first_name": "Dana",
        "last_name": "Omarova",
        "email": "dana@example.org",
        "language": "kk",
        "with_password": "yes",
        "password1": INITIAL,
        "password2": INITIAL,
    }
    return body | overrides


def test_a_new_user_with_an_initial_password_changes_it_at_first_sign_in(signed_in, client, administrator):
    response = signed_in.post(URL, _body())
    dana = User.objects.get(username="a.dana")
    assert response["Location"] == reverse("administration_user", args=[dana.pk])
    assert (dana.first_name, dana.language, dana.must_change_password) == ("Dana", "kk", True)
    event = AuditEvent.objects.get(action="user.created")
    assert (event.actor, event.object_ref, event.reason) == (administrator, str(dana.pk), "")
    client.logout()
    sign_in(client, dana, password=INITIAL)
    assert client.get(reverse("home"), follow=True).redirect_chain[-1][0] == reverse("account_change_password")


def test_a_new_user_without_a_password_cannot_sign_in_yet(signed_in):
    signed_in.post(URL, _body(with_password="no", password1="", password2=""))
    assert not User.objects.get(username="a.dana").has_usable_password()


def test_the_initial_password_follows_the_policy_and_the_username_is_unique(signed_in, me_officer):
    weak = signed_in.post(URL, _body(password1="short", password2="short"))
    assert weak.status_code == 200
    assert "at least 12 characters" in weak.content.decode()
    taken = signed_in.post(URL, _body(username=me_officer.username))
    assert taken.status_code == 200
    missing = signed_in.post(URL, _body(password1="", password2=""))
    assert "Enter the new password." in missing.content.decode()
    assert not User.objects.filter(first_name="Dana").exists()
    assert not AuditEvent.objects.filter(action="user.created").exists()
