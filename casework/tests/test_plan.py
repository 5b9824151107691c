import pytest
from django.test import Client
from django.urls import reverse

from casework.models import Action, Goal, NeedsDomain, Plan
from core.models import AuditEvent


def _version(participant) -> int:
    return Plan.objects.get_or_create(participant=participant)[0].version


def _goal(client, participant, code="livelihood", words="A job near my children's school"):
    domain = NeedsDomain.objects.get(code=code)
    return client.post(
        reverse("goal_new", args=[participant.code]),
        {"domain": domain.pk, "what_matters": words, "plan_version": _version(participant)},
    )


def _action(client, participant, goal, organisation, **extra):
    data = {
        "description": "Enrol in a sewing course",
        "responsible_organisation": organisation.pk,
        "responsible_person": "",
        "due_on": "2026-02-01",
        "status": "planned",
        "blocked_reason": "",
        "plan_version": _version(participant),
        **extra,
    }
    return client.post(reverse("action_new", args=[participant.code, goal.pk]), data)


def test_a_plan_with_two_goals_and_three_actions(client, family, case_worker, city_a):
    client.force_login(case_worker)
    assert _goal(client, family.mother).status_code == 302
    assert _goal(client, family.mother, "housing", "A flat of our own").status_code == 302
    work, home = Goal.objects.order_by("order")
    assert _action(client, family.mother, work, city_a.cso).status_code == 302
    assert _action(client, family.mother, work, city_a.social, description="CV workshop").status_code == 302
    assert _action(client, family.mother, home, city_a.social, description="Apply for housing").status_code == 302
    page = client.get(reverse("participant", args=[family.mother.code])).content.decode()
    for text in ("A job near my children", "A flat of our own", "sewing course", "CV workshop", "Apply for housing"):
        assert text in page
    assert "overdue" in page  # 2026-02-01 has passed
    assert AuditEvent.objects.filter(action="plan.action_saved").count() == 3


def test_a_blocked_action_needs_a_reason(client, family, case_worker, city_a):
    client.force_login(case_worker)
    _goal(client, family.mother)
    goal = Goal.objects.get()
    refused = _action(client, family.mother, goal, city_a.cso, status="blocked")
    assert "Say why the action is blocked." in refused.content.decode()
    assert (
        _action(client, family.mother, goal, city_a.cso, status="blocked", blocked_reason="no_funding").status_code
        == 302
    )
    assert Action.objects.get().blocked_reason == "no_funding"


def test_the_responsible_person_must_belong_to_the_responsible_organisation(
    client, family, case_worker, city_a, cso_partner
):
    client.force_login(case_worker)
    _goal(client, family.mother)
    response = _action(
        client, family.mother, Goal.objects.get(), city_a.social, responsible_person=cso_partner.memberships.get().pk
    )
    assert "not in the responsible organisation" in response.content.decode()


def test_the_coordinator_approves_and_a_later_change_needs_a_new_approval(client, family, case_worker, coordinator):
    client.force_login(case_worker)
    _goal(client, family.mother)
    assert client.post(reverse("plan_approve", args=[family.mother.code])).status_code == 404  # not the coordinator
    client.force_login(coordinator)
    client.post(reverse("plan_approve", args=[family.mother.code]), {"plan_version": _version(family.mother)})
    plan = Plan.objects.get()
    assert plan.approved_by == coordinator
    assert AuditEvent.objects.filter(action="plan.approved", actor=coordinator).exists()
    client.force_login(case_worker)
    _goal(client, family.mother, "housing", "Somewhere quiet")
    plan.refresh_from_db()
    assert plan.approved_at is None


def test_approving_a_plan_that_changed_meanwhile_is_refused(client, family, case_worker, coordinator):
    client.force_login(case_worker)
    _goal(client, family.mother)
    seen = _version(family.mother)
    _goal(client, family.mother, "housing", "Somewhere quiet")
    client.force_login(coordinator)
    response = client.post(reverse("plan_approve", args=[family.mother.code]), {"plan_version": seen}, follow=True)
    assert "changed while you were reading it" in response.content.decode()
    assert Plan.objects.get().approved_at is None


def test_two_people_editing_the_same_plan_do_not_overwrite_each_other(client, family, case_worker, coordinator):
    client.force_login(case_worker)
    _goal(client, family.mother)
    goal = Goal.objects.get()
    _action(client, family.mother, goal, family.mother.owner)
    action = Action.objects.get()
    url = reverse("action_edit", args=[family.mother.code, action.pk])
    first, second = Client(), Client()
    first.force_login(case_worker)
    second.force_login(coordinator)
    version = _version(family.mother)
    common = {"responsible_organisation": family.mother.owner.pk, "responsible_person": "", "due_on": "2026-12-01"}
    saved = first.post(
        url, {**common, "description": "Course starts in March", "status": "in_progress", "plan_version": version}
    )
    assert saved.status_code == 302
    late = second.post(
        url,
        {
            **common,
            "description": "Course cancelled",
            "status": "blocked",
            "blocked_reason": "no_funding",
            "plan_version": version,
        },
    )
    assert late.status_code == 409
    assert "Someone else changed this plan" in late.content.decode()
    assert "Course cancelled" in late.content.decode()  # what the second person typed is kept
    action.refresh_from_db()
    assert (action.description, action.status) == ("Course starts in March", "in_progress")


def test_the_household_view_shows_every_members_plan(client, family, case_worker):
    client.force_login(case_worker)
    _goal(client, family.mother)
    _goal(client, family.son, "education", "To read well")
    page = client.get(reverse("household_plans", args=[family.household.code])).content.decode()
    assert "A job near my children" in page and "To read well" in page
    assert family.daughter.code in page


@pytest.mark.parametrize("persona", ["cso_partner", "other_coordinator", "me_officer"])
def test_the_household_plans_are_not_found_for_others(client, request, family, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("household_plans", args=[family.household.code])).status_code == 404
