"""A participant's plan: goals and actions, changed only by naming the version read (If-Match),
through the plan page's forms and actions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Header, Router, Status

from access import policy
from access.policy import Opened
from api import etags, forms, serialise
from api.schemas import (
    ActionIn,
    ActionOut,
    GoalIn,
    GoalOut,
    PlanIn,
    PlanOut,
)
from api.status import ETAG, READ_ERRORS, WRITE_ERRORS
from casework import actions
from casework.forms import ActionForm, GoalForm, PlanForm, action_choices
from casework.models import Action, Goal, NeedsDomain, Plan
from core.categories import Category, domain_readable
from people.models import Participant

router = Router(tags=["plans"])


def _plan(opened: Opened, response: HttpResponse) -> dict:
    plan = actions.plan_for(opened.participant)
    readable = opened.access.read
    goals = (
        Goal.objects.filter(plan=plan).select_related("domain").prefetch_related("actions__responsible_organisation")
        if plan.pk
        else []
    )
    response["ETag"] = etags.tag("plan", opened.participant.code, plan.version)
    return {
        "version": plan.version,
        "review_on": plan.review_on,
        "approved": plan.approved_at is not None,
        "goals": [serialise.goal(goal) for goal in goals if domain_readable(goal.domain.category, readable)],
    }


def _plan_tag(participant: Participant) -> str:
    """The plan's ETag as it is now, after a change: the next change names it."""
    return etags.tag(
        "plan", participant.code, Plan.objects.values_list("version", flat=True).get(participant=participant)
    )


def _plan_version(request: HttpRequest, code: str, if_match: str) -> tuple[Opened, object, int]:
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN, write=True)
    return (
        opened,
        actions.plan_for(opened.participant),
        etags.expected_version(if_match, "plan", opened.participant.code),
    )


@router.get(
    "/participants/{code}/plan",
    response={200: PlanOut, **READ_ERRORS},
    openapi_extra=ETAG,
    summary="The plan, goals and actions",
)
def plan_detail(request: HttpRequest, code: str, response: HttpResponse):
    return _plan(policy.open_participant(request, code, Category.NEEDS_PLAN), response)


@router.patch(
    "/participants/{code}/plan",
    response={200: PlanOut, **WRITE_ERRORS},
    openapi_extra=ETAG,
    summary="Change the review date",
)
def plan_update(
    request: HttpRequest, code: str, body: PlanIn, response: HttpResponse, if_match: str = Header(alias="If-Match")
):
    opened, plan, version = _plan_version(request, code, if_match)
    data = forms.cleaned(PlanForm({"plan_version": version, "review_on": body.review_on or ""}))
    try:
        actions.update_plan(actor=request.actor, plan=plan, expected_version=version, review_on=data["review_on"])
    except actions.Conflict:
        raise etags.stale() from None
    return _plan(opened, response)


@router.post(
    "/participants/{code}/plan/goals",
    response={201: GoalOut, **WRITE_ERRORS},
    openapi_extra=ETAG,
    summary="Add a goal (the answer's ETag is the plan's new version)",
)
def goal_create(
    request: HttpRequest, code: str, body: GoalIn, response: HttpResponse, if_match: str = Header(alias="If-Match")
):
    opened, plan, version = _plan_version(request, code, if_match)
    domain = forms.ids_of(NeedsDomain, [body.domain], "domain")[0]
    data = forms.cleaned(GoalForm({"plan_version": version, "domain": domain, "what_matters": body.what_matters}))
    try:
        goal = actions.add_goal(
            actor=request.actor,
            plan=plan,
            expected_version=version,
            domain=data["domain"],
            what_matters=data["what_matters"],
        )
    except actions.Conflict:
        raise etags.stale() from None
    response["ETag"] = _plan_tag(opened.participant)
    return Status(201, serialise.goal(goal))


def _action_data(participant: Participant, body: ActionIn, version: int) -> dict:
    """The page's ActionForm, with the page's choices of organisation and person."""
    choices = action_choices(participant)
    organisation = choices["organisations"].filter(slug=body.responsible_organisation).first()
    fields = body.dict() | {"plan_version": version, "responsible_person": body.responsible_person or ""}
    fields["responsible_organisation"] = organisation.pk if organisation else ""
    return forms.cleaned(ActionForm(fields, **choices))


def _action_answer(action: Action, response: HttpResponse, participant: Participant) -> dict:
    response["ETag"] = _plan_tag(participant)
    return {
        "id": action.pk,
        "description": action.description,
        "responsible_organisation": action.responsible_organisation.name,
        "due_on": action.due_on,
        "status": action.status,
    }


@router.post(
    "/participants/{code}/plan/goals/{goal_id}/actions",
    response={201: ActionOut, **WRITE_ERRORS},
    openapi_extra=ETAG,
    summary="Add an action to a goal",
)
def action_create(
    request: HttpRequest,
    code: str,
    goal_id: int,
    body: ActionIn,
    response: HttpResponse,
    if_match: str = Header(alias="If-Match"),
):
    opened, plan, version = _plan_version(request, code, if_match)
    goal = get_object_or_404(Goal, plan__participant=opened.participant, pk=goal_id)
    data = _action_data(opened.participant, body, version)
    try:
        action = actions.save_action(actor=request.actor, plan=plan, expected_version=version, goal=goal, data=data)
    except actions.Conflict:
        raise etags.stale() from None
    return Status(201, _action_answer(action, response, opened.participant))


@router.put(
    "/participants/{code}/plan/actions/{action_id}",
    response={200: ActionOut, **WRITE_ERRORS},
    openapi_extra=ETAG,
    summary="Change an action",
)
def action_update(
    request: HttpRequest,
    code: str,
    action_id: int,
    body: ActionIn,
    response: HttpResponse,
    if_match: str = Header(alias="If-Match"),
):
    opened, plan, version = _plan_version(request, code, if_match)
    action = get_object_or_404(
        Action.objects.select_related("goal"), goal__plan__participant=opened.participant, pk=action_id
    )
    data = _action_data(opened.participant, body, version)
    try:
        action = actions.save_action(
            actor=request.actor, plan=plan, expected_version=version, goal=action.goal, data=data, action=action
        )
    except actions.Conflict:
        raise etags.stale() from None
    return _action_answer(action, response, opened.participant)


@router.post(
    "/participants/{code}/plan/approve",
    response={200: PlanOut, **WRITE_ERRORS},
    openapi_extra=ETAG,
    summary="Approve the plan (coordinators of the owning organisation)",
)
def plan_approve(request: HttpRequest, code: str, response: HttpResponse, if_match: str = Header(alias="If-Match")):
    opened = policy.open_participant(request, code, need=lambda access: access.approves_plans)
    version = etags.expected_version(if_match, "plan", opened.participant.code)
    try:
        actions.approve_plan(actor=request.actor, plan=actions.plan_for(opened.participant), expected_version=version)
    except actions.Conflict:
        raise etags.stale() from None
    return _plan(opened, response)
