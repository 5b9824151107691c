from django.conf import settings
from django.urls import reverse

from accounts.tests.helpers import sign_in
from core.models import AuditEvent


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, cso_partner):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, cso_partner, password="wrong-password-000")
    locked = sign_in(client, cso_partner)
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated
    assert AuditEvent.objects.filter(action="auth.locked_out", object_ref=str(cso_partner.pk)).exists()


def test_a_success_before_the_limit_resets_the_count(client, cso_partner):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, cso_partner, password="wrong-password-000")
    assert sign_in(client, cso_partner).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, cso_partner, password="wrong-password-000")
    assert sign_in(client, cso_partner).status_code == 302


def test_lockout_of_one_account_does_not_lock_another(client, cso_partner, police_partner):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, cso_partner, password="wrong-password-000")
    assert sign_in(client, police_partner).status_code == 302
