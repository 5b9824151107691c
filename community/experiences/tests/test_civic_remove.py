"""Removing civic participation recorded in error: by whoever recorded it, or by the lead."""

import datetime

from django.urls import reverse

from community.experiences.tests.helpers import civic
from community.models import CivicParticipation

HX = {"HX-Request": "true"}


def _remove(client, record, headers=None):
    return client.post(reverse("civic_remove", args=[record.participant.code, record.pk]), headers=headers)


def test_the_recorder_removes_it_and_goes_back_to_the_section(client, family, coordinator):
    record = civic(family.mother, by=coordinator)
    client.force_login(coordinator)
    response = _remove(client, record)
    assert response.status_code == 302 and response["Location"].endswith("#civic")
    assert not CivicParticipation.objects.exists()


def test_the_lead_removes_what_someone_else_recorded_in_place(client, family, case_worker, coordinator):
    record = civic(family.mother, by=coordinator)
    client.force_login(case_worker)
    html = _remove(client, record, headers=HX).content.decode()
    assert 'id="civic"' in html and "Food bank" not in html and "<html" not in html


def test_someone_else_on_the_case_may_not_remove_it(client, family, case_worker, coordinator, psychologist):
    record = civic(family.mother, by=case_worker)
    for reader in (coordinator, psychologist):
        client.force_login(reader)
        assert _remove(client, record).status_code == 404
    assert CivicParticipation.objects.exists()


def test_a_record_of_another_participant_is_not_found(client, family, case_worker):
    record = civic(family.daughter, by=case_worker, on=datetime.date(2026, 1, 10))
    client.force_login(case_worker)
    assert client.post(reverse("civic_remove", args=[family.mother.code, record.pk])).status_code == 404
    assert CivicParticipation.objects.exists()


def test_people_outside_the_case_get_not_found(client, family, case_worker, other_coordinator, cso_partner):
    record = civic(family.mother, by=case_worker)
    for outsider in (other_coordinator, cso_partner):
        client.force_login(outsider)
        assert _remove(client, record).status_code == 404
    assert CivicParticipation.objects.exists()
