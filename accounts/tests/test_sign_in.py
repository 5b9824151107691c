from django.urls import reverse

from accounts.tests.helpers import sign_in
from core.models import AuditEvent


def test_partner_signs_in_with_password_and_sees_home(client, cso_partner):
    response = sign_in(client, cso_partner)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    page = client.get(reverse("home"))
    assert page.status_code == 200
    assert b"Referrals inbox" in page.content


def test_sign_in_is_audited(client, cso_partner):
    sign_in(client, cso_partner)
    assert AuditEvent.objects.filter(action="auth.signed_in", actor=cso_partner).count() == 1


def test_wrong_password_is_refused_and_audited_without_the_username(client, cso_partner):
    response = sign_in(client, cso_partner, password="not-the-password-123")
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "not correct" in response.content.decode()
    event = AuditEvent.objects.get(action="auth.sign_in_failed")
    assert event.object_ref == str(cso_partner.pk)
    assert cso_partner.username not in event.reason


def test_unknown_username_is_refused_like_a_wrong_password(client, cso_partner):
    response = sign_in(client, cso_partner, password="whatever-password-1")
    unknown = client.post(reverse("account_login"), {"login": "no-such-person", "password": "whatever-password-1"})
    assert unknown.status_code == response.status_code == 200
    assert AuditEvent.objects.filter(action="auth.sign_in_failed", object_ref="").count() == 1


def test_coordinator_must_give_the_second_factor_after_the_password(client, coordinator):
    response = client.post(
        reverse("account_login"), {"login": coordinator.username, "password": "correct-horse-battery-staple-42"}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("home")).status_code == 302  # not signed in yet
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert AuditEvent.objects.filter(action="mfa.code_failed", actor=coordinator).exists()


def test_coordinator_with_the_right_code_reaches_home(client, coordinator):
    response = sign_in(client, coordinator)
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_self_signup_does_not_exist(client, db):
    assert client.get("/account/signup/").status_code == 404
