"""A training session's page: counts by organisation kind and discipline; names only within the organisation."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.practitioners.tests.builders import course, training
from conftest import make_user
from directory.models import Role


def _named_session(coordinator, case_worker):
    case_worker.first_name, case_worker.last_name = "Saule", "Namedperson"
    case_worker.save(update_fields=["first_name", "last_name"])
    return training(coordinator, course(coordinator), groups=[("school", "teacher", 12)], named=[case_worker])


def test_the_organisations_coordinator_sees_the_counts_and_the_named_colleague(client, coordinator, case_worker):
    session = _named_session(coordinator, case_worker)
    client.force_login(coordinator)
    response = client.get(reverse("training_session", args=[session.pk]))
    assert response.context["groups"] == [
        ("Municipal social services", "Social worker", 1),
        ("School", "Teacher", 12),
    ]
    assert response.context["total"] == 13
    assert "Saule Namedperson" in response.content.decode()


def test_another_organisations_coordinator_sees_the_counts_but_not_the_name(client, coordinator, case_worker, city_a):
    session = _named_session(coordinator, case_worker)
    cso_coordinator = make_user("a.cso.coordinator", organisation=city_a.cso, role=Role.COORDINATOR, totp=True)
    client.force_login(cso_coordinator)
    response = client.get(reverse("training_session", args=[session.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and response.context["total"] == 13
    assert "Namedperson" not in page and "a.caseworker" not in page


def test_a_partner_of_the_city_sees_no_name_either(client, coordinator, case_worker, police_partner):
    session = _named_session(coordinator, case_worker)
    client.force_login(police_partner)
    assert "Namedperson" not in client.get(reverse("training_session", args=[session.pk])).content.decode()


def test_another_citys_members_find_no_session(client, coordinator, case_worker, other_coordinator):
    session = _named_session(coordinator, case_worker)
    client.force_login(other_coordinator)
    assert client.get(reverse("training_session", args=[session.pk])).status_code == 404


def test_the_page_only_reads(client, coordinator, case_worker):
    session = _named_session(coordinator, case_worker)
    client.force_login(coordinator)
    assert client.post(reverse("training_session", args=[session.pk])).status_code == 405


def test_the_number_of_queries_does_not_grow_with_the_attendees(client, coordinator, case_worker, psychologist):
    small = training(coordinator, course(coordinator), named=[case_worker])
    large = training(
        coordinator,
        course(coordinator, title="Other"),
        groups=[("school", "teacher", 12), ("health", "doctor", 3), ("police", "police", 4)],
        named=[case_worker, psychologist],
    )
    client.force_login(coordinator)
    client.get(reverse("training_session", args=[small.pk]))  # the first request of a session also stamps it
    counts = []
    for session in (small, large):
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("training_session", args=[session.pk]))
        counts.append(len(queries))
    assert counts[0] == counts[1]
