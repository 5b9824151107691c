"""What the case team may do with stigma experienced and civic participation.

Dates: a record is about something that happened, so it is not in the future and not before the
participant was born (only the year of birth is known to every reader, so the year is the bound).
A civic activity may run on: its end may lie ahead, within a year.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from access.policy import Access
from community.models import CivicParticipation, StigmaIncident
from core.categories import Category
from people.models import Participant

# How far ahead the end of an ongoing activity may be put.
AHEAD = datetime.timedelta(days=366)
# Free texts: a few sentences, never a case file.
TEXT_LIMIT = 1000


def check_dates(participant: Participant, *, field: str, on: datetime.date, until: datetime.date | None = None) -> None:
    """Refuses a date in the future or before the participant's year of birth, and an end before
    the start or more than a year ahead; the form shows the messages beside its fields."""
    today = timezone.localdate()
    errors = {}
    if on > today:
        errors[field] = _("This date is in the future.")
    elif on.year < participant.birth_year:
        errors[field] = _("This date is before the participant's year of birth.")
    if until is not None and until < on:
        errors["ended_on"] = _("It cannot end before it started.")
    elif until is not None and until > today + AHEAD:
        errors["ended_on"] = _("An end more than a year ahead is not known yet: leave it for later.")
    if errors:
        raise ValidationError(errors)


def may_remove(record: StigmaIncident | CivicParticipation, access: Access, user) -> bool:
    """Removing a record made in error: whoever recorded it, or the lead case worker, while
    they may still write its category (a closed case is read-only)."""
    category = Category.EXPERIENCES if isinstance(record, StigmaIncident) else Category.NEEDS_PLAN
    if not access.can_write(category):
        return False
    return "lead" in access.places or (user is not None and record.recorded_by_id == user.pk)
