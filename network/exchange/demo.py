"""Demo exchange: the instance's signing key and Almaty's report to the hub for the last complete
quarter, approved by its coordinator (ready to send or to save as a file), so that a new user sees
the preview of what leaves a city. Idempotent: what exists is kept."""

from __future__ import annotations

from django.utils import timezone

from core.actor import Actor
from directory.models import Jurisdiction, Membership, Role
from mel.periods import Period
from network.exchange import actions, keys
from network.exchange.models import NetworkReport

CITY = "almaty"


def _coordinator(city: Jurisdiction) -> Actor | None:
    membership = (
        Membership.objects.filter(
            role=Role.COORDINATOR, organisation__jurisdiction=city, user__username__endswith=".coordinator"
        )
        .select_related("user", "organisation")
        .order_by("pk")
        .first()
    )
    return Actor.of(membership.user, membership) if membership is not None else None


def seed_exchange(today=None) -> int:
    """Makes what is missing; returns how many reports it built."""
    if not keys.signing_keys():
        keys.generate(actor=Actor.for_system())
    city = Jurisdiction.objects.filter(slug=CITY, level=Jurisdiction.Level.CITY).first()
    coordinator = city and _coordinator(city)
    if coordinator is None:
        return 0
    period = Period.containing(today or timezone.localdate(), "quarter").previous()
    if NetworkReport.objects.filter(city=city, period=period.code).exists():
        return 0
    report = actions.build(actor=Actor.for_system(), city=city, period=period)
    actions.approve(actor=coordinator, report=report)
    return 1
