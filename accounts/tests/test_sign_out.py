from django.test import Client
from django.urls import reverse

from accounts.tests.helpers import sign_in
from core.models import AuditEvent


def test_sign_out_clears_what_the_browser_holds(client, cso_partner):
    sign_in(client, cso_partner)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert AuditEvent.objects.filter(action="auth.signed_out", actor=cso_partner).exists()
    assert client.get(reverse("home")).status_code == 302


def test_sign_out_everywhere_ends_every_session_of_the_user(cso_partner, police_partner):
    laptop, phone, colleague = Client(), Client(), Client()
    sign_in(laptop, cso_partner)
    sign_in(phone, cso_partner)
    sign_in(colleague, police_partner)
    response = laptop.post(reverse("sign_out_everywhere"))
    assert response["Location"] == reverse("account_login")
    assert laptop.get(reverse("home")).status_code == 302
    assert phone.get(reverse("home")).status_code == 302
    assert colleague.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.signed_out_everywhere", actor=cso_partner).exists()


def test_sign_out_everywhere_needs_a_post(client, cso_partner):
    sign_in(client, cso_partner)
    assert client.get(reverse("sign_out_everywhere")).status_code == 405
