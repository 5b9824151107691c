"""Demo perception surveys: for Almaty and Shymkent, a baseline round in the spring and a follow-up
about six months later (both closed, 60-120 residents each, acceptance a little higher the second
time), and in Almaty an open round with a handful of answers, still below the number from which
results are shown. Synthetic: the answers come from a seeded random generator.

Idempotent: a round that exists (by organisation and title) is left as it is.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from community.models import SurveyResponse, SurveyRound
from community.surveys import actions
from community.surveys.definitions import Survey, shipped
from core.actor import Actor
from directory.models import Membership, Role

DEMO_SURVEY = "hc-acceptance-demo"
# City -> (district, acceptance on the 1-5 scale at the baseline, its rise by the follow-up).
CITIES = {"almaty": ("Almaly", 3.2, 0.35), "shymkent": ("Al-Farabi", 3.0, 0.3)}


def _runner(city: str) -> Actor | None:
    membership = (
        Membership.objects.filter(role=Role.COORDINATOR, user__username=f"{city}.coordinator")
        .select_related("user", "organisation__jurisdiction")
        .first()
    )
    return Actor.of(membership.user, membership) if membership is not None else None


def _answers(rng: random.Random, survey: Survey, acceptance: float) -> dict[str, int]:
    """One resident: a leaning of their own around the city's acceptance, each statement near it
    (reverse-worded ones answered the other way round), and now and then a statement left blank."""
    leaning = acceptance + rng.gauss(0, 0.7)
    low, high = min(survey.option_values), max(survey.option_values)
    answers = {}
    for item in survey.items:
        if rng.random() < 0.04:
            continue
        value = min(max(round(leaning + rng.gauss(0, 0.6)), low), high)
        answers[item["id"]] = low + high - value if item.get("reverse") else value
    return answers or {survey.items[0]["id"]: 3}


def _round(actor: Actor, survey: Survey, *, title: str, district: str, starts_on, ends_on) -> SurveyRound | None:
    """A new round, or None if the demo made it before."""
    organisation = actor.membership.organisation
    if SurveyRound.objects.filter(organisation=organisation, title=title).exists():
        return None
    return actions.open_round(
        actor=actor,
        survey=survey,
        organisation=organisation,
        city=organisation.jurisdiction,
        title=title,
        district=district,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def _collect(rng: random.Random, actor: Actor, survey: Survey, round_: SurveyRound, count: int, acceptance: float):
    # Never a day in the future: an open round has collected only until today.
    days = (min(round_.ends_on, timezone.localdate()) - round_.starts_on).days
    for _ in range(count):
        actions.enter_response(
            actor=actor,
            round=round_,
            survey=survey,
            answers=_answers(rng, survey, acceptance),
            collected_on=round_.starts_on + datetime.timedelta(days=rng.randint(0, days)),
            mode=SurveyResponse.Mode.PAPER if rng.random() < 0.7 else SurveyResponse.Mode.TABLET,
        )


def seed_surveys(today: datetime.date | None = None) -> int:
    """Makes what is missing; returns how many rounds it opened."""
    today = today or timezone.localdate()
    survey = shipped()[DEMO_SURVEY]
    opened = 0
    for number, (city, (district, baseline, rise)) in enumerate(CITIES.items()):
        actor = _runner(city)
        if actor is None:
            continue
        rng = random.Random(f"surveys-{city}")  # noqa: S311  (reproducible synthetic data, not secrets)
        # The baseline in the spring and the follow-up six months on, both within the last year.
        rounds = [
            ("Baseline", today - datetime.timedelta(days=235), baseline),
            ("Six-month follow-up", today - datetime.timedelta(days=50), baseline + rise),
        ]
        for title, starts_on, acceptance in rounds:
            round_ = _round(
                actor, survey, title=title, district="", starts_on=starts_on, ends_on=starts_on + datetime.timedelta(21)
            )
            if round_ is None:
                continue
            opened += 1
            _collect(rng, actor, survey, round_, rng.randint(60, 120), acceptance)
            actions.close_round(actor=actor, round=round_)
        if number == 0:
            start = today - datetime.timedelta(days=6)
            title = f"{district} district, door to door"
            round_ = _round(
                actor, survey, title=title, district=district, starts_on=start, ends_on=today + datetime.timedelta(24)
            )
            if round_ is not None:
                opened += 1
                _collect(rng, actor, survey, round_, 4, baseline + rise)
    return opened
