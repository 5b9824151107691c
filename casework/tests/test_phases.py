from django.urls import reverse
from django.utils import timezone

from casework.models import PhaseRecord
from core.models import AuditEvent


def test_the_lead_records_a_phase_and_it_shows_everywhere(client, family, case_worker):
    client.force_login(case_worker)
    response = client.post(
        reverse("phase_new", args=[family.mother.code]),
        {"phase": "reintegration", "started_on": timezone.localdate().isoformat(), "note": "Moved to own flat"},
    )
    assert response.status_code == 302
    page = client.get(reverse("participant", args=[family.mother.code])).content.decode()
    assert "Reintegration" in page and "Moved to own flat" in page
    listing = client.get(reverse("participant_list")).content.decode()
    assert "Reintegration" in listing
    assert AuditEvent.objects.filter(action="phase.started", object_ref=family.mother.code).exists()


def test_phases_may_overlap_and_end(client, family, case_worker):
    client.force_login(case_worker)
    for phase in ("rehabilitation", "reintegration"):
        client.post(reverse("phase_new", args=[family.son.code]), {"phase": phase, "started_on": "2026-01-05"})
    assert PhaseRecord.objects.current().filter(participant=family.son).count() == 2
    record = PhaseRecord.objects.get(participant=family.son, phase="rehabilitation")
    client.post(reverse("phase_end", args=[family.son.code, record.pk]))
    record.refresh_from_db()
    assert record.ended_on == timezone.localdate()
    assert [r.phase for r in PhaseRecord.objects.current().filter(participant=family.son)] == ["reintegration"]


def test_a_future_start_is_refused(client, family, case_worker):
    client.force_login(case_worker)
    response = client.post(
        reverse("phase_new", args=[family.son.code]), {"phase": "resilience", "started_on": "2999-01-01"}
    )
    assert response.status_code == 200
    assert "This date is in the future." in response.content.decode()
    assert not PhaseRecord.objects.exists()


def test_a_psychologist_reads_phases_but_does_not_record_them(client, family, psychologist):
    client.force_login(psychologist)
    assert client.get(reverse("phase_new", args=[family.mother.code])).status_code == 404
