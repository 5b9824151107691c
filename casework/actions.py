"""State changes of case work. Each writes its audit rows."""

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access.policy import note_author_discipline
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
    NeedsRating,
    PhaseRecord,
    Plan,
    TeamMember,
)
from core import audit
from core.actor import Actor
from core.audit import AuditAction
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


def assign_team_member(*, actor: Actor, participant: Participant, membership, is_lead: bool) -> TeamMember:
    with transaction.atomic():
        if is_lead:
            TeamMember.objects.current().filter(participant=participant, is_lead=True).update(is_lead=False)
        place = TeamMember.objects.current().filter(participant=participant, membership=membership).first()
        if place is None:
            place = TeamMember.objects.create(
                participant=participant, membership=membership, is_lead=is_lead, assigned_by=actor.user
            )
        elif place.is_lead != is_lead:
            place.is_lead = is_lead
            place.save(update_fields=["is_lead"])
        audit.for_participant(
            AuditAction.TEAM_ASSIGNED, participant, actor=actor, reason=f"membership={membership.pk} lead={is_lead}"
        )
    return place


@transaction.atomic
def end_team_place(*, actor: Actor, place: TeamMember) -> None:
    place.ended_at = timezone.now()
    place.save(update_fields=["ended_at"])
    audit.for_participant(
        AuditAction.TEAM_REMOVED, place.participant, actor=actor, reason=f"membership={place.membership_id}"
    )


class Conflict(Exception):
    """Someone saved the record since this edit began; ``current`` is what they saved."""

    def __init__(self, current) -> None:
        super().__init__("edited meanwhile")
        self.current = current


@transaction.atomic
def start_phase(*, actor: Actor, participant: Participant, phase: str, started_on, note: str) -> PhaseRecord:
    record = PhaseRecord.objects.create(
        participant=participant, phase=phase, started_on=started_on, note=note, recorded_by=actor.user
    )
    audit.for_participant(AuditAction.PHASE_STARTED, participant, actor=actor, reason=phase)
    return record


@transaction.atomic
def end_phase(*, actor: Actor, record: PhaseRecord, ended_on) -> None:
    record.ended_on = max(ended_on, record.started_on)
    record.save(update_fields=["ended_on"])
    audit.for_participant(AuditAction.PHASE_ENDED, record.participant, actor=actor, reason=record.phase)


@transaction.atomic
def record_assessment(*, actor: Actor, participant: Participant, assessed_on, ratings) -> NeedsAssessment:
    assessment = NeedsAssessment.objects.create(
        participant=participant, assessed_on=assessed_on, assessed_by=actor.user
    )
    NeedsRating.objects.bulk_create(
        NeedsRating(assessment=assessment, domain=domain, rating=rating, strengths=strengths, note=note)
        for domain, rating, strengths, note in ratings
    )
    audit.for_participant(AuditAction.NEEDS_ASSESSED, participant, actor=actor, reason=f"assessment={assessment.pk}")
    return assessment


@transaction.atomic
def write_note(*, actor: Actor, participant: Participant, data: dict) -> ContactNote:
    note = ContactNote.objects.create(
        participant=participant,
        occurred_on=data["occurred_on"],
        kind=data["kind"],
        text=data["text"],
        sensitivity=data["sensitivity"],
        author=actor.user,
        author_discipline=note_author_discipline(actor.membership),
    )
    note.domains.set(data["domains"])
    audit.for_participant(
        AuditAction.NOTE_WRITTEN, participant, actor=actor, reason=f"note={note.pk} {note.sensitivity}"
    )
    return note


@transaction.atomic
def edit_note(*, actor: Actor, note: ContactNote, data: dict, expected_version: int) -> ContactNote:
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
        AuditAction.NOTE_EDITED, current.participant, actor=actor, reason=f"note={current.pk} version={current.version}"
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


def _changed(plan: Plan, actor: Actor, action: str, reason: str = "") -> None:
    # A change after approval needs a new approval: the coordinator approved another plan.
    plan.version += 1
    plan.approved_at, plan.approved_by = None, None
    plan.save(update_fields=["version", "approved_at", "approved_by", "updated_at"])
    audit.for_participant(action, plan.participant, actor=actor, reason=reason)


def plan_for(participant: Participant) -> Plan:
    """The participant's plan, or a new unsaved one: reading a plan never writes."""
    return Plan.objects.filter(participant=participant).first() or Plan(participant=participant)


