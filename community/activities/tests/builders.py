"""Builders of community activities for tests, through the actions the pages use."""

from __future__ import annotations

import datetime

from community.activities.actions import record_activity
from community.models import Activity
from people.tests.builders import actor_of

DAY = datetime.date(2026, 3, 10)


def activity(by, **fields) -> Activity:
    """An activity recorded by ``by`` (in their one membership): a dialogue with residents unless told."""
    defaults = {
        "kind": Activity.Kind.DIALOGUE,
        "title": "Neighbourhood dialogue",
        "held_on": DAY,
        "district": "Almaly",
        "residents": 20,
        "young_people": 5,
        "teachers": 0,
        "participants": 2,
        "others": 1,
        "aims": "Meet the neighbours",
        "what_happened": "Tea and a conversation",
        "follow_up": "Meet again in spring",
    }
    return record_activity(actor=actor_of(by), **(defaults | fields))


def form_data(**fields) -> dict:
    """A valid body for the activity form."""
    data = {
        "kind": "dialogue",
        "title": "Dialogue at the library",
        "held_on": "2026-03-10",
        "district": "Medeu",
        "residents": "12",
        "young_people": "4",
        "teachers": "1",
        "participants": "2",
        "others": "0",
        "aims": "Get to know each other",
        "what_happened": "A conversation over tea",
        "follow_up": "A second meeting",
    }
    return data | fields
