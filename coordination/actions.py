"""State changes of coordination. Each writes its audit rows; notices carry codes and ids only."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from access import policy
from casework import actions as casework
from casework.models import Action, TeamMember
from coordination.models import (
    Conference,
    Decision,
    Invitation,
    Referral,
    ReferralEvent,
    Service,
    ServiceRecord,
    Transfer,
)
from core import audit
from core.actor import Actor
from core.audit import AuditAction
from directory.models import Membership, Role
from notices.actions import notify, users_of
from notices.models import Notice

# Who of a receiving organisation hears of its referrals and conference invitations.
INTAKE_ROLES = (Role.PARTNER, Role.COORDINATOR, Role.CASE_WORKER)


# --- Referrals ---------------------------------------------------------------------------


class ConsentMissing(PermissionDenied):
    """Categories beyond consent were asked for without the right to override it."""

    def __init__(self, categories) -> None:
        super().__init__("beyond consent")
        self.categories = sorted(categories)


# The audit event of each move of a referral.
_MOVED = {
    Referral.Status.ACCEPTED: AuditAction.REFERRAL_ACCEPTED,
    Referral.Status.DECLINED: AuditAction.REFERRAL_DECLINED,
    Referral.Status.DONE: AuditAction.REFERRAL_DONE,
    Referral.Status.REVOKED: AuditAction.REFERRAL_REVOKED,
    Referral.Status.EXPIRED: AuditAction.REFERRAL_EXPIRED,
}


def _move(referral: Referral, status: str, *, actor: Actor, reason: str = "") -> None:
    referral.status = status
    if status == Referral.Status.DECLINED:
        referral.decline_reason = reason
    referral.save(update_fields=["status", "decline_reason", "updated_at"])
    ReferralEvent.objects.create(
        referral=referral, status=status, by=actor.user, organisation=actor.organisation, reason=reason
    )
    audit.for_participant(
        _MOVED[status],
        referral.participant,
        actor=actor,
        reason=f"referral={referral.pk}" + (f" reason={reason}" if reason else ""),
    )


def send_referral(
    *,
    actor: Actor,
    participant,
    to_organisation,
    domain,
    what: str,
    urgency: str,
    categories: list[str],
    lawful_basis: str = "",
    expires_on: datetime.date | None = None,
) -> Referral:
    """Refers a participant. What goes beyond today's consent needs a lawful basis and the
    right to override consent; the check is here, whatever the form allowed."""
    beyond = set(categories) - policy.consented_for_referral(participant, to_organisation)
    if beyond and not (lawful_basis and policy.may_override_consent(actor.membership)):
        audit.for_participant(
            AuditAction.REFERRAL_OVERRIDE_REFUSED,
            participant,
            actor=actor,
            reason=f"categories={','.join(sorted(beyond))}",
        )
        raise ConsentMissing(beyond)
    with transaction.atomic():
        return _create_referral(
            actor=actor,
            participant=participant,
            to_organisation=to_organisation,
            domain=domain,
            what=what,
            urgency=urgency,
            categories=categories,
            beyond=beyond,
            lawful_basis=lawful_basis,
            expires_on=expires_on,
        )


def _create_referral(
    *, actor: Actor, participant, to_organisation, domain, what, urgency, categories, beyond, lawful_basis, expires_on
):
    today = timezone.localdate()
    # Bounded whatever was posted: by the maximum and by the consent behind what is shared.
    latest = policy.referral_access_ends_by(participant, to_organisation, categories)
    wanted = expires_on or today + datetime.timedelta(days=settings.HOMECOMING_REFERRAL_DAYS)
    referral = Referral.objects.create(
        participant=participant,
        from_organisation=actor.organisation,
        to_organisation=to_organisation,
        domain=domain,
        request=what,
        urgency=urgency,
        categories=sorted(categories),
        override_categories=sorted(beyond),
        lawful_basis=lawful_basis if beyond else "",
        respond_by=today + datetime.timedelta(days=Referral.RESPOND_WITHIN[urgency]),
        expires_on=min(wanted, latest),
        created_by=actor.user,
    )
    ReferralEvent.objects.create(
        referral=referral, status=referral.status, by=actor.user, organisation=actor.organisation
    )
    audit.for_participant(
        AuditAction.REFERRAL_SENT,
        participant,
        actor=actor,
        reason=f"referral={referral.pk} to={to_organisation.pk} categories={','.join(referral.categories)}"
        + (f" beyond_consent={','.join(referral.override_categories)} basis={lawful_basis}" if beyond else ""),
    )
    notify(
        users_of(to_organisation, INTAKE_ROLES),
        kind=Notice.Kind.REFERRAL,
        data={"referral": referral.pk, "status": referral.status},
    )
    return referral


def _tell_sender(referral: Referral) -> None:
    notify(
        [referral.created_by_id],
        kind=Notice.Kind.REFERRAL,
        participant=referral.participant,
        data={"referral": referral.pk, "status": referral.status},
    )


@transaction.atomic
def answer_referral(*, actor: Actor, referral: Referral, accept: bool, reason: str = "") -> None:
    _move(referral, Referral.Status.ACCEPTED if accept else Referral.Status.DECLINED, actor=actor, reason=reason)
    _tell_sender(referral)


@transaction.atomic
def record_service(*, actor: Actor, referral: Referral, given_on, description: str) -> ServiceRecord:
    service = ServiceRecord.objects.create(
        referral=referral, given_on=given_on, description=description, recorded_by=actor.user
    )
    audit.for_participant(
        AuditAction.REFERRAL_SERVICE_RECORDED, referral.participant, actor=actor, reason=f"referral={referral.pk}"
    )
    return service


@transaction.atomic
def complete_referral(*, actor: Actor, referral: Referral) -> None:
    _move(referral, Referral.Status.DONE, actor=actor)
    _tell_sender(referral)


@transaction.atomic
def revoke_referral(*, actor: Actor, referral: Referral) -> None:
    _move(referral, Referral.Status.REVOKED, actor=actor)
    notify(
        users_of(referral.to_organisation, INTAKE_ROLES),
        kind=Notice.Kind.REFERRAL,
        data={"referral": referral.pk, "status": referral.status},
    )


def expire_referrals(today: datetime.date, *, actor: Actor) -> int:
    """Open referrals past their end date lose their access; the sender is told.

    Run daily by ``send_reminders`` as the system (``Actor.for_system()``)."""
    expired = 0
    for referral in Referral.objects.filter(status__in=Referral.OPEN, expires_on__lt=today).select_related(
        "participant"
    ):
        with transaction.atomic():
            _move(referral, Referral.Status.EXPIRED, actor=actor)
            _tell_sender(referral)
        expired += 1
    return expired


# --- Transfers ---------------------------------------------------------------------------


@transaction.atomic
def propose_transfer(*, actor: Actor, participants, household, to_organisation, handover_note: str):
    transfer = Transfer.objects.create(
        household=household,
        from_organisation=actor.organisation,
        to_organisation=to_organisation,
        handover_note=handover_note,
        created_by=actor.user,
    )
    transfer.participants.set(participants)
    for participant in participants:
        audit.for_participant(
            AuditAction.TRANSFER_PROPOSED,
            participant,
            actor=actor,
            reason=f"transfer={transfer.pk} to={to_organisation.pk}",
        )
    notify(
        users_of(to_organisation, [Role.COORDINATOR]),
        kind=Notice.Kind.TRANSFER,
        data={"transfer": transfer.pk, "status": transfer.status},
    )
    return transfer


# The audit event of each decision on a transfer.
_DECIDED = {
    Transfer.Status.ACCEPTED: AuditAction.TRANSFER_ACCEPTED,
    Transfer.Status.DECLINED: AuditAction.TRANSFER_DECLINED,
    Transfer.Status.CANCELLED: AuditAction.TRANSFER_CANCELLED,
}


def _decide(transfer: Transfer, status: str, *, actor: Actor, reason: str = "") -> None:
    transfer.status, transfer.decline_reason = status, reason
    transfer.decided_by, transfer.decided_at = actor.user, timezone.now()
    transfer.save(update_fields=["status", "decline_reason", "decided_by", "decided_at", "handover_until"])
    for participant in transfer.participants.all():
        audit.for_participant(
            _DECIDED[status],
            participant,
            actor=actor,
            reason=f"transfer={transfer.pk}" + (f" reason={reason}" if reason else ""),
        )
    notify(
        {transfer.created_by_id, *users_of(transfer.from_organisation, [Role.COORDINATOR])} - {actor.user_id},
        kind=Notice.Kind.TRANSFER,
        data={"transfer": transfer.pk, "status": status},
    )


@transaction.atomic
def accept_transfer(*, actor: Actor, transfer: Transfer) -> None:
    """Ownership moves now. The sender's coordinators and team keep read-only access for the
    handover period; the receiving coordinator then assigns the new team."""
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != Transfer.Status.PENDING:
        raise PermissionDenied("already decided")
    participants = list(transfer.participants.all())
    now = timezone.now()
    old_places = TeamMember.objects.current().filter(
        participant__in=participants, membership__organisation=transfer.from_organisation
    )
    keep_reading = set(old_places.values_list("membership_id", flat=True)) | set(
        Membership.objects.active()
        .filter(organisation=transfer.from_organisation, role=Role.COORDINATOR)
        .values_list("pk", flat=True)
    )
    for place in old_places.select_related("participant"):
        casework.end_team_place(actor=actor, place=place)
    for participant in participants:
        participant.owner = transfer.to_organisation
        participant.save(update_fields=["owner"])
    if transfer.household_id:
        transfer.household.owner = transfer.to_organisation
        transfer.household.save(update_fields=["owner"])
    transfer.handover_until = now + Transfer.handover_period()
    transfer.handover_memberships.set(keep_reading)
    _decide(transfer, Transfer.Status.ACCEPTED, actor=actor)


@transaction.atomic
def decline_transfer(*, actor: Actor, transfer: Transfer, reason: str) -> None:
    _decide(transfer, Transfer.Status.DECLINED, actor=actor, reason=reason)


@transaction.atomic
def cancel_transfer(*, actor: Actor, transfer: Transfer) -> None:
    _decide(transfer, Transfer.Status.CANCELLED, actor=actor)


# --- Case conferences --------------------------------------------------------------------


def _tell_invited(conference, organisations) -> None:
    for organisation in organisations:
        notify(
            users_of(organisation, INTAKE_ROLES),
            kind=Notice.Kind.CONFERENCE,
            data={"conference": conference.pk, "status": conference.status},
        )


@transaction.atomic
def schedule_conference(*, actor: Actor, participant, whole_household: bool, scheduled_at, place: str, organisations):
    """Convenes a conference about one participant or the whole household; the convening
    organisation is never one of its own invitees."""
    convening = actor.organisation
    conference = Conference.objects.create(
        participant=None if whole_household else participant,
        household=participant.household if whole_household else None,
        organisation=convening,
        scheduled_at=scheduled_at,
        place=place,
        created_by=actor.user,
    )
    invited = sorted({o for o in organisations if o.pk != convening.pk}, key=lambda o: o.pk)
    Invitation.objects.bulk_create(Invitation(conference=conference, organisation=o) for o in invited)
    for subject in conference.subjects():
        audit.for_participant(
            AuditAction.CONFERENCE_SCHEDULED,
            subject,
            actor=actor,
            reason=f"conference={conference.pk} invited={','.join(str(o.pk) for o in invited)}",
        )
    _tell_invited(conference, invited)
    return conference


@transaction.atomic
def record_conference(*, actor: Actor, conference, status: str, summary: str, attendance: dict):
    """Attendance (invitation id → True/False/None), the discussion summary and the status.

    A cancelled conference is final and has no attendance."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if conference.status == Conference.Status.CANCELLED:
        raise PermissionDenied("cancelled")
    invitations = list(conference.invitations.all())
    for invitation in invitations:
        attended = None if status == Conference.Status.CANCELLED else attendance.get(invitation.pk)
        if invitation.attended != attended:
            invitation.attended = attended
            invitation.save(update_fields=["attended"])
    conference.status, conference.summary = status, summary
    conference.save(update_fields=["status", "summary"])
    present = sum(1 for i in invitations if i.attended)
    for subject in conference.subjects():
        audit.for_participant(
            AuditAction.CONFERENCE_RECORDED,
            subject,
            actor=actor,
            reason=f"conference={conference.pk} status={status} attended={present}/{len(invitations)}",
        )
    if status == Conference.Status.CANCELLED:
        _tell_invited(conference, [i.organisation for i in invitations])
    return conference


