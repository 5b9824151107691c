"""State changes of case work. Each writes its audit rows."""

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from access import audit
from casework.models import TeamMember
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
