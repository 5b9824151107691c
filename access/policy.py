"""The access policy: the one place that decides who may see and change what.

Views never fetch a participant themselves; they call ``get_participant_for_user``,
which answers 404 both for "does not exist" and for "not allowed", so that nobody can
learn from the answer whether a code exists (DESIGN.md §5).

Who sees a participant, in the organisation and role a user acts in now
(``request.membership``):
- the coordinators of the owning organisation;
- the practitioners on the participant's case team, in the role of their team place;
- someone holding an unexpired emergency access (break the glass);
- for a handover period after a transfer, the sending organisation's coordinators and
  former team, read-only.
Partners never open a case: they see a participant only on the page of a referral or a
case conference addressed to their organisation, and there only the categories the
participant consented to share with them (or shared on a recorded lawful basis), for as
long as the referral is open (``referral_for_user``, ``shared_by_referral``).
M&E officers, network editors and administrators see no participant at all.
"""

import functools
import operator
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from access.categories import Category
from directory.models import Discipline, Membership, Role

ALL = frozenset(Category.values)
C = Category

# What each place on a case may read. "coordinator" is the owning organisation's
# coordinator; "lead" the lead case worker; "case_worker" another case worker on the
# team; specialists by discipline; "emergency" someone who broke the glass.
READ: dict[str, frozenset[str]] = {
    "coordinator": frozenset({C.SUMMARY, C.IDENTITY, C.NEEDS_PLAN, C.EDUCATION, C.LIVELIHOOD, C.LEGAL}),
    "lead": ALL,
    "case_worker": ALL - {C.IDENTITY},
    Discipline.PSYCHOLOGIST: frozenset({C.SUMMARY, C.NEEDS_PLAN, C.HEALTH, C.HISTORY}),
    Discipline.DOCTOR: frozenset({C.SUMMARY, C.NEEDS_PLAN, C.HEALTH}),
    Discipline.TEACHER: frozenset({C.SUMMARY, C.NEEDS_PLAN, C.EDUCATION}),
    Discipline.EMPLOYMENT_ADVISER: frozenset({C.SUMMARY, C.NEEDS_PLAN, C.LIVELIHOOD}),
    Discipline.RELIGIOUS_COUNSELLOR: frozenset({C.SUMMARY, C.NEEDS_PLAN}),
    "emergency": frozenset({C.SUMMARY, C.NEEDS_PLAN, C.HEALTH, C.LEGAL}),
    "handover": frozenset({C.SUMMARY, C.NEEDS_PLAN}),
}
# What each place may change. Emergency access is read-only.
WRITE: dict[str, frozenset[str]] = {
    "coordinator": frozenset({C.SUMMARY, C.IDENTITY, C.NEEDS_PLAN}),
    "lead": ALL,
    "case_worker": ALL - {C.IDENTITY},
    Discipline.PSYCHOLOGIST: frozenset({C.NEEDS_PLAN, C.HEALTH, C.HISTORY}),
    Discipline.DOCTOR: frozenset({C.NEEDS_PLAN, C.HEALTH}),
    Discipline.TEACHER: frozenset({C.NEEDS_PLAN, C.EDUCATION}),
    Discipline.EMPLOYMENT_ADVISER: frozenset({C.NEEDS_PLAN, C.LIVELIHOOD}),
    Discipline.RELIGIOUS_COUNSELLOR: frozenset({C.NEEDS_PLAN}),
    "emergency": frozenset(),
    "handover": frozenset(),
}
# Places that may record and withdraw consent, and that may see the case's audit trail.
MANAGES_CONSENT = frozenset({"coordinator", "lead", "case_worker"})
SEES_AUDIT_TRAIL = frozenset({"coordinator"})
# Roles that may register participants for their organisation and break the glass.
REGISTERS = frozenset({Role.COORDINATOR, Role.CASE_WORKER})
MAY_BREAK_GLASS = frozenset({Role.COORDINATOR, Role.CASE_WORKER})