@transaction.atomic
def record_decision(*, actor: Actor, conference, participant, goal, text: str, responsible_organisation, due_on):
    """A decision of the conference, made a planned action under one of the participant's goals.

    The plan changes, so it needs the coordinator's approval again (casework/actions.py);
    ``casework.actions.Conflict`` if someone saved the plan at the same moment."""
    if conference.status == Conference.Status.CANCELLED:
        raise PermissionDenied("cancelled")
    if goal.plan.participant_id != participant.pk:
        raise PermissionDenied("goal of another participant")
    plan = casework.plan_for(participant)
    action = casework.save_action(
        actor=actor,
        plan=plan,
        expected_version=plan.version,
        goal=goal,
        data={
            "description": text,
            "responsible_organisation": responsible_organisation,
            "responsible_person": None,
            "due_on": due_on,
            "status": Action.Status.PLANNED,
            "blocked_reason": "",
        },
    )
    decision = Decision.objects.create(
        conference=conference,
        participant=participant,
        text=text,
        responsible_organisation=responsible_organisation,
        due_on=due_on,
        action=action,
    )
    audit.for_participant(
        AuditAction.CONFERENCE_DECISION_RECORDED,
        participant,
        actor=actor,
        reason=f"conference={conference.pk} decision={decision.pk} action={action.pk} "
        f"responsible={responsible_organisation.pk}",
    )
    return decision


# --- The service directory, kept by administrators (issue 18 §12) ----------------------------


@transaction.atomic
def save_service(*, actor: Actor, service: Service, changed: list[str]) -> Service:
    """Adds ``service`` to its organisation's entries or saves its ``changed`` fields. Services are
    taken out of the directory (``is_active`` off), never deleted: referrals name their domain."""
    adding = service.pk is None
    if adding:
        service.save()
        action = AuditAction.SERVICE_ADDED
    elif changed:
        service.save(update_fields=changed)
        deactivated = "is_active" in changed and not service.is_active
        action = AuditAction.SERVICE_DEACTIVATED if deactivated else AuditAction.SERVICE_CHANGED
    else:
        return service
    audit.record(
        action=action,
        actor=actor,
        object_type="service",
        object_ref=service.pk,
        reason="" if adding else "fields=" + ",".join(sorted(changed)),
    )
    return service
