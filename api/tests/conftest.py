import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accounts import actions
from core.actor import Actor


def token_for(user, scope: str = "write") -> str:
    """A working token of the user, made as the tokens page makes one."""
    membership = user.memberships.get()
    _token, secret = actions.create_token(
        actor=Actor.of(user, membership),
        name="Test",
        scope=scope,
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    return secret


def client_with(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def api_as():
    """``api_as(user, scope="write")``: a test client that calls the API with a new token of the user."""
    return lambda user, scope="write": client_with(token_for(user, scope))


def send_referral(participant, organisation, categories, *, by):
    """A routine livelihood referral, through the action the referral page runs."""
    from casework.models import NeedsDomain
    from coordination import actions as coordination
    from people.tests.builders import actor_of

    return coordination.send_referral(
        actor=actor_of(by),
        participant=participant,
        to_organisation=organisation,
        domain=NeedsDomain.objects.get(code="livelihood"),
        what="Help to find part-time work",
        urgency="routine",
        categories=categories,
    )
