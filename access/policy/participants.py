"""Who sees a participant, and what of them.

Who sees a participant, in the organisation and role a user acts in now:
- the coordinators of the owning organisation;
- the practitioners on the participant's case team, in the role of their team place;
- someone holding an unexpired emergency access (break the glass);
- for a handover period after a transfer, the sending organisation's coordinators and
  former team, read-only.
Partners never open a case: they see a participant only on the page of a referral or a
case conference addressed to their organisation (``referrals``, ``conferences``).
M&E officers, network editors and administrators see no participant at all.
"""

import datetime
import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from access.models import EmergencyAccess
from access.policy.base import (
    MAY_BREAK_GLASS,
    READ,
    Access,
    may_list_participants,
    membership_of,
    team_place,
)
from casework.models import ContactNote, TeamMember
from coordination.models import Transfer
from core.categories import TEAM_ONLY, Category
from directory.models import Membership, Role
from people.models import Consent, Participant


@dataclass(frozen=True)
class Opened:
    """A participant the acting user may open, with what they may do with it."""

    participant: Participant
    access: Access


# Stands in for a code that does not exist: no team place, grant or handover names it.
_NOBODY = Participant(pk=0, status=Participant.Status.ACTIVE)


def _active_grants(membership: Membership) -> QuerySet:
    return EmergencyAccess.objects.filter(membership=membership, expires_at__gt=timezone.now())


def _handovers(membership: Membership) -> QuerySet:
    return Transfer.objects.filter(
        status=Transfer.Status.ACCEPTED, handover_until__gt=timezone.now(), handover_memberships=membership
    )


def _places(membership: Membership | None, category: str) -> tuple[list[tuple[QuerySet, str]], Q | None]:
    """The membership's places that let it read ``category``: querysets naming participants (each
    with the field that names them), and the coordinator's organisation as a condition."""
    if not may_list_participants(membership):
        return [], None

    def reads(place: str | None) -> bool:
        return place is not None and category in READ.get(place, ())

    places = []
    as_lead, as_member = (reads(team_place(membership, is_lead=is_lead)) for is_lead in (True, False))
    if as_lead or as_member:
        team = TeamMember.objects.current().filter(membership=membership)
        places.append((team if as_lead and as_member else team.filter(is_lead=as_lead), "participant"))
    if reads("emergency"):
        places.append((_active_grants(membership), "participant"))
    if reads("handover"):
        places.append((_handovers(membership), "participants"))
    owned = None
    if membership.role == Role.COORDINATOR and reads("coordinator"):
        owned = Q(owner=membership.organisation_id)
    return places, owned


def participants_visible_to(request_or_membership, category: str = Category.SUMMARY) -> QuerySet:
    """Every participant whose ``category`` the acting membership may read; by default, those it may open at all.

    The same places as ``access_to``, as one query: a list never offers a record that would not open.
    A union of the user's places, each served by an index (team places and grants by membership,
    owned participants by owner): what a list costs grows with what the user may see, not with
    the number of participants in the database. For a few known participants, ``visible_among``.
    """
    places, owned = _places(membership_of(request_or_membership), category)
    ids = [place.order_by().values(field) for place, field in places]
    if owned is not None:
        ids.append(Participant.objects.filter(owned).order_by().values("pk"))
    if not ids:
        return Participant.objects.none()
    first, *others = ids
    return Participant.objects.filter(pk__in=first.union(*others, all=True) if others else first)


def visible_among(request_or_membership, participants: QuerySet, category: str = Category.SUMMARY) -> QuerySet:
    """Those of ``participants`` — a handful, such as a household or the people a notice names —
    whose ``category`` the acting membership may read: the same places as ``participants_visible_to``,
    checked row by row, where the union would first gather everyone a coordinator may see."""
    places, owned = _places(membership_of(request_or_membership), category)
    checks = [Exists(place.filter(**{field: OuterRef("pk")})) for place, field in places]
    if owned is not None:
        checks.append(owned)
    if not checks:
        return participants.none()
    return participants.filter(functools.reduce(operator.or_, checks))


def access_to(request_or_membership, participant: Participant) -> Access:
    membership = membership_of(request_or_membership)
    if membership is None:
        return Access()
    places: set[str] = set()
    if membership.role == Role.COORDINATOR and participant.owner_id == membership.organisation_id:
        places.add("coordinator")
    for place in TeamMember.objects.current().filter(participant=participant, membership=membership):
        if held := team_place(membership, is_lead=place.is_lead):
            places.add(held)
    if _active_grants(membership).filter(participant=participant).exists():
        places.add("emergency")
    if _handovers(membership).filter(participants=participant).exists():
        places.add("handover")
    return Access(frozenset(places), closed=participant.status == participant.Status.CLOSED)


