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


def tally(breakdown, key):
    """The tally of one category of a breakdown."""
    return next(t for t in breakdown.tallies if t.key == key)


def breakdown(measured, dimension):
    return next(b for b in measured.breakdowns if b.dimension == dimension)


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def plan_goal(participant: Participant, domain: str):
    from casework.models import Goal, Plan

    plan, _created = Plan.objects.get_or_create(participant=participant)
    return Goal.objects.create(plan=plan, domain=NeedsDomain.objects.get(code=domain), what_matters="-")


def action_history(goal, owner: Organisation, steps: list[tuple[datetime.date, str, str]], hour: int = 12):
    """An action whose status changed on the days given: ``steps`` = [(day, status, blocked_reason)].

    Each change is saved (its history row is written) and the history row is dated on that day.
    """
    from casework.models import Action

    action = None
    for day, status, reason in steps:
        if action is None:
            action = Action(goal=goal, description="-", responsible_organisation=owner)
        action.status, action.blocked_reason = status, reason
        action.save()
        latest = action.history.order_by("-history_id").values_list("history_id", flat=True)[0]
        Action.history.model.objects.filter(history_id=latest).update(history_date=at(day, hour))
    return action


def referral(participant: Participant, to: Organisation, *, by, sent: datetime.date, events=()):
    """A referral sent at noon on ``sent``, then moved at 09:00 on each day of ``events`` = [(day, status)]."""
    from coordination.models import Referral, ReferralEvent

    made = Referral.objects.create(
        participant=participant,
        from_organisation=participant.owner,
        to_organisation=to,
        domain=NeedsDomain.objects.get(code="housing"),
        request="-",
        respond_by=sent + datetime.timedelta(days=10),
        expires_on=sent + datetime.timedelta(days=365),
        created_by=by,
        created_at=at(sent),
    )
    ReferralEvent.objects.create(referral=made, status="sent", at=at(sent), by=by)
    for day, status in events:
        ReferralEvent.objects.create(referral=made, status=status, at=at(day, 9), by=by)
        made.status = status
    made.save(update_fields=["status"])
    return made


def transfer(people, source: Organisation, to: Organisation, *, by, sent, decided=None, status="accepted"):
    """A transfer sent on ``sent`` (a timestamp) and decided at ``decided``."""
    from coordination.models import Transfer

    made = Transfer.objects.create(
        from_organisation=source,
        to_organisation=to,
        handover_note="-",
        status=status,
        created_by=by,
        created_at=sent,
        decided_by=by if decided else None,
        decided_at=decided,
    )
    made.participants.set(people)
    return made


def screening(participant: Participant, code: str, total: float, *, by, on: datetime.date):
    from instruments.models import Administration

    return Administration.objects.create(
        participant=participant,
        instrument=code,
        instrument_version="test",
        administered_on=on,
        mode="paper",
        total=total,
        administered_by=by,
    )