@transaction.atomic
def update_plan(*, actor: Actor, plan: Plan, expected_version: int, review_on) -> Plan:
    plan = _lock_plan(plan, expected_version)
    plan.review_on = review_on
    plan.save(update_fields=["review_on"])
    _changed(plan, actor, AuditAction.PLAN_CHANGED, f"review_on={review_on}")
    return plan


@transaction.atomic
def add_goal(*, actor: Actor, plan: Plan, expected_version: int, domain, what_matters: str) -> Goal:
    plan = _lock_plan(plan, expected_version)
    goal = Goal.objects.create(plan=plan, domain=domain, what_matters=what_matters, order=plan.goals.count())
    _changed(plan, actor, AuditAction.GOAL_ADDED, f"goal={goal.pk}")
    return goal


@transaction.atomic
def save_action(*, actor: Actor, plan: Plan, expected_version: int, goal: Goal, data: dict, action=None):
    plan = _lock_plan(plan, expected_version)
    action = action or Action(goal=goal)
    for name in ("description", "responsible_organisation", "responsible_person", "due_on", "status", "blocked_reason"):
        setattr(action, name, data[name])
    action.save()
    _changed(plan, actor, AuditAction.ACTION_SAVED, f"action={action.pk} status={action.status}")
    return action


@transaction.atomic
def approve_plan(*, actor: Actor, plan: Plan, expected_version: int) -> Plan:
    plan = _lock_plan(plan, expected_version)
    plan.approved_at, plan.approved_by = timezone.now(), actor.user
    plan.save(update_fields=["approved_at", "approved_by"])
    audit.for_participant(AuditAction.PLAN_APPROVED, plan.participant, actor=actor, reason=f"version={plan.version}")
    return plan


@transaction.atomic
def schedule_review(*, actor: Actor, participant: Participant, scheduled_on) -> CaseReview:
    review = CaseReview.objects.create(participant=participant, scheduled_on=scheduled_on, recorded_by=actor.user)
    audit.for_participant(AuditAction.REVIEW_SCHEDULED, participant, actor=actor, reason=f"review={review.pk}")
    return review


@transaction.atomic
def record_review(*, actor: Actor, review: CaseReview, held_on, outcome: str) -> None:
    review.held_on, review.outcome = held_on, outcome
    review.save(update_fields=["held_on", "outcome"])
    audit.for_participant(AuditAction.REVIEW_HELD, review.participant, actor=actor, reason=f"review={review.pk}")


@transaction.atomic
def request_closure(*, actor: Actor, participant: Participant, reason: str) -> Closure:
    closure = Closure.objects.create(participant=participant, reason=reason, requested_by=actor.user)
    audit.for_participant(AuditAction.CLOSURE_REQUESTED, participant, actor=actor, reason=reason)
    return closure


@transaction.atomic
def decide_closure(*, actor: Actor, closure: Closure, approve: bool) -> None:
    closure.approved, closure.decided_by, closure.decided_at = approve, actor.user, timezone.now()
    closure.save(update_fields=["approved", "decided_by", "decided_at"])
    participant = closure.participant
    if approve:
        participant.status = Participant.Status.CLOSED
        participant.save(update_fields=["status"])
    audit.for_participant(
        AuditAction.CLOSURE_APPROVED if approve else AuditAction.CLOSURE_DECLINED,
        participant,
        actor=actor,
        reason=closure.reason,
    )


@transaction.atomic
def reopen(*, actor: Actor, participant: Participant) -> None:
    Closure.objects.filter(participant=participant, approved=True, reopened_at__isnull=True).update(
        reopened_at=timezone.now()
    )
    participant.status = Participant.Status.ACTIVE
    participant.save(update_fields=["status"])
    audit.for_participant(AuditAction.CASE_REOPENED, participant, actor=actor)


def record_clinical_read(*, actor: Actor, participant: Participant, notes, why: str) -> None:
    """Clinical notes are health data: showing any of them, on any path, leaves one audit row."""
    clinical = [n.pk for n in notes if n.sensitivity == ContactNote.Sensitivity.CLINICAL]
    if clinical:
        reason = f"{why} notes={','.join(map(str, clinical))}"
        audit.for_participant(AuditAction.HEALTH_VIEWED, participant, actor=actor, reason=reason)


# --- Outcome milestones -------------------------------------------------------------------