def open_participant(
    request_or_membership,
    code: str,
    category: str = Category.SUMMARY,
    *,
    write: bool = False,
    need: Callable[[Access], bool] | None = None,
) -> Opened:
    """The participant with this code, if the acting user may read (or write) the category and,
    where ``need`` is given, the access passes it (e.g. ``need=lambda a: a.manages_team``); else 404.

    "Does not exist" and "not allowed" answer the same 404, after the same work.
    """
    participant = (
        Participant.objects.select_related("household", "owner__jurisdiction").filter(code=code.upper()).first()
    )
    # A missing code is checked like an existing one, against a record that matches nothing,
    # so that "does not exist" and "not allowed" take the same queries (no timing oracle).
    access = access_to(request_or_membership, participant or _NOBODY)
    allowed = access.can_write(category) if write else access.can_read(category)
    if participant is None or not allowed or (need is not None and not need(access)):
        raise Http404
    return Opened(participant, access)


def _at_level(jurisdiction, level: str):
    return next((j for j in jurisdiction.ancestors_and_self() if j.level == level), None)


def may_break_glass(membership: Membership | None, participant: Participant) -> bool:
    """A coordinator or case worker outside the case, in the same city as the owning organisation
    (or the same jurisdiction of HOMECOMING_EMERGENCY_ACCESS_LEVEL): an emergency is local."""
    if membership is None or membership.role not in MAY_BREAK_GLASS:
        return False
    if access_to(membership, participant).places - {"emergency"}:
        return False  # already has access: nothing to break
    level = settings.HOMECOMING_EMERGENCY_ACCESS_LEVEL
    own = _at_level(membership.organisation.jurisdiction, level)
    owner = _at_level(participant.owner.jurisdiction, level)
    return own is not None and owner is not None and own.pk == owner.pk


def participant_for_emergency(request_or_membership, code: str) -> Participant | None:
    """The participant whose glass the acting user may break, or None (whether or not the code exists)."""
    membership = membership_of(request_or_membership)
    participant = Participant.objects.select_related("owner__jurisdiction").filter(code=code.upper()).first()
    if participant is None or not may_break_glass(membership, participant):
        return None
    return participant


def notes_visible_to(request_or_membership, participant: Participant, access: Access | None = None) -> QuerySet:
    """Contact notes the acting membership may read on this participant.

    Team notes go to everyone who may read the needs and plan; a clinical note only to
    practitioners on the case in the same discipline as its author (e.g. psychologists).
    """
    membership = membership_of(request_or_membership)
    access = access or getattr(participant, "access", None) or access_to(membership, participant)
    if not access.can_read(Category.NEEDS_PLAN):
        return ContactNote.objects.none()
    visible = Q(sensitivity=ContactNote.Sensitivity.TEAM)
    if access.clinical_disciplines:
        visible |= Q(sensitivity=ContactNote.Sensitivity.CLINICAL, author_discipline__in=access.clinical_disciplines)
    return participant.notes.filter(visible)


def consented_categories(participant: Participant, organisation, purposes) -> frozenset[str]:
    """Categories the participant (or a guardian) consented to share with this organisation, today."""
    today = timezone.localdate()
    categories: set[str] = set()
    for consent in participant.consents.filter(purpose__in=purposes):
        categories |= {c for c in consent.categories if consent.covers(organisation, c, today)}
    # Stigma experienced stays with the case team whatever a consent says.
    return frozenset(categories - TEAM_ONLY)


def consented_for_referral(participant: Participant, organisation) -> frozenset[str]:
    """Categories consent allows to share with this organisation through a referral, today."""
    return consented_categories(participant, organisation, (Consent.Purpose.REFERRAL, Consent.Purpose.COORDINATION))


@dataclass(frozen=True)
class ConsentSpan:
    """Since when, and until when (None: no end date), consent covers a category for an organisation."""

    since: datetime.date
    until: datetime.date | None


def referral_consent_spans(participant: Participant, organisation) -> dict[str, ConsentSpan]:
    """For each category consent allows to share with this organisation through a referral today,
    the span of the consents behind it: the earliest given, the latest end (none if one has none)."""
    today = timezone.localdate()
    spans: dict[str, ConsentSpan] = {}
    consents = participant.consents.filter(purpose__in=(Consent.Purpose.REFERRAL, Consent.Purpose.COORDINATION))
    for consent in consents:
        for category in consent.categories:
            if category in TEAM_ONLY or not consent.covers(organisation, category, today):
                continue
            known = spans.get(category)
            if known is None:
                spans[category] = ConsentSpan(consent.given_on, consent.expires_on)
                continue
            until = None if None in (known.until, consent.expires_on) else max(known.until, consent.expires_on)
            spans[category] = ConsentSpan(min(known.since, consent.given_on), until)
    return spans


def referral_access_ends_by(participant: Participant, organisation, categories) -> datetime.date:
    """The latest day a referral may give access until: HOMECOMING_REFERRAL_MAX_DAYS from today,
    and no later than the consent behind any of the consented categories it shares."""
    today = timezone.localdate()
    latest = today + datetime.timedelta(days=settings.HOMECOMING_REFERRAL_MAX_DAYS)
    consents = list(participant.consents.filter(purpose__in=(Consent.Purpose.REFERRAL, Consent.Purpose.COORDINATION)))
    for category in categories:
        covering = [c.expires_on for c in consents if c.covers(organisation, category, today)]
        if covering and None not in covering:
            latest = min(latest, max(covering))
    return latest
