"""Recording and removing stigma experienced and civic participation on the case.

The audit rows name the record's id only: what happened, what was done and the note are free
text about a person and stay out of the audit log, and so does the setting (the audit trail is
read by the coordinator, who may not read stigma experienced).
"""

import datetime

from django.db import transaction

from community.experiences.rules import check_dates
from community.models import CivicParticipation, StigmaIncident
from core import audit
from core.actor import Actor
from core.audit import AuditAction
from people.models import Participant


@transaction.atomic
def record_incident(
    *,
    actor: Actor,
    participant: Participant,
    occurred_on: datetime.date,
    setting: str,
    what_happened: str = "",
    what_was_done: str = "",
) -> StigmaIncident:
    check_dates(participant, field="occurred_on", on=occurred_on)
    incident = StigmaIncident.objects.create(
        participant=participant,
        occurred_on=occurred_on,
        setting=setting,
        what_happened=what_happened,
        what_was_done=what_was_done,
        recorded_by=actor.user,
    )
    audit.for_participant(AuditAction.STIGMA_RECORDED, participant, actor=actor, reason=f"incident={incident.pk}")
    return incident


@transaction.atomic
def remove_incident(*, actor: Actor, incident: StigmaIncident) -> None:
    """Removes an incident recorded in error (on the wrong participant, twice)."""
    reason = f"incident={incident.pk}"
    participant = incident.participant
    incident.delete()
    audit.for_participant(AuditAction.STIGMA_REMOVED, participant, actor=actor, reason=reason)


@transaction.atomic
def record_civic(
    *,
    actor: Actor,
    participant: Participant,
    kind: str,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    note: str = "",
) -> CivicParticipation:
    check_dates(participant, field="started_on", on=started_on, until=ended_on)
    civic = CivicParticipation.objects.create(
        participant=participant,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        note=note,
        recorded_by=actor.user,
    )
    # The kind is no secret of the team (the coordinator reads it on the case page); the note stays out.
    audit.for_participant(
        AuditAction.CIVIC_RECORDED, participant, actor=actor, reason=f"civic={civic.pk} kind={civic.kind}"
    )
    return civic


@transaction.atomic
def remove_civic(*, actor: Actor, civic: CivicParticipation) -> None:
    reason = f"civic={civic.pk} kind={civic.kind}"
    participant = civic.participant
    civic.delete()
    audit.for_participant(AuditAction.CIVIC_REMOVED, participant, actor=actor, reason=reason)
