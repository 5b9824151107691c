"""The places a user can hold on a case, what each place may read and write, and ``Access``.

This module imports no model of the apps the policy governs: it is the vocabulary the
object modules (participants, referrals, transfers, conferences) share.
"""

from dataclasses import dataclass, field

from django.http import HttpRequest

from core.categories import Category
from directory.models import Discipline, Membership, Role

ALL = frozenset(Category.values)
C = Category

# What each place on a case may read. "coordinator" is the owning organisation's
# coordinator; "lead" the lead case worker; "case_worker" another case worker on the
# team; specialists by discipline; "emergency" someone who broke the glass.
READ: dict[str, frozenset[str]] = {
    "coordinator": frozenset({C.SUMMARY, C.IDENTITY, C.NEEDS_PLAN, C.EDUCATION, C.LIVELIHOOD, C.LEGAL}),
    "lead": ALL,
    # Health and history go to the lead and the clinical disciplines only (DESIGN.md §5).
    "case_worker": ALL - {C.IDENTITY, C.HEALTH, C.HISTORY},
    Discipline.PSYCHOLOGIST: frozenset({C.SUMMARY, C.NEEDS_PLAN, C.HEALTH, C.HISTORY, C.EXPERIENCES}),
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
    "case_worker": ALL - {C.IDENTITY, C.HEALTH, C.HISTORY},
    Discipline.PSYCHOLOGIST: frozenset({C.NEEDS_PLAN, C.HEALTH, C.HISTORY, C.EXPERIENCES}),
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
# Roles that work on cases; partners, M&E, network editors and administrators never list people.
WORKS_ON_CASES = frozenset({Role.COORDINATOR, Role.CASE_WORKER, Role.SPECIALIST})
# Roles of a receiving organisation that work its referrals and conferences.
RECEIVES_REFERRALS = frozenset({Role.PARTNER, Role.COORDINATOR, Role.CASE_WORKER, Role.SPECIALIST})
# Places on a case that may refer, revoke referrals and invite to conferences.
REFERS = frozenset({"coordinator", "lead", "case_worker"})


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
    def refers(self) -> bool:
        """Sends and revokes referrals and invites to conferences."""
        return not self.closed and bool(self.places & REFERS)

    @property
    def is_emergency_only(self) -> bool:
        return self.places == {"emergency"}

    @property
    def clinical_disciplines(self) -> frozenset[str]:
        """The disciplines in which this user reads and writes clinical notes: their own, on the team."""
        return self.places & frozenset(Discipline.values)


def membership_of(request_or_membership: HttpRequest | Membership | None) -> Membership | None:
    """The membership a request acts in (``request.membership``), or the membership itself."""
    if isinstance(request_or_membership, Membership) or request_or_membership is None:
        return request_or_membership
    return getattr(request_or_membership, "membership", None)


def team_place(membership: Membership, *, is_lead: bool) -> str | None:
    """The place a current team membership gives: the lead, another case worker, or a specialist's discipline."""
    if is_lead:
        return "lead"
    if membership.role == Role.CASE_WORKER:
        return "case_worker"
    if membership.role == Role.SPECIALIST and membership.discipline:
        return membership.discipline
    return None


def may_list_participants(request_or_membership) -> bool:
    """Roles that work on cases. Partners, M&E, network editors and administrators never list people."""
    membership = membership_of(request_or_membership)
    return membership is not None and membership.role in WORKS_ON_CASES


def may_register(request_or_membership) -> bool:
    membership = membership_of(request_or_membership)
    return membership is not None and membership.role in REGISTERS


def screens(membership: Membership | None) -> bool:
    """Specialists whose place on a team records screenings (health data)."""
    return (
        membership is not None
        and membership.role == Role.SPECIALIST
        and Category.HEALTH in WRITE.get(team_place(membership, is_lead=False), ())
    )


def note_author_discipline(membership: Membership) -> str:
    """What a note records about its author: the discipline of a specialist, else the role."""
    return membership.discipline if membership.role == Role.SPECIALIST and membership.discipline else membership.role
