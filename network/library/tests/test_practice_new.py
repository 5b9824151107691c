from django.urls import reverse

from core.models import AuditEvent
from network.library.models import Practice

VALID = {
    "title": "Employment mentoring",
    "summary": "Mentors from local firms.",
    "language": "en",
    "phases": ["reintegration"],
    "target_groups": ["women"],
    "domains": ["livelihood"],
    "what_was_done": "Each woman met a mentor weekly for three months.",
    "status": "inspiring",
    "evidence_strength": "practitioner_account",
    "evidence_text": "Mentors' accounts.",
}


def test_a_network_editor_drafts_a_practice_of_their_city(client, network_editor, city_a):
    client.force_login(network_editor)
    assert client.get(reverse("practice_new")).status_code == 200
    response = client.post(reverse("practice_new"), VALID)
    practice = Practice.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("practice", args=[practice.pk])
    assert (practice.city, practice.organisation, practice.drafted_by) == (city_a.city, city_a.social, network_editor)
    assert practice.state == Practice.State.DRAFT and practice.phases == ["reintegration"]
    assert AuditEvent.objects.filter(action="practice.drafted", object_ref=str(practice.pk)).exists()


def test_a_practice_without_evidence_text_is_refused(client, network_editor):
    client.force_login(network_editor)
    response = client.post(reverse("practice_new"), {**VALID, "evidence_text": "   "})
    assert response.status_code == 200 and response.context["form"].errors["evidence_text"]
    assert not Practice.objects.exists()


def test_a_coordinator_does_not_draft(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("practice_new")).status_code == 404
