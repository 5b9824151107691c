"""An organisation's entries in the service directory, kept by the administrator (issue 18 §12):
added, edited, taken out of the directory (never deleted), every change audited."""

import pytest
from django.urls import reverse

from casework.models import NeedsDomain
from coordination.models import Service
from core.models import AuditEvent


@pytest.fixture
def administrator_client(client, administrator):
    client.force_login(administrator)
    return client


def _body(**changes) -> dict:
    housing = NeedsDomain.objects.get(code="housing")
    return {
        "domain": housing.pk,
        "description": "Social housing advice",
        "contact_point": "Desk 3, +7 727 000 0000",
        "accepts_referrals": "on",
        "is_active": "on",
        **changes,
    }


def test_an_administrator_adds_a_service_and_it_shows_in_the_directory(
    administrator_client, administrator, city_a, coordinator
):
    response = administrator_client.post(reverse("admin_service_new", args=[city_a.social.pk]), _body())
    assert response["Location"] == reverse("admin_organisation", args=[city_a.social.pk]) + "#services"
    service = Service.objects.get()
    assert service.organisation == city_a.social and service.accepts_referrals
    event = AuditEvent.objects.get(action="service.added")
    assert (event.actor, event.object_ref) == (administrator, str(service.pk))
    administrator_client.force_login(coordinator)
    assert "Social housing advice" in administrator_client.get(reverse("service_directory")).content.decode()


def test_taking_a_service_out_of_the_directory_keeps_it_and_is_audited(administrator_client, city_a):
    administrator_client.post(reverse("admin_service_new", args=[city_a.social.pk]), _body())
    service = Service.objects.get()
    url = reverse("admin_service", args=[city_a.social.pk, service.pk])
    assert administrator_client.post(url, _body(is_active="", contact_point="Desk 4")).status_code == 302
    service.refresh_from_db()
    assert not service.is_active and service.contact_point == "Desk 4"
    event = AuditEvent.objects.get(action="service.deactivated")
    assert event.reason == "fields=contact_point,is_active"


def test_a_service_is_reached_only_through_its_own_organisation(administrator_client, city_a):
    administrator_client.post(reverse("admin_service_new", args=[city_a.social.pk]), _body())
    service = Service.objects.get()
    assert administrator_client.get(reverse("admin_service", args=[city_a.cso.pk, service.pk])).status_code == 404


def test_a_service_needs_its_domain_and_contact_point(administrator_client, city_a):
    response = administrator_client.post(reverse("admin_service_new", args=[city_a.social.pk]), _body(contact_point=""))
    assert response.status_code == 200
    assert "Contact point: This field is required." in response.content.decode()
    assert not Service.objects.exists()
