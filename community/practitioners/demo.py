"""Demo training and support (synthetic): six courses offered by the demo social services and CSOs; for
Almaty and Shymkent a year of training sessions ending today, attended by practitioners of every kind
of organisation and by the demo case worker and psychologist by name; monthly supervision and
occasional peer support at each city's social services. Idempotent: what exists is kept."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from community.models import Course, SupportSession, TrainingSession
from community.practitioners import actions
from core.actor import Actor
from directory.models import Membership, Organisation

CITIES = ("almaty", "shymkent")
# title, topic, hours, offered by (slug), description
COURSES = [
    (
        "Trauma-informed care",
        Course.Topic.TRAUMA,
        "16",
        "demo-almaty-social",
        "Recognising the effects of trauma on women and children, and working so as not to add to them.",
    ),
    (
        "Child protection",
        Course.Topic.CHILD_PROTECTION,
        "8",
        "demo-shymkent-social",
        "Safeguarding children in the programme: signs, referral routes, working with schools.",
    ),
    (
        "Working against stigma",
        Course.Topic.STIGMA,
        "6",
        "demo-almaty-cso",
        "How stigma reaches returning families, and what practitioners and neighbourhoods can do about it.",
    ),
    (
        "Case management",
        Course.Topic.CASE_MANAGEMENT,
        "12",
        "demo-almaty-social",
        "Needs assessment, plans, reviews and closing a case well.",
    ),
    (
        "Practitioners' wellbeing",
        Course.Topic.SELF_CARE,
        "4",
        "demo-shymkent-cso",
        "Secondary stress, peer support and knowing one's limits.",
    ),
    (
        "Data protection",
        Course.Topic.DATA_PROTECTION,
        "3",
        "demo-shymkent-social",
        "Consent, need-to-know, and what never leaves the case team.",
    ),
]
# Groups that attend the city's trainings: organisation kind, discipline, fewest, most.
GROUPS = [
    (Organisation.Kind.SCHOOL, "teacher", 4, 14),
    (Organisation.Kind.HEALTH, "doctor", 2, 8),
    (Organisation.Kind.PSYCHOSOCIAL, "psychologist", 2, 6),
    (Organisation.Kind.POLICE, "police", 2, 10),
    (Organisation.Kind.SOCIAL_SERVICES, "social_worker", 3, 9),
    (Organisation.Kind.CSO, "social_worker", 1, 6),
    (Organisation.Kind.EMPLOYMENT, "employment_adviser", 1, 4),
    (Organisation.Kind.RELIGIOUS, "religious_counsellor", 1, 3),
]
# Days before today of the city's sessions: about one a month over the last year.
SESSION_DAYS = [352, 323, 296, 268, 237, 205, 176, 149, 118, 88, 57, 26, 9]


def _staff(city: str) -> dict[str, Membership]:
    """The city's demo memberships at its social services, by the username's role part."""
    memberships = Membership.objects.filter(organisation__slug=f"demo-{city}-social").select_related(
        "user", "organisation__jurisdiction"
    )
    return {membership.user.username.split(".", 1)[1]: membership for membership in memberships}


def _courses(organisations: dict[str, Organisation], actors: dict[str, Actor]) -> list[Course]:
    courses = []
    for title, topic, hours, slug, description in COURSES:
        organisation = organisations[slug]
        course = Course.objects.filter(organisation=organisation, title=title).first()
        if course is None:
            # Each city's coordinator saves the courses offered in its city (the CSOs have none).
            actor = actors[organisation.jurisdiction.slug]
            course = actions.save_course(
                actor=actor,
                organisation=organisation,
                title=title,
                topic=topic,
                hours=Decimal(hours),
                description=description,
                materials="",
                is_active=True,
            )
        courses.append(course)
    return courses


def _trainings(city: str, staff: dict[str, Membership], courses: list[Course], actor: Actor, today) -> None:
    rng = random.Random(f"practitioners-{city}")  # noqa: S311 (synthetic data, not security)
    organisation = actor.membership.organisation
    for index, days in enumerate(SESSION_DAYS):
        course = courses[(index + (0 if city == "almaty" else 3)) % len(courses)]
        groups = [(kind, discipline, rng.randint(low, high)) for kind, discipline, low, high in rng.sample(GROUPS, 3)]
        # The case worker takes part in every other session by name, the psychologist in every third.
        wanted = [key for key, every in (("caseworker", 2), ("psychologist", 3)) if index % every == 1]
        named = [staff[key] for key in wanted if key in staff]
        actions.record_training_session(
            actor=actor,
            course=course,
            trainer_organisation=course.organisation,
            city=organisation.jurisdiction,
            held_on=today - datetime.timedelta(days=days),
            groups=groups,
            named=named,
        )


def _support(staff: dict[str, Membership], actor: Actor, today) -> None:
    team = [staff[key] for key in ("caseworker", "psychologist") if key in staff]
    for month in range(12):
        held_on = today - datetime.timedelta(days=12 + 30 * month)
        actions.record_support_session(
            actor=actor,
            kind=SupportSession.Kind.SUPERVISION,
            held_on=held_on,
            hours=Decimal("2"),
            external=True,
            attendees=team,
        )
        if month % 3 == 1:
            actions.record_support_session(
                actor=actor,
                kind=SupportSession.Kind.PEER_SUPPORT,
                held_on=held_on - datetime.timedelta(days=7),
                hours=Decimal("1.5"),
                external=False,
                attendees=[*team, actor.membership],
            )


def seed_practitioners(today: datetime.date | None = None) -> bool:
    """Creates what is missing; True if anything was created."""
    today = today or timezone.localdate()
    organisations = {o.slug: o for o in Organisation.objects.filter(is_demo=True).select_related("jurisdiction")}
    staffs = {city: _staff(city) for city in CITIES}
    actors = {
        city: Actor.of(staff["coordinator"].user, staff["coordinator"])
        for city, staff in staffs.items()
        if "coordinator" in staff
    }
    if len(actors) < len(CITIES) or not all(slug in organisations for *_rest, slug, _d in COURSES):
        return False
    created = Course.objects.filter(organisation__is_demo=True).count() < len(COURSES)
    courses = _courses(organisations, actors)
    for city, actor in actors.items():
        social = actor.membership.organisation
        if not TrainingSession.objects.filter(organisation=social).exists():
            _trainings(city, staffs[city], courses, actor, today)
            created = True
        if not SupportSession.objects.filter(organisation=social).exists():
            _support(staffs[city], actor, today)
            created = True
    return created
