"""The demo's evaluation extract: one request by Almaty's M&E officer, approved by Almaty's
coordinator, so that a new user sees what one looks like. Idempotent: made once."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from core.actor import Actor
from mel.extracts import actions
from mel.extracts.deidentify import VARIABLES
from mel.extracts.models import ExtractRequest
from mel.periods import Period
from mel.scope import scope_for

PURPOSE = "Demo: an external evaluation of the first year of support (synthetic data)."


def seed_extracts() -> int:
    """Makes the demo's approved extract request if it is not there yet; the number made (0 or 1)."""
    officer = User.objects.filter(username="almaty.me").first()
    coordinator = User.objects.filter(username="almaty.coordinator").first()
    if officer is None or coordinator is None or ExtractRequest.objects.filter(requested_by=officer).exists():
        return 0
    requester = Actor.of(officer, officer.memberships.get())
    period = Period.containing(timezone.localdate(), "quarter").previous()
    try:
        extract = actions.request_extract(
            actor=requester,
            scope=scope_for(requester.membership),
            variables=list(VARIABLES),
            period=period,
            purpose=PURPOSE,
        )
    except actions.ExtractError:  # no participants in that quarter: nothing to show
        return 0
    actions.approve_extract(actor=Actor.of(coordinator, coordinator.memberships.get()), extract=extract)
    return 1
