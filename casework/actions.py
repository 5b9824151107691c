"""State changes of case work. Each writes its audit rows."""

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from access.policy import note_author_discipline
from casework.models import (
    Action,
    CaseReview,
    Closure,
    ContactNote,
    Goal,
    NeedsAssessment,
    NeedsRating,
    PhaseRecord,
    Plan,
    TeamMember,
)
from core import audit
from core.actor import Actor
from directory.models import Role
from people import actions as people_actions
from people.models import Household, Participant


@transaction.atomic
def register_household(*, actor: Actor, **household) -> Household:
    """Registers a household (``people.actions.register_household``) and opens its cases.

    A case worker who registers becomes the lead of each member, so that the people they
    just registered stay in their caseload; a coordinator sees them as the owner anyway.
    """
    registered = people_actions.register_household(actor=actor, **household)
    if actor.membership is not None and actor.membership.role == Role.CASE_WORKER:
        for participant in registered.members.all():
            TeamMember.objects.create(
                participant=participant, membership=actor.membership, is_lead=True, assigned_by=actor.user
            )
    return registered


def assign_team_member(*, request: HttpRequest, participant: Participant, membership, is_lead: bool) -> TeamMember:
    with transaction.atomic():
        if is_lead:
            TeamMember.objects.current().filter(participant=participant, is_lead=True).update(is_lead=False)
        place = TeamMember.objects.current().filter(participant=participant, membership=membership).first()
        if place is None:
            place = TeamMember.objects.create(
                participant=participant, membership=membership, is_lead=is_lead, assigned_by=request.user
            )
        elif place.is_lead != is_lead:
            place.is_lead = is_lead
            place.save(update_fields=["is_lead"])
        audit.for_participant(
            "team.assigned", participant, request=request, reason=f"membership={membership.pk} lead={is_lead}"
        )
    return place


def end_team_place(*, request: HttpRequest, place: TeamMember) -> None:
    place.ended_at = timezone.now()
    place.save(update_fields=["ended_at"])
    audit.for_participant(
        "team.removed", place.participant, request=request, reason=f"membership={place.membership_id}"
    )


class Conflict(Exception):
    """Someone saved the record since this edit began; ``current`` is what they saved."""

    def __init__(self, current) -> None:
        super().__init__("edited meanwhile")
        self.current = current


def start_phase(*, request: HttpRequest, participant: Participant, phase: str, started_on, note: str) -> PhaseRecord:
    record = PhaseRecord.objects.create(
        participant=participant, phase=phase, started_on=started_on, note=note, recorded_by=request.user
    )
    audit.for_participant("phase.started", participant, request=request, reason=phase)
    return record


def end_phase(*, request: HttpRequest, record: PhaseRecord, ended_on) -> None:
    record.ended_on = max(ended_on, record.started_on)
    record.save(update_fields=["ended_on"])
    audit.for_participant("phase.ended", record.participant, request=request, reason=record.phase)


@transaction.atomic
def record_assessment(*, request: HttpRequest, participant: Participant, assessed_on, ratings) -> NeedsAssessment:
    assessment = NeedsAssessment.objects.create(
        participant=participant, assessed_on=assessed_on, assessed_by=request.user
    )
    NeedsRating.objects.bulk_create(
        NeedsRating(assessment=assessment, domain=domain, rating=rating, strengths=strengths, note=note)
        for domain, rating, strengths, note in ratings
    )
    audit.for_participant("needs.assessed", participant, request=request, reason=f"assessment={assessment.pk}")
    return assessment


@transaction.atomic
def write_note(*, request: HttpRequest, participant: Participant, data: dict) -> ContactNote:
    note = ContactNote.objects.create(
        participant=participant,
        occurred_on=data["occurred_on"],
        kind=data["kind"],
        text=data["text"],
        sensitivity=data["sensitivity"],
        author=request.user,
        author_discipline=note_author_discipline(request.membership),
    )
    note.domains.set(data["domains"])
    audit.for_participant("note.written", participant, request=request, reason=f"note={note.pk} {note.sensitivity}")
    return note


@transaction.atomic
def edit_note(*, request: HttpRequest, note: ContactNote, data: dict, expected_version: int) -> ContactNote:
    """Saves an edit unless someone saved the note since ``expected_version`` was read."""
    current = ContactNote.objects.select_for_update().get(pk=note.pk)
    if current.version != expected_version:
        raise Conflict(current)
    current.occurred_on, current.kind, current.text = data["occurred_on"], data["kind"], data["text"]
    current.sensitivity = data["sensitivity"]
    current.version += 1
    current.save()  # save(), so that the change history keeps the earlier text
    current.domains.set(data["domains"])
    audit.for_participant(
        "note.edited", current.participant, request=request, reason=f"note={current.pk} version={current.version}"
    )
    return current


