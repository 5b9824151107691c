"""Each section of the case page edits in place: htmx gets a fragment, never the whole page."""

import datetime

from django.urls import reverse

from casework.actions import edit_note
from casework.tests import builders as case
from people.tests.builders import actor_of

HX = {"HX-Request": "true"}


def test_the_note_form_comes_in_place_of_the_notes_section(client, family, case_worker):
    client.force_login(case_worker)
    response = client.get(reverse("note_new", args=[family.mother.code]), headers=HX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="panel section" id="notes">')
    assert "<html" not in html
    assert f'hx-post="{reverse("note_new", args=[family.mother.code])}"' in html


def test_saving_in_place_returns_the_updated_section_only(client, family, case_worker):
    client.force_login(case_worker)
    response = client.post(
        reverse("note_new", args=[family.mother.code]),
        {"occurred_on": "2026-03-01", "kind": "call", "text": "Spoke with the school", "sensitivity": "team"},
        headers=HX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    # The confirmation, then the section it concerns: htmx puts both in place of the section.
    confirmation, section = html.split('<section class="panel section" id="notes"')
    assert confirmation.lstrip().startswith('<div class="confirmation" role="status"') and "Note saved." in confirmation
    assert "Spoke with the school" in section and "<html" not in html


def test_a_mistake_keeps_the_form_in_place_with_the_message(client, family, case_worker):
    client.force_login(case_worker)
    response = client.post(
        reverse("phase_new", args=[family.mother.code]), {"phase": "resilience", "started_on": "2999-01-01"}, headers=HX
    )
    html = response.content.decode()
    assert 'id="phases"' in html and "This date is in the future." in html and "<html" not in html


def test_a_conflict_in_place_is_shown_rather_than_dropped(client, family, case_worker):
    client.force_login(case_worker)
    note = case.note(family.mother, "First draft", by=case_worker, occurred_on=datetime.date(2026, 3, 1))
    # Saved again meanwhile (in another tab): the note is at version 2, the form below still at 1.
    data = {"occurred_on": note.occurred_on, "kind": "visit", "text": "Saved by someone else", "sensitivity": "team"}
    edit_note(actor=actor_of(case_worker), note=note, data=data | {"domains": []}, expected_version=1)
    response = client.post(
        reverse("note_edit", args=[family.mother.code, note.pk]),
        {"occurred_on": "2026-03-01", "kind": "visit", "text": "Mine", "sensitivity": "team", "version": 1},
        headers=HX,
    )
    # htmx swaps only successful answers, so the conflict comes back as 200 and shows both texts.
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saved by someone else" in html and "Mine" in html


def test_cancel_puts_the_section_back(client, family, case_worker):
    client.force_login(case_worker)
    response = client.get(reverse("participant_section", args=[family.mother.code, "plan"]), headers=HX)
    assert response.content.decode().lstrip().startswith('<section class="panel section" id="plan"')


def test_a_section_the_user_may_not_read_is_not_found(client, family, cso_partner, case_worker):
    client.force_login(case_worker)
    assert client.get(reverse("participant_section", args=[family.mother.code, "timeline"])).status_code == 404
    client.force_login(cso_partner)
    assert client.get(reverse("participant_section", args=[family.mother.code, "notes"])).status_code == 404
