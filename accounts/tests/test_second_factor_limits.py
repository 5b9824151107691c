"""Wrong second-factor codes and wrong current passwords count toward the sign-in lockout."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.tests.helpers import sign_in
from accounts.totp import current_code
from conftest import PASSWORD
from core.models import AuditEvent

NEW_PASSWORD = "a-brand-new-passphrase-31"


def _password_step(client, user):
    response = client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")


def _lockout_text(response) -> str:
    content = response.content.decode()
    return content[content.index("<h1>") : content.index("</div>", content.index("<h1>"))]


def test_wrong_second_factor_codes_lock_the_account_and_the_right_code_no_longer_signs_in(client, coordinator):
    _password_step(client, coordinator)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})
    locked = client.post(reverse("mfa_authenticate"), {"code": current_code(coordinator, at=timezone.now())})
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated
    assert AuditEvent.objects.filter(action="mfa.code_failed", object_ref=str(coordinator.pk)).count() == (
        settings.AXES_FAILURE_LIMIT
    )
    assert AuditEvent.objects.filter(action="auth.locked_out", object_ref=str(coordinator.pk)).exists()


def test_the_lockout_after_wrong_codes_reads_exactly_like_the_one_after_wrong_passwords(
    client, coordinator, case_worker
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, case_worker, password="wrong-password-000")
    after_passwords = sign_in(client, case_worker)
    _password_step(client, coordinator)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        after_codes = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert after_codes.status_code == after_passwords.status_code == 429
    assert _lockout_text(after_codes) == _lockout_text(after_passwords)


def test_wrong_passwords_and_wrong_codes_count_together(client, coordinator):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, coordinator, password="wrong-password-000")
    _password_step(client, coordinator)
    assert client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code == 429
    assert sign_in(client, coordinator).status_code == 429


def test_wrong_codes_when_confirming_again_sign_the_user_out_and_lock_the_account(client, coordinator):
    sign_in(client, coordinator)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("mfa_reauthenticate"), {"code": "000000"})
    assert response.status_code == 429
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated
    assert sign_in(client, coordinator).status_code == 429


def test_wrong_current_passwords_when_changing_the_password_sign_the_user_out_and_lock_the_account(client, cso_partner):
    sign_in(client, cso_partner)
    url = reverse("account_change_password")
    wrong = {"oldpassword": "not-my-password-00", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, wrong)
    assert response.status_code == 429
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated
    assert sign_in(client, cso_partner).status_code == 429
    cso_partner.refresh_from_db()
    assert cso_partner.check_password(PASSWORD)


def test_a_users_own_password_change_is_audited(client, cso_partner):
    sign_in(client, cso_partner)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="auth.password_changed")
    assert event.actor == cso_partner
    assert event.object_ref == str(cso_partner.pk)
