from django.urls import reverse

from casework.models import CaseReview, Closure
from core.models import AuditEvent


def test_a_review_is_scheduled_and_its_outcome_recorded(client, family, case_worker):
    client.force_login(case_worker)
    client.post(reverse("review_new", args=[family.mother.code]), {"scheduled_on": "2026-12-01"})
    review = CaseReview.objects.get()
    response = client.post(
        reverse("review_outcome", args=[family.mother.code, review.pk]),
        {"held_on": "2026-11-20", "outcome": "Plan on track; housing found."},
    )
    assert response.status_code == 302
    page = client.get(reverse("participant", args=[family.mother.code])).content.decode()
    assert "Plan on track; housing found." in page
    assert AuditEvent.objects.filter(action="review.held").exists()


def test_closure_needs_the_coordinators_approval_and_makes_the_case_read_only(client, family, case_worker, coordinator):
    client.force_login(case_worker)
    client.post(reverse("closure_request", args=[family.mother.code]), {"reason": "goals_met"})
    family.mother.refresh_from_db()
    assert family.mother.status == "active"
    closure = Closure.objects.get()
    assert (
        client.post(
            reverse("closure_decide", args=[family.mother.code, closure.pk]), {"decision": "approve"}
        ).status_code
        == 404
    )
    client.force_login(coordinator)
    client.post(reverse("closure_decide", args=[family.mother.code, closure.pk]), {"decision": "approve"})
    family.mother.refresh_from_db()
    assert family.mother.status == "closed"
    client.force_login(case_worker)
    page = client.get(reverse("participant", args=[family.mother.code]))
    assert page.status_code == 200  # still readable
    assert "can only be read" in page.content.decode()
    for name in ("note_new", "goal_new", "phase_new", "assessment_new", "consent_new"):
        assert client.get(reverse(name, args=[family.mother.code])).status_code == 404, name


def test_a_declined_closure_leaves_the_case_open(client, family, case_worker, coordinator):
    client.force_login(case_worker)
    client.post(reverse("closure_request", args=[family.mother.code]), {"reason": "moved_away"})
    client.force_login(coordinator)
    closure = Closure.objects.get()
    client.post(reverse("closure_decide", args=[family.mother.code, closure.pk]), {"decision": "decline"})
    family.mother.refresh_from_db()
    closure.refresh_from_db()
    assert (family.mother.status, closure.approved) == ("active", False)


def test_the_coordinator_reopens_a_closed_case(client, family, coordinator):
    client.force_login(coordinator)
    client.post(reverse("closure_request", args=[family.son.code]), {"reason": "goals_met"})
    family.son.refresh_from_db()
    assert family.son.status == "closed"  # the coordinator's own request is decided at once
    client.post(reverse("case_reopen", args=[family.son.code]))
    family.son.refresh_from_db()
    assert family.son.status == "active"
    assert Closure.objects.get().reopened_at is not None
    assert AuditEvent.objects.filter(action="case.reopened").exists()


def test_a_psychologist_cannot_close_a_case(client, family, psychologist):
    client.force_login(psychologist)
    assert client.get(reverse("closure_request", args=[family.mother.code])).status_code == 404
