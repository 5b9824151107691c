"""Editing a milestone: ending it, dates refused with the typed data kept, a lost update refused."""

import datetime

from django.test import Client
from django.urls import reverse

from casework.models import Milestone
from casework.tests import builders as case

HX = {"HX-Request": "true"}
DAY = datetime.date(2026, 2, 1)


def _edit(client, milestone, headers=None, **fields):
    data = {"reached_on": "2026-02-01", "lost_on": "", "note": "", "version": 1} | fields
    return client.post(
        reverse("milestone_edit", args=[milestone.participant.code, milestone.pk]), data, headers=headers
    )


def test_ending_a_milestone_is_saved_and_goes_back_to_the_section(client, family, case_worker):
    milestone = case.milestone(family.mother, "employed", by=case_worker, reached_on=DAY)
    client.force_login(case_worker)
    response = _edit(client, milestone, lost_on="2026-05-01", note="Seasonal work ended")
    assert response.status_code == 302 and response["Location"].endswith("#outcomes")
    milestone.refresh_from_db()
    assert (milestone.lost_on, milestone.note, milestone.version) == (
        datetime.date(2026, 5, 1),
        "Seasonal work ended",
        2,
    )


def test_an_end_before_the_start_is_refused_with_a_clear_message_and_the_typed_data_kept(client, family, case_worker):
    milestone = case.milestone(family.mother, "employed", by=case_worker, reached_on=DAY)
    client.force_login(case_worker)
    response = _edit(client, milestone, lost_on="2026-01-15", note="Typed note")
    html = response.content.decode()
    assert response.status_code == 200
    assert "It cannot end before the date it was reached." in html
    assert 'value="2026-01-15"' in html and "Typed note" in html
    milestone.refresh_from_db()
    assert (milestone.lost_on, milestone.version) == (None, 1)


def test_an_end_in_the_future_is_refused(client, family, case_worker):
    milestone = case.milestone(family.mother, "employed", by=case_worker, reached_on=DAY)
    client.force_login(case_worker)
    response = _edit(client, milestone, lost_on="2999-01-01", headers=HX)
    html = response.content.decode()
    assert 'id="outcomes"' in html and "This date is in the future." in html and "<html" not in html
    assert Milestone.objects.get().lost_on is None


def test_a_lost_update_is_refused_with_both_versions_shown(client, family, case_worker):
    milestone = case.milestone(family.mother, "employed", by=case_worker, reached_on=DAY)
    client.force_login(case_worker)
    other_tab = Client()
    other_tab.force_login(case_worker)
    assert _edit(other_tab, milestone, note="Saved first").status_code == 302
    late = _edit(client, milestone, note="Saved second")
    assert late.status_code == 409
    html = late.content.decode()
    assert "Saved first" in html and "Saved second" in html
    assert Milestone.objects.get().note == "Saved first"
    # Saving again from the conflict page is a knowing choice, and goes through.
    assert _edit(client, milestone, note="Both", version=2).status_code == 302


def test_in_place_a_conflict_comes_back_as_the_form_rather_than_being_dropped(client, family, case_worker):
    milestone = case.milestone(family.mother, "employed", by=case_worker, reached_on=DAY)
    client.force_login(case_worker)
    _edit(client, milestone, note="Saved first")
    response = _edit(client, milestone, note="Mine", headers=HX)
    html = response.content.decode()
    assert response.status_code == 200 and "Saved first" in html and "Mine" in html and "<html" not in html


def test_the_edit_form_shows_in_place_with_the_remove_button(client, family, case_worker):
    milestone = case.milestone(family.mother, "employed", by=case_worker, reached_on=DAY)
    client.force_login(case_worker)
    html = client.get(reverse("milestone_edit", args=[family.mother.code, milestone.pk]), headers=HX).content.decode()
    assert html.lstrip().startswith('<section class="panel section" id="outcomes">')
    assert f'hx-post="{reverse("milestone_remove", args=[family.mother.code, milestone.pk])}"' in html
