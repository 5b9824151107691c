"""Demo gaps for the unmet-needs page (synthetic): in Almaty and Shymkent, further plan actions that
have waited for a provider, funding or documents for days to most of a year, and referrals the
city's CSO declined for lack of capacity over the last year.

The households' own seed blocks a few actions on the day it runs; a city asking for resources has
older blockages too. Everything goes through the casework and coordination actions (with their
audit rows); only the dates are moved back afterwards, as the rest of the demo does.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from casework.actions import plan_for, save_action
from casework.models import Action, Goal, NeedsDomain
from coordination.actions import answer_referral, send_referral
from coordination.models import Referral, ReferralEvent
from core.actor import Actor
from directory.models import Membership, Organisation
from people.models import Participant

CITIES = ("almaty", "shymkent")
# The marker of this seed's actions (and what the case worker wrote): the seed runs once.
WAITING = "Waiting: {what} (demo)"
STEPS = {
    Action.BlockedReason.NO_PROVIDER: "a specialist service in the district",
    Action.BlockedReason.NO_FUNDING: "money for the course fee",
    Action.BlockedReason.WAITING_DOCUMENTS: "the birth certificate from the registry",
    Action.BlockedReason.PARTICIPANT_NOT_READY: "the family to feel ready",
    Action.BlockedReason.OTHER: "a reply from the district office",
}
# How often each reason is drawn: providers and funding are what the cities lack most.
WEIGHTS = (
    (Action.BlockedReason.NO_PROVIDER, 5),
    (Action.BlockedReason.NO_FUNDING, 6),
    (Action.BlockedReason.WAITING_DOCUMENTS, 4),
    (Action.BlockedReason.PARTICIPANT_NOT_READY, 2),
    (Action.BlockedReason.OTHER, 1),
)
BLOCKED_PER_CITY = 28
DECLINED_PER_CITY = 14


def _as(membership: Membership) -> Actor:
    return Actor.of(membership.user, membership)


def _at(days_ago: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days_ago, hours=3)


def seed_needs() -> bool:
    """Adds the demo's older blocked actions and declined referrals once; False when already there."""
    if Action.objects.filter(description__startswith="Waiting: ", description__endswith="(demo)").exists():
        return False
    added = False
    for city in CITIES:
        social = Organisation.objects.filter(slug=f"demo-{city}-social").first()
        cso = Organisation.objects.filter(slug=f"demo-{city}-cso").first()
        if social is None or cso is None:
            continue
        staff = {
            m.user.username: m
            for m in Membership.objects.filter(organisation__in=(social, cso)).select_related("user", "organisation")
        }
        worker, partner = staff.get(f"{city}.caseworker"), staff.get(f"{city}.cso")
        if worker is None or partner is None:
            continue
        rng = random.Random(f"needs-{city}")  # noqa: S311  (reproducible synthetic data)
        _blocked_actions(rng, social, _as(worker))
        _declined_referrals(rng, social, cso, _as(worker), _as(partner))
        added = True
    return added


def _blocked_actions(rng: random.Random, social: Organisation, worker: Actor) -> None:
    """A further action under an existing goal, planned and later blocked: the history says when."""
    goals = list(
        Goal.objects.filter(plan__participant__owner=social, plan__participant__closures__isnull=True)
        .select_related("plan__participant")
        .order_by("pk")
    )
    reasons = [reason for reason, weight in WEIGHTS for _ in range(weight)]
    for goal in rng.sample(goals, min(BLOCKED_PER_CITY, len(goals))):
        reason = rng.choice(reasons)
        blocked_days_ago = rng.choice((rng.randint(2, 29), rng.randint(30, 89), rng.randint(90, 330)))
        planned_days_ago = blocked_days_ago + rng.randint(10, 40)
        data = {
            "description": WAITING.format(what=STEPS[reason]),
            "responsible_organisation": social,
            "responsible_person": None,
            "due_on": timezone.localdate() - datetime.timedelta(days=blocked_days_ago - 20),
            "status": Action.Status.PLANNED,
            "blocked_reason": "",
        }
        participant = goal.plan.participant
        plan = plan_for(participant)
        action = save_action(actor=worker, plan=plan, expected_version=plan.version, goal=goal, data=data)
        plan = plan_for(participant)
        data |= {"status": Action.Status.BLOCKED, "blocked_reason": reason}
        save_action(actor=worker, plan=plan, expected_version=plan.version, goal=goal, data=data, action=action)
        planned, blocked = action.history.order_by("history_id").values_list("history_id", flat=True)
        Action.history.model.objects.filter(history_id=planned).update(history_date=_at(planned_days_ago))
        Action.history.model.objects.filter(history_id=blocked).update(history_date=_at(blocked_days_ago))


def _declined_referrals(rng: random.Random, social: Organisation, cso: Organisation, worker, partner) -> None:
    """Referrals for work or school the city's CSO declined: no capacity, over the last year."""
    domains = {d.code: d for d in NeedsDomain.objects.filter(code__in=("livelihood", "education"))}
    people = list(
        Participant.objects.filter(owner=social, consents__recipient_organisation=cso).distinct().order_by("pk")
    )
    for number, person in enumerate(rng.sample(people, min(DECLINED_PER_CITY, len(people)))):
        domain = domains["education" if person.is_child else "livelihood"]
        referral = send_referral(
            actor=worker,
            participant=person,
            to_organisation=cso,
            domain=domain,
            what="A place in a group that fits the family's week (demo).",
            urgency=Referral.Urgency.ROUTINE,
            categories=["summary", domain.code],
        )
        answer_referral(actor=partner, referral=referral, accept=False, reason=Referral.DeclineReason.NO_CAPACITY)
        # Half in the last two months (the current quarter's gaps), the rest over the year before.
        days_ago = rng.randint(3, 55) if number % 2 == 0 else rng.randint(60, 360)
        sent_at = _at(days_ago + 4)
        Referral.objects.filter(pk=referral.pk).update(
            created_at=sent_at, respond_by=sent_at.date() + datetime.timedelta(days=10)
        )
        ReferralEvent.objects.filter(referral=referral, status=Referral.Status.SENT).update(at=sent_at)
        ReferralEvent.objects.filter(referral=referral, status=Referral.Status.DECLINED).update(at=_at(days_ago))
