"""Writes to a case through the API: needs assessments, plan actions and approval, milestones. Each
runs the page's action (with its audit row) after the page's form, and refuses what the page refuses."""

import datetime

import pytest
from django.utils import timezone

from casework.models import Action, Milestone, NeedsAssessment, NeedsDomain, Plan
from casework.tests import builders as case
from core.models import AuditEvent


def post(client, url, body, etag=None):
    headers = {"If-Match": etag} if etag else {}
    return client.post(url, body, content_type="application/json", headers=headers)


def audited(action: str, participant) -> list[str]:
    return list(AuditEvent.objects.filter(action=action, object_ref=participant.code).values_list("reason", flat=True))


def adult_domains(participant) -> list[str]:
    return [
        d.code
        for d in NeedsDomain.objects.filter(is_active=True, is_optional=False)
        if d.applies_to_participant(participant)
    ]


@pytest.fixture
def plan_url(family) -> str:
    return f"/api/v1/participants/{family.mother.code}/plan"


# --- Needs assessments -------------------------------------------------------------------------


def test_an_assessment_is_recorded_with_every_rating_and_audited(api_as, family, case_worker):
    ratings = [{"domain": code, "rating": 4, "strengths": "Family support"} for code in adult_domains(family.mother)]
    body = {"assessed_on": timezone.localdate().isoformat(), "ratings": ratings}
    response = post(api_as(case_worker), f"/api/v1/participants/{family.mother.code}/assessments", body)
    assert response.status_code == 201
    assessment = NeedsAssessment.objects.get()
    assert assessment.ratings.count() == len(ratings) and {r.rating for r in assessment.ratings.all()} == {4}
    assert audited("needs.assessed", family.mother) == [f"assessment={assessment.pk}"]


def test_an_assessment_missing_a_required_domain_names_it_and_saves_nothing(api_as, family, case_worker):
    codes = adult_domains(family.mother)
    body = {"assessed_on": timezone.localdate().isoformat(), "ratings": [{"domain": c, "rating": 3} for c in codes[1:]]}
    response = post(api_as(case_worker), f"/api/v1/participants/{family.mother.code}/assessments", body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [f"ratings.{codes[0]}"]
    assert not NeedsAssessment.objects.exists()


def test_an_assessment_of_a_domain_that_does_not_apply_is_refused(api_as, family, case_worker):
    body = {"assessed_on": timezone.localdate().isoformat(), "ratings": [{"domain": "astrology", "rating": 3}]}
    response = post(api_as(case_worker), f"/api/v1/participants/{family.mother.code}/assessments", body)
    assert response.json()["errors"] == [{"field": "ratings", "message": "Unknown codes: astrology."}]


# --- Plan actions and approval -----------------------------------------------------------------


def test_an_action_is_added_and_changed_each_time_naming_the_plans_version(
    api_as, family, case_worker, city_a, plan_url
):
    goal = case.goal(family.mother, "housing", "A home", by=case_worker)
    client = api_as(case_worker)
    etag = client.get(plan_url)["ETag"]
    body = {"description": "Apply for support", "responsible_organisation": city_a.social.slug, "status": "planned"}
    added = post(client, f"{plan_url}/goals/{goal.pk}/actions", body, etag)
    assert added.status_code == 201 and added["ETag"] != etag
    action = Action.objects.get()
    changed = client.put(
        f"{plan_url}/actions/{action.pk}",
        {**body, "status": "in_progress"},
        content_type="application/json",
        headers={"If-Match": added["ETag"]},
    )
    assert changed.status_code == 200 and changed.json()["status"] == "in_progress"
    assert changed["ETag"] == f'"plan-{family.mother.code}-v{Plan.objects.get().version}"'
    assert audited("plan.action_saved", family.mother)[-1] == f"action={action.pk} status=in_progress"


def test_a_blocked_action_without_a_reason_and_another_citys_organisation_are_refused(
    api_as, family, case_worker, city_b, plan_url
):
    goal = case.goal(family.mother, "housing", "A home", by=case_worker)
    client = api_as(case_worker)
    etag = client.get(plan_url)["ETag"]
    blocked = {"description": "Apply", "responsible_organisation": family.mother.owner.slug, "status": "blocked"}
    response = post(client, f"{plan_url}/goals/{goal.pk}/actions", blocked, etag)
    assert [e["field"] for e in response.json()["errors"]] == ["blocked_reason"]
    elsewhere = {**blocked, "status": "planned", "responsible_organisation": city_b.social.slug}
    response = post(client, f"{plan_url}/goals/{goal.pk}/actions", elsewhere, etag)
    assert [e["field"] for e in response.json()["errors"]] == ["responsible_organisation"]
    assert not Action.objects.exists()


def test_only_the_owners_coordinator_approves_and_a_stale_version_is_refused(
    api_as, family, case_worker, coordinator, plan_url
):
    case.goal(family.mother, "housing", "A home", by=case_worker)
    etag = api_as(coordinator).get(plan_url)["ETag"]
    assert post(api_as(case_worker), f"{plan_url}/approve", {}, etag).status_code == 404
    case.goal(family.mother, "livelihood", "Work", by=case_worker)  # changed since the coordinator read it
    assert post(api_as(coordinator), f"{plan_url}/approve", {}, etag).status_code == 412
    assert Plan.objects.get().approved_at is None
    fresh = api_as(coordinator).get(plan_url)["ETag"]
    approved = post(api_as(coordinator), f"{plan_url}/approve", {}, fresh)
    assert approved.status_code == 200 and approved.json()["approved"] is True


# --- Milestones --------------------------------------------------------------------------------


def test_a_milestone_is_recorded_and_audited(api_as, family, case_worker):
    day = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    body = {"kind": "employed", "reached_on": day, "note": "Part-time"}
    response = post(api_as(case_worker), f"/api/v1/participants/{family.mother.code}/milestones", body)
    assert response.status_code == 201 and response.json()["kind"] == "employed"
    milestone = Milestone.objects.get()
    assert (milestone.reached_on.isoformat(), milestone.note) == (day, "Part-time")
    assert len(audited("milestone.recorded", family.mother)) == 1


def test_a_milestone_kind_for_adults_is_refused_for_a_child_and_a_future_date_too(api_as, family, case_worker):
    url = f"/api/v1/participants/{family.son.code}/milestones"
    child = post(api_as(case_worker), url, {"kind": "employed", "reached_on": timezone.localdate().isoformat()})
    assert child.json()["errors"] == [{"field": "kind", "message": "Unknown codes: employed."}]
    url = f"/api/v1/participants/{family.mother.code}/milestones"
    future = post(api_as(case_worker), url, {"kind": "employed", "reached_on": "2999-01-01"})
    assert [e["field"] for e in future.json()["errors"]] == ["reached_on"]
    assert not Milestone.objects.exists()
