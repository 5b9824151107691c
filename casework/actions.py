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