@dataclass(frozen=True)
class Access:
    """What the current user may do with one participant, and why."""

    places: frozenset[str] = field(default_factory=frozenset)
    # A closed case is read-only until the coordinator reopens it.
    closed: bool = False

    @property
    def read(self) -> frozenset[str]:
        return frozenset().union(*(READ.get(p, frozenset()) for p in self.places))

    @property
    def write(self) -> frozenset[str]:
        if self.closed:
            return frozenset()
        return frozenset().union(*(WRITE.get(p, frozenset()) for p in self.places))

    def can_read(self, category: str) -> bool:
        return category in self.read

    def can_write(self, category: str) -> bool:
        return category in self.write

    @property
    def manages_consent(self) -> bool:
        return not self.closed and bool(self.places & MANAGES_CONSENT)

    @property
    def requests_closure(self) -> bool:
        return not self.closed and bool(self.places & {"lead", "coordinator"})

    @property
    def decides_closure(self) -> bool:
        """Approves closures and reopens closed cases."""
        return "coordinator" in self.places

    @property
    def sees_audit_trail(self) -> bool:
        return bool(self.places & SEES_AUDIT_TRAIL)

    @property
    def approves_plans(self) -> bool:
        return not self.closed and "coordinator" in self.places

    @property
    def manages_team(self) -> bool:
        return not self.closed and "coordinator" in self.places

    @property
    def is_emergency_only(self) -> bool:
        return self.places == {"emergency"}

    @property
    def clinical_disciplines(self) -> frozenset[str]:
        """The disciplines in which this user reads and writes clinical notes: their own, on the team."""
        return self.places & frozenset(Discipline.values)


def _membership(request_or_membership) -> Membership | None:
    if isinstance(request_or_membership, Membership) or request_or_membership is None:
        return request_or_membership
    return getattr(request_or_membership, "membership", None)


def _active_grants(membership: Membership):
    from access.models import EmergencyAccess

    return EmergencyAccess.objects.filter(membership=membership, expires_at__gt=timezone.now())


def _handovers(membership: Membership):
    from coordination.models import Transfer

    return Transfer.objects.filter(
        status=Transfer.Status.ACCEPTED, handover_until__gt=timezone.now(), handover_memberships=membership
    )


def _team_place(membership: Membership, *, is_lead: bool) -> str | None:
    """The place a current team membership gives: the lead, another case worker, or a specialist's discipline."""
    if is_lead:
        return "lead"
    if membership.role == Role.CASE_WORKER:
        return "case_worker"
    if membership.role == Role.SPECIALIST and membership.discipline:
        return membership.discipline
    return None


def participants_visible_to(request_or_membership, category: str = Category.SUMMARY) -> QuerySet:
    """Every participant whose ``category`` the acting membership may read; by default, those it may open at all.

    The same places as ``access_to``, as one query: a list never offers a record that would not open.
    """
    from casework.models import TeamMember
    from people.models import Participant

    membership = _membership(request_or_membership)
    if not may_list_participants(membership):
        return Participant.objects.none()

    def reads(place: str | None) -> bool:
        return place is not None and category in READ.get(place, ())

    on_team = TeamMember.objects.current().filter(participant=OuterRef("pk"), membership=membership)
    as_lead, as_member = (reads(_team_place(membership, is_lead=is_lead)) for is_lead in (True, False))
    visible = []
    if as_lead or as_member:
        visible.append(Exists(on_team if as_lead and as_member else on_team.filter(is_lead=as_lead)))
    if reads("emergency"):
        visible.append(Exists(_active_grants(membership).filter(participant=OuterRef("pk"))))
    if reads("handover"):
        visible.append(Exists(_handovers(membership).filter(participants=OuterRef("pk"))))
    if membership.role == Role.COORDINATOR and reads("coordinator"):
        visible.append(Q(owner=membership.organisation_id))
    if not visible:
        return Participant.objects.none()
    return Participant.objects.filter(functools.reduce(operator.or_, visible))


def access_to(request_or_membership, participant) -> Access:
    from casework.models import TeamMember

    membership = _membership(request_or_membership)
    if membership is None:
        return Access()
    places: set[str] = set()
    if membership.role == Role.COORDINATOR and participant.owner_id == membership.organisation_id:
        places.add("coordinator")
    for place in TeamMember.objects.current().filter(participant=participant, membership=membership):
        if team_place := _team_place(membership, is_lead=place.is_lead):
            places.add(team_place)
    if _active_grants(membership).filter(participant=participant).exists():
        places.add("emergency")
    if _handovers(membership).filter(participants=participant).exists():
        places.add("handover")
    return Access(frozenset(places), closed=participant.status == participant.Status.CLOSED)


def screens(membership: Membership | None) -> bool:
    """Specialists whose place on a team records screenings (health data)."""
    return (
        membership is not None
        and membership.role == Role.SPECIALIST
        and Category.HEALTH in WRITE.get(_team_place(membership, is_lead=False), ())
    )


