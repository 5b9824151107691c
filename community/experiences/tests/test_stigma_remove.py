"""Removing an incident recorded in error: by whoever recorded it, or by the lead case worker."""

from django.urls import reverse

from community.experiences.tests.helpers import WHAT_HAPPENED, incident
from community.models import StigmaIncident

HX = {"HX-Request": "true"}


def _remove(client, record, headers=None):
    return client.post(reverse("stigma_remove", args=[record.participant.code, record.pk]), headers=headers)


def test_the_recorder_removes_an_incident_and_goes_back_to_the_section(client, family, psychologist):
    record = incident(family.mother, by=psychologist)
    client.force_login(psychologist)
    response = _remove(client, record)
    assert response.status_code == 302 and response["Location"].endswith("#stigma")
    assert not StigmaIncident.objects.exists()


def test_the_lead_removes_an_incident_someone_else_recorded_in_place(client, family, case_worker, psychologist):
    record = incident(family.mother, by=psychologist)
    client.force_login(case_worker)
    html = _remove(client, record, headers=HX).content.decode()
    assert 'id="stigma"' in html and WHAT_HAPPENED not in html and "<html" not in html
    assert not StigmaIncident.objects.exists()


def test_another_team_member_may_not_remove_it(client, family, case_worker, psychologist):
    record = incident(family.mother, by=case_worker)
    client.force_login(psychologist)
    assert _remove(client, record).status_code == 404
    assert StigmaIncident.objects.exists()
    page = client.get(reverse("participant", args=[family.mother.code])).content.decode()
    assert WHAT_HAPPENED in page and "Remove (recorded in error)" not in page


def test_the_coordinator_outside_the_team_may_not_remove_it(client, family, case_worker, coordinator):
    record = incident(family.mother, by=case_worker)
    client.force_login(coordinator)
    assert _remove(client, record).status_code == 404 and StigmaIncident.objects.exists()


def test_an_incident_of_another_participant_is_not_found(client, family, case_worker):
    record = incident(family.daughter, by=case_worker)
    client.force_login(case_worker)
    path = reverse("stigma_remove", args=[family.mother.code, record.pk])
    assert client.post(path).status_code == 404 and StigmaIncident.objects.exists()


def test_a_closed_case_keeps_its_incidents(client, family, case_worker):
    record = incident(family.mother, by=case_worker)
    family.mother.status = family.mother.Status.CLOSED
    family.mother.save(update_fields=["status"])
    client.force_login(case_worker)
    assert _remove(client, record).status_code == 404 and StigmaIncident.objects.exists()


def test_a_get_is_refused(client, family, case_worker):
    record = incident(family.mother, by=case_worker)
    client.force_login(case_worker)
    assert client.get(reverse("stigma_remove", args=[family.mother.code, record.pk])).status_code == 405
