"""Hand-built records with known dates for the indicators' worked examples.

The actions stamp records with today's date; the worked examples need records on given past days, so
these builders write the rows directly (never the identity vault, never free text that matters).
"""

from __future__ import annotations

import datetime

from casework.models import Closure, Milestone, MilestoneKind, NeedsAssessment, NeedsDomain, NeedsRating, PhaseRecord
from directory.models import Organisation
from mel.indicators.population import day_starts
from people.models import Household, Participant


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return day_starts(day) + datetime.timedelta(hours=hour)


def person(
    owner: Organisation,
    *,
    sex: str = "female",
    born: int = 1990,
    arrived: datetime.date | None = None,
    returned: datetime.date | None = None,
    registered: datetime.date | None = None,
    household: Household | None = None,
    role: str = "mother",
) -> Participant:
    """A participant of ``owner``; registered on the day of arrival unless said otherwise."""
    registered_on = registered or arrived or datetime.date(2020, 1, 1)
    household = household or Household.objects.create(owner=owner, created_at=at(registered_on))
    return Participant.objects.create(
        household=household,
        household_role=role,
        sex=sex,
        birth_year=born,
        owner=owner,
        returned_on=returned,
        arrived_on=arrived,
        created_at=at(registered_on),
    )


def close(participant: Participant, *, by, decided: datetime.date, reopened=None, reason="moved_away") -> Closure:
    return Closure.objects.create(
        participant=participant,
        reason=reason,
        requested_by=by,
        requested_at=at(decided, 9),
        approved=True,
        decided_by=by,
        decided_at=at(decided),
        reopened_at=at(reopened) if reopened else None,
    )


def milestone(participant: Participant, code: str, *, by, reached: datetime.date, lost=None) -> Milestone:
    return Milestone.objects.create(
        participant=participant,
        kind=MilestoneKind.objects.get(code=code),
        reached_on=reached,
        lost_on=lost,
        recorded_by=by,
    )


def assess(participant: Participant, ratings: dict[str, int], *, by, on: datetime.date) -> NeedsAssessment:
    assessment = NeedsAssessment.objects.create(participant=participant, assessed_on=on, assessed_by=by)
    for code, rating in ratings.items():
        NeedsRating.objects.create(assessment=assessment, domain=NeedsDomain.objects.get(code=code), rating=rating)
    return assessment


def phase(participant: Participant, name: str, *, by, started: datetime.date, ended=None) -> PhaseRecord:
    return PhaseRecord.objects.create(
        participant=participant, phase=name, started_on=started, ended_on=ended, recorded_by=by
    )
