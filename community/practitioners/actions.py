"""State changes of practitioner training and support. Each writes its audit row (ids only)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction

from community.models import Attendance, Course, SupportSession, TrainingSession
from core import audit
from core.actor import Actor
from core.audit import AuditAction
from directory.models import Jurisdiction, Membership, Organisation, Role

COURSE_FIELDS = ("organisation", "title", "topic", "hours", "description", "materials", "is_active")


def discipline_of(membership: Membership) -> str:
    """How a named attendee is counted: a specialist by discipline, a case worker as a social worker."""
    if membership.role == Role.SPECIALIST and membership.discipline in Attendance.Discipline.values:
        return membership.discipline
    return {
        Role.CASE_WORKER: Attendance.Discipline.SOCIAL_WORKER,
        Role.COORDINATOR: Attendance.Discipline.MANAGER,
    }.get(membership.role, Attendance.Discipline.OTHER)


def save_course(*, actor: Actor, course: Course | None = None, **fields) -> Course:
    """Adds a course (``course`` None) or changes one; ``fields`` are the course's own fields."""
    unknown = set(fields) - set(COURSE_FIELDS)
    if unknown:
        raise TypeError(f"not course fields: {sorted(unknown)}")
    with transaction.atomic():
        if course is None:
            course = Course.objects.create(**fields)
        else:
            for name, value in fields.items():
                setattr(course, name, value)
            course.save(update_fields=list(fields))
        audit.record(action=AuditAction.COURSE_SAVED, actor=actor, object_type="course", object_ref=course.pk)
    return course


def record_training_session(
    *,
    actor: Actor,
    course: Course,
    trainer_organisation: Organisation,
    city: Jurisdiction,
    held_on: datetime.date,
    hours: Decimal | None = None,
    groups: Iterable[tuple[str, str, int]] = (),
    named: Iterable[Membership] = (),
) -> TrainingSession:
    """A session of a course in the recording organisation's city, with who attended: ``groups`` of
    (organisation kind, discipline, how many), and ``named`` members of the recording organisation,
    each counted once whatever roles they hold. The hours default to the course's."""
    organisation = actor.organisation
    named = list(named)
    if organisation is None or any(membership.organisation_id != organisation.pk for membership in named):
        raise ValueError("named attendees must be members of the recording organisation")
    with transaction.atomic():
        session = TrainingSession.objects.create(
            course=course,
            organisation=organisation,
            trainer_organisation=trainer_organisation,
            city=city,
            held_on=held_on,
            hours=hours if hours is not None else course.hours,
            created_by=actor.user,
        )
        rows = [
            Attendance(session=session, organisation_kind=kind, discipline=discipline, count=count)
            for kind, discipline, count in groups
        ]
        seen: set[int] = set()
        for membership in named:
            if membership.user_id not in seen:
                seen.add(membership.user_id)
                rows.append(
                    Attendance(
                        session=session,
                        organisation_kind=organisation.kind,
                        discipline=discipline_of(membership),
                        user_id=membership.user_id,
                    )
                )
        Attendance.objects.bulk_create(rows)
        audit.record(
            action=AuditAction.TRAINING_RECORDED,
            actor=actor,
            object_type="training_session",
            object_ref=session.pk,
            reason=f"course={course.pk}",
        )
    return session


def record_support_session(
    *,
    actor: Actor,
    kind: str,
    held_on: datetime.date,
    hours: Decimal,
    external: bool,
    attendees: Iterable[Membership],
) -> SupportSession:
    """Supervision or peer support of the actor's organisation: when, how long, who. Never what was said."""
    organisation = actor.organisation
    attendees = list(attendees)
    if organisation is None or any(membership.organisation_id != organisation.pk for membership in attendees):
        raise ValueError("attendees must be members of the organisation")
    with transaction.atomic():
        session = SupportSession.objects.create(
            organisation=organisation,
            kind=kind,
            held_on=held_on,
            hours=hours,
            external=external,
            created_by=actor.user,
        )
        session.attendees.set(attendees)
        audit.record(
            action=AuditAction.SUPPORT_RECORDED, actor=actor, object_type="support_session", object_ref=session.pk
        )
    return session