def get_participant_for_user(request: HttpRequest, code: str, category: str = Category.SUMMARY, *, write=False):
    """The participant with this code, if the acting user may read (or write) the category; else 404."""
    from people.models import Participant

    participant = (
        Participant.objects.select_related("household", "owner__jurisdiction").filter(code=code.upper()).first()
    )
    if participant is None:
        raise Http404
    access = access_to(request, participant)
    if not (access.can_write(category) if write else access.can_read(category)):
        raise Http404
    participant.access = access
    return participant


def may_list_participants(request: HttpRequest) -> bool:
    """Roles that work on cases. Partners, M&E, network editors and administrators never list people."""
    membership = _membership(request)
    return membership is not None and membership.role in (Role.COORDINATOR, Role.CASE_WORKER, Role.SPECIALIST)


def may_register(request: HttpRequest) -> bool:
    membership = _membership(request)
    return membership is not None and membership.role in REGISTERS


def may_break_glass(membership: Membership | None, participant) -> bool:
    """A coordinator or case worker outside the case, in the same jurisdiction tree."""
    if membership is None or membership.role not in MAY_BREAK_GLASS:
        return False
    if access_to(membership, participant).places - {"emergency"}:
        return False  # already has access: nothing to break
    own_root = membership.organisation.jurisdiction.ancestors_and_self()[-1]
    owner_root = participant.owner.jurisdiction.ancestors_and_self()[-1]
    return own_root.pk == owner_root.pk


def notes_visible_to(request_or_membership, participant):
    """Contact notes the acting membership may read on this participant.

    Team notes go to everyone who may read the needs and plan; a clinical note only to
    practitioners on the case in the same discipline as its author (e.g. psychologists).
    """
    from casework.models import ContactNote

    membership = _membership(request_or_membership)
    access = getattr(participant, "access", None) or access_to(membership, participant)
    if not access.can_read(Category.NEEDS_PLAN):
        return ContactNote.objects.none()
    visible = Q(sensitivity=ContactNote.Sensitivity.TEAM)
    if access.clinical_disciplines:
        visible |= Q(sensitivity=ContactNote.Sensitivity.CLINICAL, author_discipline__in=access.clinical_disciplines)
    return participant.notes.filter(visible)


def note_author_discipline(membership: Membership) -> str:
    """What a note records about its author: the discipline of a specialist, else the role."""
    return membership.discipline if membership.role == Role.SPECIALIST and membership.discipline else membership.role


# --- Referrals, transfers and conferences ---------------------------------------------

# Roles of a receiving organisation that work its referrals and conferences.
RECEIVES_REFERRALS = frozenset({Role.PARTNER, Role.COORDINATOR, Role.CASE_WORKER, Role.SPECIALIST})
# Places on a case that may refer, revoke referrals and invite to conferences.
REFERS = frozenset({"coordinator", "lead", "case_worker"})


def may_override_consent(request_or_membership) -> bool:
    """Sharing beyond consent on a lawful basis: coordinators by default, or a user given the permission."""
    membership = _membership(request_or_membership)
    if membership is None:
        return False
    return membership.role in settings.HOMECOMING_OVERRIDE_CONSENT_ROLES or membership.user.has_perm(
        "coordination.override_consent"
    )


def consented_categories(participant, organisation, purposes) -> frozenset[str]:
    """Categories the participant (or a guardian) consented to share with this organisation, today."""
    today = timezone.localdate()
    categories: set[str] = set()
    for consent in participant.consents.filter(purpose__in=purposes):
        categories |= {c for c in consent.categories if consent.covers(organisation, c, today)}
    return frozenset(categories)


def consented_for_referral(participant, organisation) -> frozenset[str]:
    """Categories consent allows to share with this organisation through a referral, today."""
    from people.models import Consent

    purposes = (Consent.Purpose.REFERRAL, Consent.Purpose.COORDINATION)
    return consented_categories(participant, organisation, purposes)


def shared_by_referral(referral) -> frozenset[str]:
    """What an open referral shares now: consent is re-read, so a withdrawal ends sharing at once."""
    if not referral.is_open:
        return frozenset()
    allowed = consented_for_referral(referral.participant, referral.to_organisation) | set(referral.override_categories)
    return frozenset(c for c in referral.categories if c in allowed)


def referrals_received(request_or_membership) -> QuerySet:
    """Referrals addressed to the acting user's organisation: the only way a partner meets a participant."""
    from coordination.models import Referral

    membership = _membership(request_or_membership)
    if membership is None or membership.role not in RECEIVES_REFERRALS:
        return Referral.objects.none()
    return Referral.objects.filter(to_organisation=membership.organisation_id)


