"""Builders of case records for tests, through the actions the product uses (casework/actions.py).

Each acts as the persona given (``by``), in their one membership, and so writes the same audit
rows as the page would.
"""

import datetime

from django.utils import timezone

from casework import actions
from casework.models import (
    Action,
    CaseReview,
    Closure,
    ContactNote,
    Goal,
    Milestone,
    MilestoneKind,
    NeedsAssessment,
    NeedsDomain,
    PhaseRecord,
)
from people.tests.builders import actor_of


def _domain(domain) -> NeedsDomain:
    return domain if isinstance(domain, NeedsDomain) else NeedsDomain.objects.get(code=domain)


def team_place(participant, membership, *, by, lead=False):
    return actions.assign_team_member(actor=actor_of(by), participant=participant, membership=membership, is_lead=lead)


def phase(participant, name, *, by, started_on=None, note="") -> PhaseRecord:
    return actions.start_phase(
        actor=actor_of(by),
        participant=participant,
        phase=name,
        started_on=started_on or timezone.localdate(),
        note=note,
    )


def assessment(participant, ratings: dict, *, by, on: datetime.date | None = None) -> NeedsAssessment:
    """``ratings``: domain (or its code) → rating, or → (rating, strengths)."""
    rows = []
    for domain, value in ratings.items():
        rating, strengths = value if isinstance(value, tuple) else (value, "")
        rows.append((_domain(domain), rating, strengths, ""))
    return actions.record_assessment(
        actor=actor_of(by), participant=participant, assessed_on=on or timezone.localdate(), ratings=rows
    )


def review_on(participant, on: datetime.date, *, by):
    """Sets the date the plan is to be reviewed by."""
    plan = actions.plan_for(participant)
    return actions.update_plan(actor=actor_of(by), plan=plan, expected_version=plan.version, review_on=on)


def goal(participant, domain, what_matters: str, *, by) -> Goal:
    plan = actions.plan_for(participant)
    return actions.add_goal(
        actor=actor_of(by), plan=plan, expected_version=plan.version, domain=_domain(domain), what_matters=what_matters
    )


def action(
    goal: Goal,
    description: str,
    *,
    by,
    responsible_organisation,
    due_on=None,
    status=Action.Status.PLANNED,
    responsible_person=None,
    blocked_reason="",
) -> Action:
    plan = actions.plan_for(goal.plan.participant)
    return actions.save_action(
        actor=actor_of(by),
        plan=plan,
        expected_version=plan.version,
        goal=goal,
        data={
            "description": description,
            "responsible_organisation": responsible_organisation,
            "responsible_person": responsible_person,
            "due_on": due_on,
            "status": status,
            "blocked_reason": blocked_reason,
        },
    )


def approve(participant, *, by):
    plan = actions.plan_for(participant)
    return actions.approve_plan(actor=actor_of(by), plan=plan, expected_version=plan.version)


def note(participant, text: str, *, by, kind="visit", sensitivity="team", occurred_on=None, domains=()) -> ContactNote:
    return actions.write_note(
        actor=actor_of(by),
        participant=participant,
        data={
            "occurred_on": occurred_on or timezone.localdate(),
            "kind": kind,
            "text": text,
            "sensitivity": sensitivity,
            "domains": [_domain(d) for d in domains],
        },
    )


def review(participant, *, by, scheduled_on=None) -> CaseReview:
    return actions.schedule_review(
        actor=actor_of(by), participant=participant, scheduled_on=scheduled_on or timezone.localdate()
    )


def closure(participant, reason: str, *, by) -> Closure:
    return actions.request_closure(actor=actor_of(by), participant=participant, reason=reason)


def milestone(participant, kind, *, by, reached_on=None, note="") -> Milestone:
    """``kind``: a MilestoneKind or its code."""
    kind = kind if isinstance(kind, MilestoneKind) else MilestoneKind.objects.get(code=kind)
    return actions.record_milestone(
        actor=actor_of(by),
        participant=participant,
        kind=kind,
        reached_on=reached_on or timezone.localdate(),
        note=note,
    )
