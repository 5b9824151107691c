"""Every read of health data leaves an audit row, on every path that shows it (issue 19, finding 8)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.actions import write_note
from core.actor import Actor
from core.models import AuditEvent


@pytest.fixture
def clinical_note(family, psychologist):
    actor = Actor.of(psychologist, psychologist.memberships.get())
    data = {
        "occurred_on": timezone.localdate(),
        "kind": "session",
        "text": "Sleeps badly since the move; we practised grounding.",
        "sensitivity": "clinical",
        "domains": [],
    }
    return write_note(actor=actor, participant=family.mother, data=data)


def _health_reads(user) -> list[str]:
    return list(AuditEvent.objects.filter(action="health.viewed", actor=user).values_list("reason", flat=True))


@pytest.mark.parametrize(
    ("path", "why"),
    [
        (lambda code, note: reverse("participant", args=[code]), "notes"),
        (lambda code, note: reverse("participant_section", args=[code, "notes"]), "notes"),
        (lambda code, note: reverse("note_edit", args=[code, note.pk]), "note edit"),
    ],
    ids=["case page", "notes section swap", "note edit form"],
)
def test_each_path_that_shows_a_clinical_note_audits_the_read(client, family, psychologist, clinical_note, path, why):
    client.force_login(psychologist)
    response = client.get(path(family.mother.code, clinical_note))
    assert response.status_code == 200
    assert "Sleeps badly" in response.content.decode()
    assert f"{why} notes={clinical_note.pk}" in _health_reads(psychologist)


def test_a_page_without_clinical_notes_writes_no_clinical_read(client, family, coordinator, clinical_note):
    client.force_login(coordinator)
    page = client.get(reverse("participant", args=[family.mother.code])).content.decode()
    assert "Sleeps badly" not in page
    assert not any("notes=" in reason for reason in _health_reads(coordinator))


def test_the_screenings_section_swap_audits_the_read(client, family, psychologist):
    client.force_login(psychologist)
    assert client.get(reverse("participant_section", args=[family.mother.code, "screenings"])).status_code == 200
    assert "screenings" in _health_reads(psychologist)
