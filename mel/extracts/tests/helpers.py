"""Builders for the extract tests: households registered through the product's action, and an
extract requested by city A's M&E officer."""

import datetime

from core.actor import Actor
from mel.extracts import actions
from mel.periods import Period
from mel.scope import scope_for
from people.actions import register_household
from people.models import Household
from people.tests.builders import actor_of

PERIOD = Period.parse("2026Q1")
ALL_VARIABLES = [
    "sex",
    "age_band",
    "household_size",
    "phase",
    "months_since_return",
    "cohort",
    "needs",
    "milestones",
    "screenings",
    "referrals",
]


def households(owner, count: int, *, arrived_on=datetime.date(2025, 11, 3), name="Example Person") -> list[Household]:
    """``count`` households of a mother (born 1990) and a daughter (born 2016), who arrived together."""
    made = []
    for number in range(count):
        members = [
            {"household_role": "mother", "sex": "female", "birth_year": 1990, "full_name": f"{name} {number}"},
            {"household_role": "child", "sex": "female", "birth_year": 2016, "full_name": f"{name} Child {number}"},
        ]
        made.append(
            register_household(
                actor=Actor.for_system(),
                owner=owner,
                address="1 Example Street",
                returned_on=arrived_on - datetime.timedelta(days=20),
                arrived_on=arrived_on,
                members=members,
            )
        )
    return made


def request(me_officer, *, variables=None, period=PERIOD, purpose="Evaluation of the first year"):
    actor = actor_of(me_officer)
    return actions.request_extract(
        actor=actor,
        scope=scope_for(actor.membership),
        variables=ALL_VARIABLES if variables is None else variables,
        period=period,
        purpose=purpose,
    )