def _lock_plan(plan: Plan, expected_version: int) -> Plan:
    """Locks the plan row (made on first change); refuses if it changed since ``expected_version``.

    Call inside a transaction.
    """
    Plan.objects.get_or_create(participant_id=plan.participant_id)
    current = Plan.objects.select_for_update().get(participant_id=plan.participant_id)
    if current.version != expected_version:
        raise Conflict(current)
    return current


def _changed(plan: Plan, request: HttpRequest, action: str, reason: str = "") -> None:
    # A change after approval needs a new approval: the coordinator approved another plan.
    plan.version += 1
    plan.approved_at, plan.approved_by = None, None
    plan.save(update_fields=["version", "approved_at", "approved_by", "updated_at"])
    audit.for_participant(action, plan.participant, request=request, reason=reason)


def plan_for(participant: Participant) -> Plan:
    """The participant's plan, or a new unsaved one: reading a plan never writes."""
    return Plan.objects.filter(participant=participant).first() or Plan(participant=participant)


@transaction.atomic
def update_plan(*, request: HttpRequest, plan: Plan, expected_version: int, review_on) -> Plan:
    plan = _lock_plan(plan, expected_version)
    plan.review_on = review_on
    plan.save(update_fields=["review_on"])
    _changed(plan, request, "plan.changed", f"review_on={review_on}")
    return plan


@transaction.atomic
def add_goal(*, request: HttpRequest, plan: Plan, expected_version: int, domain, what_matters: str) -> Goal:
    plan = _lock_plan(plan, expected_version)
    goal = Goal.objects.create(plan=plan, domain=domain, what_matters=what_matters, order=plan.goals.count())
    _changed(plan, request, "plan.goal_added", f"goal={goal.pk}")
    return goal


@transaction.atomic
def save_action(*, request: HttpRequest, plan: Plan, expected_version: int, goal: Goal, data: dict, action=None):
    plan = _lock_plan(plan, expected_version)
    action = action or Action(goal=goal)
    for name in ("description", "responsible_organisation", "responsible_person", "due_on", "status", "blocked_reason"):
        setattr(action, name, data[name])
    action.save()
    _changed(plan, request, "plan.action_saved", f"action={action.pk} status={action.status}")
    return action


@transaction.atomic
def approve_plan(*, request: HttpRequest, plan: Plan, expected_version: int) -> Plan:
    plan = _lock_plan(plan, expected_version)
    plan.approved_at, plan.approved_by = timezone.now(), request.user
    plan.save(update_fields=["approved_at", "approved_by"])
    audit.for_participant("plan.approved", plan.participant, request=request, reason=f"version={plan.version}")
    return plan


def schedule_review(*, request: HttpRequest, participant: Participant, scheduled_on) -> CaseReview:
    review = CaseReview.objects.create(participant=participant, scheduled_on=scheduled_on, recorded_by=request.user)
    audit.for_participant("review.scheduled", participant, request=request, reason=f"review={review.pk}")
    return review


def record_review(*, request: HttpRequest, review: CaseReview, held_on, outcome: str) -> None:
    review.held_on, review.outcome = held_on, outcome
    review.save(update_fields=["held_on", "outcome"])
    audit.for_participant("review.held", review.participant, request=request, reason=f"review={review.pk}")


def request_closure(*, request: HttpRequest, participant: Participant, reason: str) -> Closure:
    closure = Closure.objects.create(participant=participant, reason=reason, requested_by=request.user)
    audit.for_participant("closure.requested", participant, request=request, reason=reason)
    return closure


@transaction.atomic
def decide_closure(*, request: HttpRequest, closure: Closure, approve: bool) -> None:
    closure.approved, closure.decided_by, closure.decided_at = approve, request.user, timezone.now()
    closure.save(update_fields=["approved", "decided_by", "decided_at"])
    participant = closure.participant
    if approve:
        participant.status = Participant.Status.CLOSED
        participant.save(update_fields=["status"])
    audit.for_participant(
        "closure.approved" if approve else "closure.declined", participant, request=request, reason=closure.reason
    )


@transaction.atomic
def reopen(*, request: HttpRequest, participant: Participant) -> None:
    Closure.objects.filter(participant=participant, approved=True, reopened_at__isnull=True).update(
        reopened_at=timezone.now()
    )
    participant.status = Participant.Status.ACTIVE
    participant.save(update_fields=["status"])
    audit.for_participant("case.reopened", participant, request=request)
