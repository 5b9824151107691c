"""The demo's community activities: a year of them for Almaty and Shymkent, ending today.

Two to four a month in each city, of every type, organised by the social services, the CSO and
the police community unit of the demo, recorded by their demo staff through the same action as
the page. Synthetic and neutral. Idempotent: made once, when the demo has none yet.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from accounts.models import User
from community.activities.actions import record_activity
from community.models import Activity
from core.actor import Actor
from directory.models import Organisation

DISTRICTS = {
    "almaty": ["Almaly", "Auezov", "Bostandyk", "Medeu", "Turksib"],
    "shymkent": ["Abay", "Al-Farabi", "Enbekshi", "Karatau"],
}
# Who records each organisation's activities in the demo.
RECORDERS = {"social": "caseworker", "cso": "cso", "police": "police"}

K = Activity.Kind
# type -> (organisers, titles, attendance ranges: residents, young people, teachers, participants, others)
PLANS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[int, int], ...]]] = {
    K.DIALOGUE: (
        ("social", "police"),
        ("Neighbourhood tea and dialogue", "Open evening with the district's residents"),
        ((15, 40), (0, 10), (0, 3), (0, 4), (0, 5)),
    ),
    K.STIGMA_REDUCTION: (
        ("cso", "social"),
        ("Stories of coming home: a film and a conversation", "Workshop on words that welcome"),
        ((20, 60), (5, 20), (0, 5), (0, 3), (0, 6)),
    ),
    K.AWARENESS_SCHOOLS: (
        ("police", "social"),
        ("Classroom hour on belonging and friendship", "Parents' meeting on welcoming new pupils"),
        ((0, 5), (40, 120), (5, 15), (0, 2), (0, 3)),
    ),
    K.AWARENESS_EMPLOYERS: (
        ("cso",),
        ("Breakfast with local employers", "Employers' round table on first jobs"),
        ((0, 0), (0, 5), (0, 0), (0, 3), (10, 30)),
    ),
    K.SPORTS_CULTURE: (
        ("police", "social", "cso"),
        ("Family football afternoon", "Music and crafts fair in the park"),
        ((30, 100), (20, 80), (0, 4), (1, 6), (0, 10)),
    ),
    K.VOLUNTEERING: (
        ("cso",),
        ("Park clean-up day", "Winter clothes collection", "Food parcels for older neighbours"),
        ((10, 40), (5, 25), (0, 2), (1, 5), (0, 5)),
    ),
    K.RELIGIOUS: (
        ("social",),
        ("Community iftar with the district mosque", "Charity meal after Friday prayers"),
        ((40, 150), (5, 30), (0, 0), (0, 4), (0, 10)),
    ),
}
AIMS = {
    K.DIALOGUE: "Give residents a calm place to ask questions and meet families who have come home.",
    K.STIGMA_REDUCTION: "Replace rumours with real stories, and talk about the words people use.",
    K.AWARENESS_SCHOOLS: "Help pupils and teachers welcome classmates who are new to the school.",
    K.AWARENESS_EMPLOYERS: "Open doors to first jobs and apprenticeships.",
    K.SPORTS_CULTURE: "Spend an afternoon together as neighbours.",
    K.VOLUNTEERING: "Do something useful for the district together.",
    K.RELIGIOUS: "Share a meal across the community.",
}
HAPPENED = (
    "Good turnout; people stayed to talk afterwards.",
    "A quieter event than planned because of the weather, but the conversation was warm.",
    "Several residents offered to help at the next event.",
    "Questions were answered openly; a few people asked for more information.",
)
FOLLOW_UP = (
    "Hold the next one in another district.",
    "Share photographs (no faces of children) in the district chat, with permission.",
    "Invite the school's parents' committee next time.",
    "",
)


def _actor(username: str) -> Actor | None:
    user = User.objects.filter(username=username).first()
    membership = user.memberships.first() if user is not None else None
    return Actor.of(user, membership) if membership is not None else None


def _noon(day: datetime.date) -> datetime.datetime:
    """Midday of a past day (or now, for today): a backdated stamp is never in the future."""
    stamp = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    return min(stamp, timezone.now())


def _seed_city(city: str, today: datetime.date) -> int:
    rng = random.Random(f"activities-{city}")  # noqa: S311  (reproducible synthetic data, not secrets)
    actors = {key: _actor(f"{city}.{who}") for key, who in RECORDERS.items()}
    if any(actor is None for actor in actors.values()):
        return 0
    organisations = list(Organisation.objects.filter(slug__startswith=f"demo-{city}-", is_demo=True))
    kinds = list(PLANS)
    made = 0
    for months_back in range(12, -1, -1):
        year, month = divmod(today.year * 12 + today.month - 1 - months_back, 12)
        first = max(datetime.date(year, month + 1, 1), today - datetime.timedelta(days=365))
        next_month = (first.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        last = min(today, next_month - datetime.timedelta(days=1))
        if first > last:
            continue
        for _ in range(rng.randint(2, 4)):
            kind = kinds[made % len(kinds)]  # every type, in turn
            organisers, titles, ranges = PLANS[kind]
            actor = actors[rng.choice(organisers)]
            held_on = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
            counts = [rng.randint(low, high) for low, high in ranges]
            if sum(counts) == 0:
                counts[0] = 1
            others = [o for o in organisations if o.pk != actor.organisation.pk]
            activity = record_activity(
                actor=actor,
                kind=kind,
                title=rng.choice(titles),
                held_on=held_on,
                district=rng.choice(DISTRICTS[city]),
                partners=rng.sample(others, rng.randint(0, len(others))),
                residents=counts[0],
                young_people=counts[1],
                teachers=counts[2],
                participants=counts[3],
                others=counts[4],
                aims=AIMS[kind],
                what_happened=rng.choice(HAPPENED),
                follow_up=rng.choice(FOLLOW_UP),
            )
            Activity.objects.filter(pk=activity.pk).update(created_at=_noon(held_on))
            made += 1
    return made


def seed_activities() -> int:
    """Makes the demo's activities if it has none yet; how many were made."""
    if Activity.objects.filter(organisation__is_demo=True).exists():
        return 0
    today = timezone.localdate()
    return sum(_seed_city(city, today) for city in DISTRICTS)
