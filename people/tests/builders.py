"""Builders of people records for tests, through the actions the product uses (people/actions.py)."""

import datetime

from django.utils import timezone

from core.actor import Actor
from people.actions import record_consent
from people.models import Consent


def actor_of(user) -> Actor:
    """The user acting in their one membership, as they would on a page."""
    return Actor.of(user, user.memberships.get())


def consent(
    participant,
    organisation,
    categories,
    *,
    recorded_by,
    purpose="referral",
    guardian=None,
    given_on: datetime.date | None = None,
    expires_on: datetime.date | None = None,
) -> Consent:
    """A consent to share ``categories`` with ``organisation``, recorded by ``recorded_by``."""
    return record_consent(
        actor=actor_of(recorded_by),
        participant=participant,
        data={
            "categories": list(categories),
            "recipient_organisation": organisation,
            "purpose": purpose,
            "given_by": "guardian" if guardian else "participant",
            "guardian": guardian,
            "given_on": given_on or timezone.localdate(),
            "expires_on": expires_on,
        },
    )