def check_milestone_dates(reached_on, lost_on) -> None:
    """The dates a milestone may have: both past or today, and it ends no earlier than it was reached.

    The form shows these messages beside its fields; the actions refuse the same dates from any caller.
    """
    today = timezone.localdate()
    errors = {}
    if reached_on > today:
        errors["reached_on"] = _("This date is in the future.")
    if lost_on is not None and lost_on > today:
        errors["lost_on"] = _("This date is in the future.")
    elif lost_on is not None and lost_on < reached_on:
        errors["lost_on"] = _("It cannot end before the date it was reached.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_milestone(
    *, actor: Actor, participant: Participant, kind: MilestoneKind, reached_on, note: str
) -> Milestone:
    check_milestone_dates(reached_on, None)
    milestone = Milestone.objects.create(
        participant=participant, kind=kind, reached_on=reached_on, note=note, recorded_by=actor.user
    )
    # Ids and the kind's code only: the note is free text and stays out of the audit log.
    audit.for_participant(
        AuditAction.MILESTONE_RECORDED, participant, actor=actor, reason=f"milestone={milestone.pk} kind={kind.code}"
    )
    return milestone


def _lock_milestone(milestone: Milestone, expected_version: int) -> Milestone:
    """The milestone's row, locked; refused if someone saved it since ``expected_version``. In a transaction."""
    current = Milestone.objects.select_for_update().select_related("kind").get(pk=milestone.pk)
    if current.version != expected_version:
        raise Conflict(current)
    return current


@transaction.atomic
def edit_milestone(
    *, actor: Actor, milestone: Milestone, expected_version: int, reached_on, lost_on, note: str
) -> Milestone:
    """Saves new dates or note unless someone saved the milestone since ``expected_version`` was read."""
    check_milestone_dates(reached_on, lost_on)
    current = _lock_milestone(milestone, expected_version)
    current.reached_on, current.lost_on, current.note = reached_on, lost_on, note
    current.version += 1
    current.save(update_fields=["reached_on", "lost_on", "note", "version"])
    audit.for_participant(
        AuditAction.MILESTONE_EDITED,
        current.participant,
        actor=actor,
        reason=f"milestone={current.pk} kind={current.kind.code} version={current.version}"
        + (" ended" if lost_on else ""),
    )
    return current


@transaction.atomic
def remove_milestone(*, actor: Actor, milestone: Milestone, expected_version: int) -> None:
    """Removes a milestone recorded in error (one that ended is edited instead: it keeps its history)."""
    current = _lock_milestone(milestone, expected_version)
    reason = f"milestone={current.pk} kind={current.kind.code}"
    participant = current.participant
    current.delete()  # the change history keeps the removed row
    audit.for_participant(AuditAction.MILESTONE_REMOVED, participant, actor=actor, reason=reason)


# --- Needs domains and milestone kinds, kept by administrators (issue 18 §12) ----------------

Reference = TypeVar("Reference", NeedsDomain, MilestoneKind)

# The audit rows of each kind of reference data: added, changed, retired.
_REFERENCE_ACTIONS = {
    NeedsDomain: (AuditAction.NEEDS_DOMAIN_ADDED, AuditAction.NEEDS_DOMAIN_CHANGED, AuditAction.NEEDS_DOMAIN_RETIRED),
    MilestoneKind: (
        AuditAction.MILESTONE_KIND_ADDED,
        AuditAction.MILESTONE_KIND_CHANGED,
        AuditAction.MILESTONE_KIND_RETIRED,
    ),
}


@transaction.atomic
def save_reference(
    *, actor: Actor, item: NeedsDomain | MilestoneKind, changed: list[str]
) -> NeedsDomain | MilestoneKind:
    """Adds a needs domain or milestone kind, or saves its ``changed`` fields. Neither is ever
    deleted (ratings, goals, services and milestones refer to them): one no longer offered is
    retired (``is_active`` off), which its audit row says."""
    added, edited, retired = _REFERENCE_ACTIONS[type(item)]
    if item.pk is None:
        item.save()
        action, reason = added, ""
    elif changed:
        item.save(update_fields=changed)
        action = retired if "is_active" in changed and not item.is_active else edited
        reason = "fields=" + ",".join(sorted(changed))
    else:
        return item
    audit.record(action=action, actor=actor, object_type=item._meta.model_name, object_ref=item.pk, reason=reason)
    return item