def referrals_sent(request_or_membership) -> QuerySet:
    """Referrals the acting organisation sent about participants the acting user may open."""
    from coordination.models import Referral

    membership = _membership(request_or_membership)
    if membership is None:
        return Referral.objects.none()
    return Referral.objects.filter(
        from_organisation=membership.organisation_id, participant__in=participants_visible_to(membership)
    )


def referral_for_user(request: HttpRequest, referral_id: int):
    """A referral the acting user sent (on a case they work on) or received; else 404.

    Sets ``referral.side`` ("sender" or "recipient"); for the recipient, ``referral.shared``:
    the categories it may see now; for the sender, ``referral.participant.access``.
    """
    from coordination.models import Referral

    referral = (
        Referral.objects.select_related("participant__household", "to_organisation", "from_organisation", "domain")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise Http404
    membership = _membership(request)
    receives = membership is not None and membership.role in RECEIVES_REFERRALS
    if receives and referral.to_organisation_id == membership.organisation_id:
        referral.side, referral.shared = "recipient", shared_by_referral(referral)
        return referral
    access = access_to(membership, referral.participant)
    if access.can_read(Category.NEEDS_PLAN):
        referral.side, referral.shared = "sender", frozenset()
        referral.participant.access = access
        return referral
    raise Http404


def may_refer(access: Access) -> bool:
    return not access.closed and bool(access.places & REFERS)


def transfers_visible_to(request_or_membership) -> QuerySet:
    """Transfers the acting coordinator sends or receives."""
    from coordination.models import Transfer

    membership = _membership(request_or_membership)
    if membership is None or membership.role != Role.COORDINATOR:
        return Transfer.objects.none()
    org = membership.organisation_id
    return Transfer.objects.filter(Q(from_organisation=org) | Q(to_organisation=org))


def transfer_for_user(request: HttpRequest, transfer_id: int):
    """A transfer the acting coordinator sends or receives; else 404. Sets ``transfer.side``."""
    transfer = (
        transfers_visible_to(request)
        .select_related("from_organisation__jurisdiction", "to_organisation__jurisdiction", "household")
        .filter(pk=transfer_id)
        .first()
    )
    if transfer is None:
        raise Http404
    transfer.side = "recipient" if transfer.to_organisation_id == request.membership.organisation_id else "sender"
    return transfer


def handover_categories(transfer, participant) -> frozenset[str]:
    """What a handover summary shows (to both sides alike): the case in outline, and the latest
    screenings only where the participant consented to share health data for the transfer."""
    from people.models import Consent

    categories = {Category.SUMMARY, Category.NEEDS_PLAN}
    purposes = (Consent.Purpose.TRANSFER, Consent.Purpose.COORDINATION)
    if Category.HEALTH in consented_categories(participant, transfer.to_organisation, purposes):
        categories.add(Category.HEALTH)
    return frozenset(categories)


def conference_for_user(request: HttpRequest, conference_id: int):
    """A conference the acting user convenes (coordinator of the convening organisation or on a
    subject's case team) or is invited to; else 404. Sets ``conference.side`` and
    ``conference.subject_list`` (each subject with its ``access``)."""
    from coordination.models import Conference

    conference = (
        Conference.objects.select_related("participant", "household", "organisation").filter(pk=conference_id).first()
    )
    if conference is None:
        raise Http404
    membership = _membership(request)
    if membership is None:
        raise Http404
    # Each subject carries the acting user's access to it, for the page to use as it is.
    conference.subject_list = list(conference.subjects().select_related("household"))
    for subject in conference.subject_list:
        subject.access = access_to(membership, subject)
    if any(subject.access.can_read(Category.NEEDS_PLAN) for subject in conference.subject_list):
        conference.side = "team"
        return conference
    if (
        membership.role in RECEIVES_REFERRALS
        and conference.invitations.filter(organisation=membership.organisation_id).exists()
    ):
        conference.side = "invited"
        return conference
    raise Http404


def shared_with_invitee(conference, participant, organisation) -> frozenset[str]:
    """What an invited organisation may see of one subject of a conference: consent for conferences."""
    from people.models import Consent

    purposes = (Consent.Purpose.CONFERENCE, Consent.Purpose.COORDINATION)
    return consented_categories(participant, organisation, purposes) - {Category.IDENTITY}
