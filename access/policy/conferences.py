"""Case conferences: the team that convenes them, and the organisations invited."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from access.policy.base import RECEIVES_REFERRALS, Access, membership_of
from access.policy.participants import access_to, consented_categories, participants_visible_to
from coordination.models import Conference, Invitation
from core.categories import Category
from people.models import Consent, Participant


@dataclass(frozen=True)
class OpenedConference:
    conference: Conference
    side: str  # "team" or "invited"
    # Each subject with the acting user's access to it, computed once for the page.
    subjects: tuple[tuple[Participant, Access], ...]


def open_conference(request_or_membership, conference_id: int) -> OpenedConference:
    """A conference the acting user convenes (coordinator of the convening organisation or on a
    subject's case team) or is invited to; else 404."""
    conference = (
        Conference.objects.select_related("participant", "household", "organisation").filter(pk=conference_id).first()
    )
    membership = membership_of(request_or_membership)
    if conference is None or membership is None:
        raise Http404
    subjects = tuple((s, access_to(membership, s)) for s in conference.subjects().select_related("household"))
    if any(access.can_read(Category.NEEDS_PLAN) for _, access in subjects):
        return OpenedConference(conference, "team", subjects)
    if (
        membership.role in RECEIVES_REFERRALS
        and sharing_open(conference)
        and conference.invitations.filter(organisation=membership.organisation_id).exists()
    ):
        return OpenedConference(conference, "invited", subjects)
    raise Http404


def conferences_on_team(request_or_membership) -> QuerySet:
    """Conferences about a participant whose needs and plan the acting membership reads: the team side."""
    visible = participants_visible_to(membership_of(request_or_membership), Category.NEEDS_PLAN)
    return Conference.objects.filter(Q(participant__in=visible) | Q(household__in=visible.values("household")))


def conferences_visible_to(request_or_membership) -> QuerySet:
    """Every conference ``open_conference`` opens for the acting membership, as one query."""
    membership = membership_of(request_or_membership)
    if membership is None:
        return Conference.objects.none()
    mine = Q(pk__in=conferences_on_team(membership).values("pk"))
    if membership.role in RECEIVES_REFERRALS:
        since = timezone.now() - datetime.timedelta(days=settings.HOMECOMING_CONFERENCE_SHARING_DAYS)
        invited = Invitation.objects.filter(organisation=membership.organisation_id).values("conference")
        mine |= Q(pk__in=invited, scheduled_at__gt=since)
    return Conference.objects.filter(mine)


def sharing_open(conference: Conference) -> bool:
    """Invited organisations see a conference until HOMECOMING_CONFERENCE_SHARING_DAYS after its date."""
    ends = conference.scheduled_at + datetime.timedelta(days=settings.HOMECOMING_CONFERENCE_SHARING_DAYS)
    return timezone.now() < ends


def shared_with_invitee(conference: Conference, participant: Participant, organisation) -> frozenset[str]:
    """What an invited organisation may see of one subject of a conference: consent for conferences."""
    if not sharing_open(conference):
        return frozenset()
    purposes = (Consent.Purpose.CONFERENCE, Consent.Purpose.COORDINATION)
    return consented_categories(participant, organisation, purposes) - {Category.IDENTITY}
