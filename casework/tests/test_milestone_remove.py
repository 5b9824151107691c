"""Removing a milestone recorded in error."""

import datetime

from django.urls import reverse

from casework.models import Milestone
from casework.tests import builders as case

HX = {"HX-Request": "true"}
DAY = datetime.date(2026, 2, 1)


def _remove(client, milestone, version=1, headers=None):
    path = reverse("milestone_remove", args=[milestone.participant.code, milestone.pk])
    return client.post(path, {"version": version}, headers=headers)


def test_removing_goes_back_to_the_section_without_the_milestone(client, family, case_worker):
    milestone = case.milestone(family.mother, "reunified", by=case_worker, reached_on=DAY)
    client.force_login(case_worker)
    response = _remove(client, milestone)
    assert response.status_code == 302 and response["Location"].endswith("#outcomes")
    assert not Milestone.objects.exists()


def test_in_place_removing_returns_the_section(client, family, case_worker):
    milestone = case.milestone(family.mother, "reunified", by=case_worker, reached_on=DAY)
    client.force_login(case_worker)
    html = _remove(client, milestone, headers=HX).content.decode()
    assert 'id="outcomes"' in html and "Reunified" not in html and "<html" not in html


def test_removing_what_changed_meanwhile_is_refused_and_shows_what_was_saved(client, family, case_worker):
    milestone = case.milestone(family.mother, "reunified", by=case_worker, reached_on=DAY)
    client.force_login(case_worker)
    edit = reverse("milestone_edit", args=[family.mother.code, milestone.pk])
    client.post(edit, {"reached_on": "2026-02-01", "note": "Her sister came", "version": 1})
    response = _remove(client, milestone, version=1)
    assert response.status_code == 409 and "Her sister came" in response.content.decode()
    assert Milestone.objects.exists()


def test_a_removal_naming_no_version_is_a_bad_request(client, family, case_worker):
    milestone = case.milestone(family.mother, "reunified", by=case_worker, reached_on=DAY)
    client.force_login(case_worker)
    assert _remove(client, milestone, version="x").status_code == 400
    assert Milestone.objects.exists()


def test_a_get_is_refused(client, family, case_worker):
    milestone = case.milestone(family.mother, "reunified", by=case_worker, reached_on=DAY)
    client.force_login(case_worker)
    assert client.get(reverse("milestone_remove", args=[family.mother.code, milestone.pk])).status_code == 405
