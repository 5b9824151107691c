from django.urls import reverse


def test_the_timeline_brings_together_what_happened(client, family, case_worker, psychologist):
    client.force_login(case_worker)
    client.post(reverse("phase_new", args=[family.mother.code]), {"phase": "reintegration", "started_on": "2026-02-01"})
    client.post(
        reverse("note_new", args=[family.mother.code]),
        {"occurred_on": "2026-03-01", "kind": "call", "text": "Called about school", "sensitivity": "team"},
    )
    client.force_login(psychologist)
    client.post(
        reverse("note_new", args=[family.mother.code]),
        {"occurred_on": "2026-03-02", "kind": "session", "text": "Clinical detail", "sensitivity": "clinical"},
    )
    client.force_login(case_worker)
    entries = client.get(reverse("participant", args=[family.mother.code])).context["timeline"]
    details = [entry.detail for entry in entries]
    assert "Called about school" in details
    assert "Clinical detail" not in details  # the timeline follows the same access rules
    assert [entry.on for entry in entries] == sorted((entry.on for entry in entries), reverse=True)
    assert any(entry.what == "Phase started" for entry in entries)


def test_the_timeline_reads_the_consents_the_consent_section_fetched(client, family, case_worker, city_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coordination.tests.helpers import consent

    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker)
    client.force_login(case_worker)
    with CaptureQueriesContext(connection) as captured:
        entries = client.get(reverse("participant", args=[family.mother.code])).context["timeline"]
    assert any(entry.what == "Consent given" for entry in entries)
    assert sum('FROM "people_consent"' in query["sql"] for query in captured) == 1
