from django.urls import reverse

from access import policy
from casework.models import ContactNote


def _write(client, participant, text, sensitivity="team"):
    return client.post(
        reverse("note_new", args=[participant.code]),
        {"occurred_on": "2026-03-01", "kind": "visit", "text": text, "sensitivity": sensitivity},
    )


def _page(client, user, participant) -> str:
    client.force_login(user)
    return client.get(reverse("participant", args=[participant.code])).content.decode()


def test_a_team_note_is_read_by_the_team_and_the_coordinator(client, family, case_worker, psychologist, coordinator):
    client.force_login(case_worker)
    assert _write(client, family.mother, "Visited at home; school place found.").status_code == 302
    for user in (case_worker, psychologist, coordinator):
        assert "school place found" in _page(client, user, family.mother)


def test_a_clinical_note_is_read_only_within_its_discipline(client, family, case_worker, psychologist, coordinator):
    client.force_login(psychologist)
    assert _write(client, family.mother, "Sleep is improving.", sensitivity="clinical").status_code == 302
    note = ContactNote.objects.get()
    assert note.author_discipline == "psychologist"
    assert "Sleep is improving." in _page(client, psychologist, family.mother)
    assert "Sleep is improving." not in _page(client, case_worker, family.mother)
    assert "Sleep is improving." not in _page(client, coordinator, family.mother)
    assert not policy.notes_visible_to(case_worker.memberships.get(), family.mother).exists()


def test_a_case_worker_cannot_write_a_clinical_note_even_by_forging_the_form(client, family, case_worker):
    client.force_login(case_worker)
    response = _write(client, family.mother, "x", sensitivity="clinical")
    assert response.status_code == 200
    assert not ContactNote.objects.exists()


def test_a_partner_sees_no_note(client, family, case_worker, cso_partner):
    client.force_login(case_worker)
    _write(client, family.mother, "Team only")
    client.force_login(cso_partner)
    assert client.get(reverse("participant", args=[family.mother.code])).status_code == 404


def test_editing_keeps_the_earlier_text_in_the_history(client, family, case_worker):
    client.force_login(case_worker)
    _write(client, family.mother, "First words")
    note = ContactNote.objects.get()
    response = client.post(
        reverse("note_edit", args=[family.mother.code, note.pk]),
        {"occurred_on": "2026-03-01", "kind": "visit", "text": "Better words", "sensitivity": "team", "version": 1},
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.text, note.version) == ("Better words", 2)
    assert [h.text for h in note.history.order_by("history_date")] == ["First words", "Better words"]


def test_a_lost_update_is_refused_with_both_versions_shown(client, family, case_worker):
    from django.test import Client

    client.force_login(case_worker)
    _write(client, family.mother, "Original")
    note = ContactNote.objects.get()
    url = reverse("note_edit", args=[family.mother.code, note.pk])
    other_tab = Client()
    other_tab.force_login(case_worker)
    form = {"occurred_on": "2026-03-01", "kind": "visit", "sensitivity": "team", "version": 1}
    assert other_tab.post(url, {**form, "text": "Saved first"}).status_code == 302
    late = client.post(url, {**form, "text": "Saved second"})
    assert late.status_code == 409
    html = late.content.decode()
    assert "Saved first" in html and "Saved second" in html
    note.refresh_from_db()
    assert note.text == "Saved first"
    # Saving again from the conflict page is a knowing choice, and goes through.
    assert client.post(url, {**form, "text": "Both combined", "version": 2}).status_code == 302


def test_only_the_author_edits_a_note(client, family, case_worker, coordinator):
    client.force_login(case_worker)
    _write(client, family.mother, "Mine")
    note = ContactNote.objects.get()
    client.force_login(coordinator)
    assert client.get(reverse("note_edit", args=[family.mother.code, note.pk])).status_code == 404
