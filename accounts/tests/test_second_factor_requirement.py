import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse
from django.utils import timezone

from accounts.tests.helpers import sign_in
from conftest import make_user
from core.models import AuditEvent
from directory.models import Role


@pytest.fixture
def unenrolled_coordinator(city_a):
    return make_user("a.new-coordinator", organisation=city_a.social, role=Role.COORDINATOR)


@pytest.fixture
def unenrolled_case_worker(city_a):
    return make_user("a.new-caseworker", organisation=city_a.social, role=Role.CASE_WORKER)


@pytest.mark.parametrize("path", ["/", "/account/", "/account/2fa/", "/account/organisation/"])
def test_unenrolled_coordinator_is_sent_to_enrolment_from_every_page(client, unenrolled_coordinator, path):
    sign_in(client, unenrolled_coordinator)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_unenrolled_case_worker_is_sent_to_enrolment(client, unenrolled_case_worker):
    sign_in(client, unenrolled_case_worker)
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")


def test_htmx_requests_are_redirected_with_a_header(client, unenrolled_case_worker):
    sign_in(client, unenrolled_case_worker)
    response = client.get(reverse("home"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("persona", ["psychologist", "cso_partner", "police_partner", "me_officer", "administrator"])
def test_second_factor_is_optional_for_other_roles(client, request, persona):
    sign_in(client, request.getfixturevalue(persona))
    assert client.get(reverse("home")).status_code == 200


def test_enrolment_shows_a_locally_rendered_qr_code_and_activates(
    client, unenrolled_coordinator, django_capture_on_commit_callbacks
):
    sign_in(client, unenrolled_coordinator)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html  # drawn by the server, no outside service
    secret = page.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert done.status_code == 302
    assert done["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=unenrolled_coordinator, type="totp").exists()
    codes = client.get(done["Location"])
    assert len(codes.context["unused_codes"]) == 10
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="mfa.totp_added", actor=unenrolled_coordinator).exists()


def test_a_wrong_enrolment_code_is_refused_with_a_message(client, unenrolled_coordinator):
    sign_in(client, unenrolled_coordinator)
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "123"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Authenticator.objects.filter(user=unenrolled_coordinator).exists()


def test_coordinator_cannot_turn_the_second_factor_off(client, coordinator):
    sign_in(client, coordinator)
    response = client.post(reverse("mfa_deactivate_totp"), {})
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()
    assert response.status_code in (200, 302, 403)


def test_recovery_codes_need_a_recent_reauthentication(client, coordinator, settings, monkeypatch):
    sign_in(client, coordinator)
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200
    later = timezone.now().timestamp() + settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 60
    monkeypatch.setattr("allauth.account.internal.flows.reauthentication.time.time", lambda: later)
    response = client.get(reverse("mfa_view_recovery_codes"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    confirm = client.post(
        response["Location"],
        {"password": "correct-horse-battery-staple-42", "next": reverse("mfa_view_recovery_codes")},
    )
    assert confirm["Location"] == reverse("mfa_view_recovery_codes")
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200
