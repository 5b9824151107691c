from django.urls import reverse

from casework.models import NeedsDomain
from coordination.models import Service

# Services are made by hand here: administrators add and edit them
# organisation on the administrator's organisation page (coordination/administration.py).


def test_practitioners_find_services_by_city_and_domain(client, city_a, city_b, case_worker):
    livelihood = NeedsDomain.objects.get(code="livelihood")
    Service.objects.create(
        organisation=city_a.cso, domain=livelihood, description="Sewing cooperative", contact_point="Intake desk"
    )
    Service.objects.create(
        organisation=city_b.cso,
        domain=NeedsDomain.objects.get(code="housing"),
        description="Shelter places",
        contact_point="Duty phone",
    )
    client.force_login(case_worker)
    page = client.get(reverse("service_directory")).content.decode()
    assert "Sewing cooperative" in page and "Shelter places" in page
    page = client.get(reverse("service_directory"), {"city": city_a.city.pk, "domain": livelihood.pk}).content.decode()
    assert "Sewing cooperative" in page and "Shelter places" not in page


def test_inactive_services_are_not_listed(client, city_a, cso_partner):
    Service.objects.create(
        organisation=city_a.cso,
        domain=NeedsDomain.objects.get(code="housing"),
        description="Closed programme",
        contact_point="—",
        is_active=False,
    )
    client.force_login(cso_partner)
    assert "Closed programme" not in client.get(reverse("service_directory")).content.decode()


def test_a_bad_filter_is_ignored_with_a_message(client, case_worker):
    client.force_login(case_worker)
    response = client.get(reverse("service_directory"), {"city": "not-a-city"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
