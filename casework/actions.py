"""State changes of case work. Each writes its audit rows."""

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from access import audit
from casework.models import ContactNote, NeedsAssessment, NeedsRating, PhaseRecord, TeamMember
from people.models import Participant


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
        audit.record(
            action="team.assigned",
            object_type="participant",
            object_ref=participant.code,
            reason=f"membership={membership.pk} lead={is_lead}",
            request=request,
        )
    return place


def end_team_place(*, request: HttpRequest, place: TeamMember) -> None:
    place.ended_at = timezone.now()
    place.save(update_fields=["ended_at"])
    audit.record(
        action="team.removed",
        object_type="participant",
        object_ref=place.participant.code,
        reason=f"membership={place.membership_id}",
        request=request,
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
    audit.record(
        action="phase.started", object_type="participant", object_ref=participant.code, reason=phase, request=request
    )
    return record


def end_phase(*, request: HttpRequest, record: PhaseRecord, ended_on) -> None:
    record.ended_on = max(ended_on, record.started_on)
    record.save(update_fields=["ended_on"])
    audit.record(
        action="phase.ended",
        object_type="participant",
        object_ref=record.participant.code,
        reason=record.phase,
        request=request,
    )


@transaction.atomic
def record_assessment(*, request: HttpRequest, participant: Participant, assessed_on, ratings) -> NeedsAssessment:
    assessment = NeedsAssessment.objects.create(
        participant=participant, assessed_on=assessed_on, assessed_by=request.user
    )
    NeedsRating.objects.bulk_create(
        NeedsRating(assessment=assessment, domain=domain, rating=rating, strengths=strengths, note=note)
        for domain, rating, strengths, note in ratings
    )
    audit.record(
        action="needs.assessed",
        object_type="participant",
        object_ref=participant.code,
        reason=f"assessment={assessment.pk}",
        request=request,
    )
    return assessment


@transaction.atomic
def write_note(*, request: HttpRequest, participant: Participant, data: dict) -> ContactNote:
    from access.policy import note_author_discipline

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
    audit.record(
        action="note.written",
        object_type="participant",
        object_ref=participant.code,
        reason=f"note={note.pk} {note.sensitivity}",
        request=request,
    )
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
    audit.record(
        action="note.edited",
        object_type="participant",
        object_ref=current.participant.code,
        reason=f"note={current.pk} version={current.version}",
        request=request,
    )
    return current
