"""Who may do what with practitioners' training and support (decided here, nowhere else).

- Training: every member of an organisation reads the courses and sessions of its city; an M&E
  officer reads those of every city under its organisation's jurisdiction (the national officer:
  every city). A coordinator (of any kind of organisation) records courses and sessions for its city.
- A session's named attendees are shown only to members of an organisation the named person
  belongs to; everyone else sees the counts by organisation kind and discipline only, so that no
  page lists another organisation's staff.
- Supervision and peer support: recorded and read only by the coordinator of their organisation.
- A practitioner's own page: anyone with a membership, about themselves only.

Everyone else gets 404, as for a page that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from access.policy import membership_of
from community.models import Attendance, Course, TrainingSession
from directory.models import Jurisdiction, Membership, Organisation, Role
from directory.tree import cities_below, home_city


@dataclass(frozen=True)
class TrainingAccess:
    membership: Membership
    cities: tuple[Jurisdiction, ...]  # the cities whose courses and sessions this reader reads
    city: Jurisdiction | None  # the reader's own city: where a coordinator records sessions

    @property
    def organisation(self) -> Organisation:
        return self.membership.organisation

    @property
    def records(self) -> bool:
        """Records courses and sessions: a coordinator of an organisation in a city."""
        return self.membership.role == Role.COORDINATOR and self.city is not None

    def sessions(self) -> QuerySet[TrainingSession]:
        return TrainingSession.objects.filter(city__in=self.cities)

    def courses(self) -> QuerySet[Course]:
        """Courses offered in the reader's cities, or given there, or offered by their own organisation."""
        given_here = TrainingSession.objects.filter(course=OuterRef("pk"), city__in=self.cities)
        return Course.objects.filter(
            Q(organisation__jurisdiction__in=self.cities) | Q(organisation=self.organisation) | Exists(given_here)
        )

    def editable_courses(self) -> QuerySet[Course]:
        """A coordinator edits the courses of its own organisation and of the organisations of its city."""
        if not self.records:
            return Course.objects.none()
        return Course.objects.filter(Q(organisation=self.organisation) | Q(organisation__jurisdiction=self.city))

    def offering_organisations(self) -> QuerySet[Organisation]:
        """Who may be said to offer a course this coordinator saves: its organisation or another of its city."""
        return (
            Organisation.objects.filter(is_active=True)
            .filter(Q(pk=self.organisation.pk) | Q(jurisdiction=self.city))
            .exclude(kind=Organisation.Kind.NETWORK_HUB)
        )

    def named_attendance(self, session: TrainingSession) -> QuerySet[Attendance]:
        """The named attendees this reader may see: those who are members of the reader's organisation."""
        colleague = Membership.objects.active().filter(user=OuterRef("user"), organisation=self.organisation)
        return session.attendance.filter(user__isnull=False).filter(Exists(colleague))


def training_access(request_or_membership) -> TrainingAccess:
    """The reader's access to training; 404 for those without a membership."""
    membership = membership_of(request_or_membership)
    if membership is None:
        raise Http404
    jurisdiction = membership.organisation.jurisdiction
    city = home_city(jurisdiction)
    cities = [city] if city is not None else []
    if membership.role == Role.ME_OFFICER:
        cities = cities_below(jurisdiction) or cities
    return TrainingAccess(membership, tuple(cities), city)


def recording_access(request_or_membership) -> TrainingAccess:
    """A coordinator who records training for its city; 404 for everyone else."""
    access = training_access(request_or_membership)
    if not access.records:
        raise Http404
    return access


def open_course_to_edit(access: TrainingAccess, course_id: int) -> Course:
    course = access.editable_courses().filter(pk=course_id).first()
    if course is None:
        raise Http404
    return course


def open_session(access: TrainingAccess, session_id: int) -> TrainingSession:
    session = (
        access.sessions()
        .select_related("course", "city", "organisation", "trainer_organisation")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise Http404
    return session


def support_membership(request_or_membership) -> Membership:
    """The coordinator whose organisation's supervision and peer support are recorded; 404 for anyone else."""
    membership = membership_of(request_or_membership)
    if membership is None or membership.role != Role.COORDINATOR:
        raise Http404
    return membership


def own_membership(request_or_membership) -> Membership:
    """Anyone with a membership, for their own page; 404 for those without one."""
    membership = membership_of(request_or_membership)
    if membership is None:
        raise Http404
    return membership


def colleagues(organisation: Organisation) -> QuerySet[Membership]:
    """The organisation's active memberships: whom its coordinator may name as attending."""
    return (
        Membership.objects.active()
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username", "role")
    )
