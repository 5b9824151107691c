"""Builders for the tests of stigma experienced and civic participation, through the actions."""

import datetime

from community.experiences import actions
from people.tests.builders import actor_of

DAY = datetime.date(2026, 2, 1)
WHAT_HAPPENED = "Another parent refused to let their child sit next to her son"
WHAT_WAS_DONE = "The teacher spoke with the class"


def incident(participant, *, by, setting="school", on=DAY, what_happened=WHAT_HAPPENED, what_was_done=WHAT_WAS_DONE):
    return actions.record_incident(
        actor=actor_of(by),
        participant=participant,
        occurred_on=on,
        setting=setting,
        what_happened=what_happened,
        what_was_done=what_was_done,
    )


def civic(participant, *, by, kind="volunteering", on=DAY, until=None, note="Food bank on Saturdays"):
    return actions.record_civic(
        actor=actor_of(by), participant=participant, kind=kind, started_on=on, ended_on=until, note=note
    )
