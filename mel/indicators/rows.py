"""How each indicator is computed: for a period, the rows it counts, each annotated with its parts.

Every row carries four SQL-computed parts, summed or averaged by ``compute``:
``_n`` (numerator, or the count), ``_d`` (denominator of a share), ``_x`` (1 when the row lacks the
data the indicator needs: shown as "no data yet") and ``_v`` (the value a mean or a median is taken of).
Rows are participants, or events of a participant (referrals, reviews, actions, transfers, ratings).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Round

from casework.models import Action, CaseReview, Closure, Goal, Milestone, NeedsAssessment, NeedsRating, Plan
from community.models import Activity, Attendance, CivicParticipation, StigmaIncident, SupportSession, SurveyResponse
from coordination.models import Referral, ReferralEvent, Transfer
from directory.models import Organisation
from instruments.definitions import Instrument
from instruments.models import Administration
from mel.indicators.population import (
    active_at_end,
    before_end,
    born_between,
    day_starts,
    days_between,
    flag,
    local_date,
    started,
)
from mel.periods import Period
from mel.results import Dimension
from people.models import Household, Participant

DAY = datetime.timedelta(days=1)
# The figures the definitions state (catalogue.py): change them together.
SETTLING_IN_DAYS = 30  # outcomes are counted for people in the programme for at least this long
ASSESSMENT_WITHIN_DAYS = 14
PLAN_WITHIN_DAYS = 30
TRANSFER_WITHIN_DAYS = 14
REVIEW_GRACE_DAYS = 7
RETAINED_AFTER_DAYS = 365
OPEN_ACTION = (Action.Status.PLANNED, Action.Status.IN_PROGRESS, Action.Status.BLOCKED)
REFERRAL_ENDED = (Referral.Status.DONE, Referral.Status.REVOKED, Referral.Status.EXPIRED)


@dataclass(frozen=True)
class Rows:
    queryset: QuerySet  # annotated with _n, _d, _x, _v
    person: str | None  # path prefix from a row to its participant; None when rows are not people
    org: str  # path to the organisation a row counts for: the scope and the city
    members: str  # path to the participant id(s) a row concerns, for the caseload link
    keys: dict = field(default_factory=dict)  # Dimension -> key expression, where the row has its own


@dataclass(frozen=True)
class Spec:
    rows: Callable[[Period], Rows]
    # Dimensions whose categories need rows of their own (a person counts in several needs domains).
    by_dimension: dict[Dimension, Callable[[Period], Rows]] = field(default_factory=dict)


def parts(queryset: QuerySet, *, n=0, d=0, x=0, v=None) -> QuerySet:
    def int_part(value):
        return Value(value, output_field=IntegerField()) if isinstance(value, int) else value

    value = Value(None, output_field=FloatField()) if v is None else v
    return queryset.annotate(_n=int_part(n), _d=int_part(d), _x=int_part(x), _v=value)


def participants(period: Period) -> QuerySet:
    return Participant.objects.filter(active_at_end(period))


def people(queryset: QuerySet) -> Rows:
    return Rows(queryset, person="", org="owner", members="pk")


def holds(period: Period, kinds: tuple[str, ...]) -> Q:
    """A milestone of one of ``kinds`` held on the period's last day: reached by then, not lost by then.

    Written as ``pk IN (…)``, a set computed once per query rather than a subquery per participant, so
    that no database walks a kind's milestones once for every participant.
    """
    held = Milestone.objects.filter(kind__code__in=kinds, reached_on__lte=period.end).filter(
        Q(lost_on__isnull=True) | Q(lost_on__gt=period.end)
    )
    return Q(pk__in=held.values("participant_id"))


# Coverage


def active_people(period: Period) -> Rows:
    return people(parts(participants(period), n=1))


def active_households(period: Period) -> Rows:
    member_active = Participant.objects.filter(household=OuterRef("pk")).filter(active_at_end(period))
    rows = parts(Household.objects.filter(Exists(member_active)), n=1)
    return Rows(rows, person=None, org="owner", members="members")


def new_arrivals(period: Period) -> Rows:
    rows = Participant.objects.alias(_start=started()).filter(_start__gte=period.start, _start__lte=period.end)
    return people(parts(rows, n=1))


# Continuity of care


def transfers_accepted(period: Period) -> Rows:
    """Each person on a transfer from a rehabilitation centre decided (accepted or declined) in the period."""
    through = Transfer.participants.through.objects.filter(
        transfer__from_organisation__kind=Organisation.Kind.REHABILITATION_CENTRE,
        transfer__status__in=(Transfer.Status.ACCEPTED, Transfer.Status.DECLINED),
        transfer__decided_at__gte=day_starts(period.start),
        transfer__decided_at__lt=before_end(period),
    ).alias(_wait=days_between(F("transfer__decided_at"), F("transfer__created_at")))
    quick = Q(transfer__status=Transfer.Status.ACCEPTED, _wait__lte=datetime.timedelta(days=TRANSFER_WITHIN_DAYS))
    rows = parts(through, n=flag(quick), d=1)
    return Rows(rows, person="participant__", org="transfer__to_organisation", members="participant_id")


def _deadline_in(period: Period, days: int) -> QuerySet:
    """Participants whose first ``days`` days in the programme ended within the period."""
    return Participant.objects.alias(_start=started()).filter(
        _start__gte=period.start - days * DAY, _start__lte=period.end - days * DAY
    )


def first_assessment_on_time(period: Period) -> Rows:
    first = NeedsAssessment.objects.filter(participant=OuterRef("pk")).order_by("assessed_on", "pk")
    rows = _deadline_in(period, ASSESSMENT_WITHIN_DAYS).alias(
        _gap=days_between(Subquery(first.values("assessed_on")[:1]), started())
    )
    on_time = Q(_gap__lte=datetime.timedelta(days=ASSESSMENT_WITHIN_DAYS))
    return people(parts(rows, n=flag(on_time), d=1))


def plan_approved_on_time(period: Period) -> Rows:
    # A plan edited after approval waits for a new approval, so the first approval is read from its history.
    approvals = Plan.history.model.objects.filter(participant=OuterRef("pk"), approved_at__isnull=False)
    first = approvals.order_by("approved_at").values("approved_at")[:1]
    rows = _deadline_in(period, PLAN_WITHIN_DAYS).alias(_gap=days_between(local_date(Subquery(first)), started()))
    on_time = Q(_gap__lte=datetime.timedelta(days=PLAN_WITHIN_DAYS))
    return people(parts(rows, n=flag(on_time), d=1))


def reviews_on_time(period: Period) -> Rows:
    grace = REVIEW_GRACE_DAYS * DAY
    reviews = CaseReview.objects.filter(
        scheduled_on__gte=period.start - grace, scheduled_on__lte=period.end - grace
    ).alias(_late=days_between(F("held_on"), F("scheduled_on")))
    on_time = Q(held_on__isnull=False, _late__lte=grace)
    rows = parts(reviews, n=flag(on_time), d=1)
    return Rows(rows, person="participant__", org="participant__owner", members="participant_id")


def _first_event(statuses) -> QuerySet:
    return ReferralEvent.objects.filter(referral=OuterRef("pk"), status__in=statuses).order_by("at", "pk")


def referrals_completed(period: Period) -> Rows:
    ended = _first_event(REFERRAL_ENDED)
    referrals = (
        Referral.objects.filter(Exists(_first_event([Referral.Status.ACCEPTED])))
        .alias(_ended_at=Subquery(ended.values("at")[:1]), _ended_as=Subquery(ended.values("status")[:1]))
        .filter(_ended_at__gte=day_starts(period.start), _ended_at__lt=before_end(period))
    )
    rows = parts(referrals, n=flag(Q(_ended_as=Referral.Status.DONE)), d=1)
    return Rows(rows, person="participant__", org="participant__owner", members="participant_id")


def days_to_acceptance(period: Period) -> Rows:
    accepted = _first_event([Referral.Status.ACCEPTED]).values("at")[:1]
    referrals = Referral.objects.alias(_accepted_at=Subquery(accepted)).filter(
        _accepted_at__gte=day_starts(period.start), _accepted_at__lt=before_end(period)
    )
    rows = parts(referrals, v=days_between(local_date("_accepted_at"), local_date("created_at")))
    return Rows(rows, person="participant__", org="participant__owner", members="participant_id")


# Outcomes


def milestone_share(
    kinds: tuple[str, ...], *, youngest: int | None = None, oldest: int | None = None, sex: str = ""
) -> Callable[[Period], Rows]:
    def rows(period: Period) -> Rows:
        eligible = (
            participants(period)
            .alias(_start=started())
            .filter(_start__lte=period.end - SETTLING_IN_DAYS * DAY)
            .filter(born_between(period, youngest, oldest))
        )
        if sex:
            eligible = eligible.filter(sex=sex)
        return people(parts(eligible, n=flag(holds(period, kinds)), d=1))

    return rows


def reunified(period: Period) -> Rows:
    # Who came without their family is known from the case: a reunification recorded (even one since
    # ended), or a goal in the family domain of the plan.
    recorded = Milestone.objects.filter(kind__code="reunified", reached_on__lte=period.end)
    family_goal = Goal.objects.filter(domain__code="family")
    eligible = (
        participants(period)
        .alias(_start=started())
        .filter(_start__lte=period.end - SETTLING_IN_DAYS * DAY)
        .filter(Q(pk__in=recorded.values("participant_id")) | Q(pk__in=family_goal.values("plan__participant_id")))
    )
    return people(parts(eligible, n=flag(holds(period, ("reunified",))), d=1))


def _ratings_by(period: Period) -> QuerySet:
    return NeedsRating.objects.filter(assessment__assessed_on__lte=period.end)


class DayNumber(Func):
    """A date as a whole number of days, growing with the date: for packing a date into a sort key."""

    # PostgreSQL: date - date is an integer; from year 1 so that every date gives a positive number.
    template = "(%(expressions)s - DATE '0001-01-01')"
    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)")


# A rating's place in its participant's history and its value, packed into one number so that a plain
# MIN/MAX per (participant, domain) finds the first and the latest rating: the day assessed, then the
# assessment (same-day assessments in the order they were recorded), then the rating (1-5, one digit).
ASSESSMENT_IDS = 10**10  # assessment ids stay below this; day numbers (below 10**7) keep the key in 64 bits


def _rating_order():
    day = DayNumber("assessment__assessed_on")
    return ExpressionWrapper(
        (day * ASSESSMENT_IDS + F("assessment_id")) * 10 + F("rating"), output_field=BigIntegerField()
    )


def domain_pairs(period: Period) -> QuerySet:
    """Each (participant, domain) rated on or before the period's end, in one GROUP BY: ``_ratings`` how
    many ratings, ``_gain`` the latest rating minus the first, ``_one`` the id of one of its ratings.

    An aggregate reads each rating once and needs no sort per pair: window functions (two orderings) or a
    subquery per rating cost seconds at national scale, once per period of the trend and per breakdown.
    """
    order = _rating_order()
    gain = ExpressionWrapper(Max(order) % 10 - Min(order) % 10, output_field=IntegerField())
    return (
        _ratings_by(period)
        .order_by()
        .values("assessment__participant", "domain")
        .annotate(_ratings=Count("pk"), _gain=gain, _one=Max("pk"))
    )


def _pairs(period: Period, *, twice: bool = False, improved: bool = False) -> QuerySet:
    pairs = domain_pairs(period)
    if twice or improved:
        pairs = pairs.filter(_ratings__gte=2)
    if improved:
        pairs = pairs.filter(_gain__gte=1)
    return pairs


def improved(period: Period) -> Rows:
    assessed_twice = (
        NeedsAssessment.objects.filter(assessed_on__lte=period.end)
        .order_by()
        .values("participant")
        .annotate(times=Count("pk"))
        .filter(times__gte=2)
        .values("participant")
    )
    twice = Q(pk__in=assessed_twice)
    better = Q(pk__in=_pairs(period, improved=True).values("assessment__participant"))
    rows = parts(participants(period), n=flag(twice & better), d=flag(twice), x=flag(~twice))
    return people(rows)


def improved_by_domain(period: Period) -> Rows:
    # One rating stands for each pair (which one does not matter: it carries the pair's person and domain).
    pairs = NeedsRating.objects.filter(pk__in=_pairs(period).values("_one")).filter(
        active_at_end(period, "assessment__participant__")
    )
    twice = Q(pk__in=_pairs(period, twice=True).values("_one"))
    better = Q(pk__in=_pairs(period, improved=True).values("_one"))
    rows = parts(pairs, n=flag(better), d=flag(twice), x=flag(~twice))
    return Rows(
        rows,
        person="assessment__participant__",
        org="assessment__participant__owner",
        members="assessment__participant_id",
        keys={Dimension.DOMAIN: F("domain__code")},
    )


def retained(period: Period) -> Rows:
    # A case closed within its first year counts as a loss, unless it closed because its goals were met
    # or it was reopened within that year.
    year = RETAINED_AFTER_DAYS * DAY
    start = started("participant__")  # the closure's own participant, joined: the outer row
    lost = (
        Closure.objects.filter(participant=OuterRef("pk"), approved=True)
        .exclude(reason=Closure.Reason.GOALS_MET)
        .alias(_closed_after=days_between(local_date("decided_at"), start))
        .alias(_reopened_after=days_between(local_date("reopened_at"), start))
        .filter(_closed_after__lte=year)
        .filter(Q(reopened_at__isnull=True) | Q(_reopened_after__gt=year))
    )
    rows = _deadline_in(period, RETAINED_AFTER_DAYS)
    return people(parts(rows, n=flag(~Exists(lost)), d=1))


# Wellbeing


def _screenings(period: Period, instrument: Instrument) -> QuerySet:
    return Administration.objects.filter(
        instrument=instrument.code, administered_on__lte=period.end, total__isnull=False
    ).order_by()


def _screened(period: Period, instrument: Instrument) -> tuple[QuerySet, Q]:
    """Active participants with at least one scored administration, with ``_change`` (latest - first), and
    the condition "screened at least twice".

    Who was screened (twice) are sets computed once per query (GROUP BY participant); only the first and
    latest score are looked up per participant, each one step down the (participant, instrument, date) index.
    """
    screenings = _screenings(period, instrument)
    mine = screenings.filter(participant=OuterRef("pk"))
    first = mine.order_by("administered_on", "pk").values("total")[:1]
    latest = mine.order_by("-administered_on", "-pk").values("total")[:1]
    twice = screenings.values("participant").annotate(times=Count("pk")).filter(times__gte=2).values("participant")
    screened = (
        participants(period)
        .filter(pk__in=screenings.values("participant"))
        .alias(_change=Subquery(latest, output_field=FloatField()) - Subquery(first, output_field=FloatField()))
    )
    return screened, Q(pk__in=twice)


def reliable_threshold(instrument: Instrument) -> tuple[float, bool]:
    """The change that counts as reliable, and whether it must be exceeded (Jacobson-Truax) or reached.

    The same rule as ``instruments.scoring.reliable_change``, written as a threshold for SQL.
    """
    change = instrument.change
    if "test_retest" in change and "sd" in change:
        return 1.96 * change["sd"] * (2 * (1 - change["test_retest"])) ** 0.5, True
    return float(change.get("reliable_change", change.get("minimal_important_change"))), False


def has_change_figure(instrument: Instrument) -> bool:
    change = instrument.change
    return not change.get("none_published") and (
        ("test_retest" in change and "sd" in change)
        or "reliable_change" in change
        or "minimal_important_change" in change
    )


def reliable_improvement(instrument: Instrument) -> Callable[[Period], Rows]:
    threshold, strict = reliable_threshold(instrument)
    lookup = "gt" if strict else "gte"
    if instrument.higher_is == "better":
        better = Q(**{f"_change__{lookup}": threshold})
    else:
        better = Q(**{f"_change__{'lt' if strict else 'lte'}": -threshold})

    def rows(period: Period) -> Rows:
        screened, twice = _screened(period, instrument)
        return people(parts(screened, n=flag(twice & better), d=flag(twice), x=flag(~twice)))

    return rows


def mean_change(instrument: Instrument) -> Callable[[Period], Rows]:
    def rows(period: Period) -> Rows:
        screened, twice = _screened(period, instrument)
        change = Case(When(twice, then=F("_change")), default=None, output_field=FloatField())
        return people(parts(screened, v=change, x=flag(~twice)))

    return rows


# Unmet needs


def _action_versions(period: Period) -> QuerySet:
    """Each action as it stood at the end of the period, from its history (the last version by then)."""
    versions = Action.history.model.objects.filter(history_date__lt=before_end(period))
    later = versions.filter(id=OuterRef("id")).filter(
        Q(history_date__gt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id"))
    )
    return versions.filter(~Exists(later)).exclude(history_type="-")


def blocked_actions(period: Period) -> Rows:
    blocked = _action_versions(period).filter(
        status=Action.Status.BLOCKED, goal__plan__participant__in=participants(period).values("pk")
    )
    return Rows(
        parts(blocked, n=1),
        person="goal__plan__participant__",
        org="goal__plan__participant__owner",
        members="goal__plan__participant_id",
    )


def unmet_domains(period: Period) -> Rows:
    latest_assessment = NeedsAssessment.objects.filter(
        participant=OuterRef("assessment__participant"), assessed_on__lte=period.end
    ).filter(
        Q(assessed_on__gt=OuterRef("assessment__assessed_on"))
        | Q(assessed_on=OuterRef("assessment__assessed_on"), pk__gt=OuterRef("assessment_id"))
    )
    open_action = _action_versions(period).filter(
        status__in=OPEN_ACTION,
        goal__domain=OuterRef("domain"),
        goal__plan__participant=OuterRef("assessment__participant"),
    )
    pairs = (
        _ratings_by(period)
        .filter(rating__lte=2)
        .filter(~Exists(latest_assessment), ~Exists(open_action))
        .filter(active_at_end(period, "assessment__participant__"))
    )
    return Rows(
        parts(pairs, n=1),
        person="assessment__participant__",
        org="assessment__participant__owner",
        members="assessment__participant_id",
        keys={Dimension.DOMAIN: F("domain__code")},
    )


# The community and the practitioners (issue 12). Rows that are not people (activities, answers,
# training attendance, support sessions) have no participant (``person`` None) and open no list.


def _within(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def not_people(queryset: QuerySet, org: str, **keys) -> Rows:
    return Rows(queryset, person=None, org=org, members="", keys=keys)


def activities_held(period: Period) -> Rows:
    rows = parts(Activity.objects.filter(_within("held_on", period)), n=1)
    return not_people(rows, "organisation", **{Dimension.ACTIVITY_KIND: F("kind")})


def people_reached(period: Period) -> Rows:
    reached = F("residents") + F("young_people") + F("teachers") + F("participants") + F("others")
    rows = parts(Activity.objects.filter(_within("held_on", period)), n=reached)
    return not_people(rows, "organisation", **{Dimension.ACTIVITY_KIND: F("kind")})


def activities_with_participants(period: Period) -> Rows:
    rows = parts(Activity.objects.filter(_within("held_on", period)), n=flag(Q(participants__gt=0)), d=1)
    return not_people(rows, "organisation", **{Dimension.ACTIVITY_KIND: F("kind")})


def acceptance_score(period: Period) -> Rows:
    # Every answered survey counts; one too sparse for a score is "no data".
    answered = SurveyResponse.objects.filter(_within("collected_on", period))
    rows = parts(answered, x=flag(Q(score__isnull=True)), v=F("score"))
    return not_people(rows, "round__organisation")


def stigma_experienced(period: Period) -> Rows:
    incidents = StigmaIncident.objects.filter(_within("occurred_on", period))
    rows = parts(incidents, n=1)
    return Rows(
        rows,
        person="participant__",
        org="participant__owner",
        members="participant_id",
        keys={Dimension.SETTING: F("setting")},
    )


def civic_participation(period: Period) -> Rows:
    """Settled participants (as for the outcomes) who took part in community life during the period."""
    eligible = participants(period).alias(_start=started()).filter(_start__lte=period.end - SETTLING_IN_DAYS * DAY)
    took_part = CivicParticipation.objects.filter(started_on__lte=period.end).filter(
        Q(ended_on__isnull=True, started_on__gte=period.start) | Q(ended_on__gte=period.start)
    )
    return people(parts(eligible, n=flag(Q(pk__in=took_part.values("participant_id"))), d=1))


def _attendance(period: Period) -> QuerySet:
    return Attendance.objects.filter(_within("session__held_on", period))


def _attendance_keys() -> dict:
    return {Dimension.DISCIPLINE: F("discipline"), Dimension.ORGANISATION_KIND: F("organisation_kind")}


def practitioners_trained(period: Period) -> Rows:
    return not_people(parts(_attendance(period), n=F("count")), "session__organisation", **_attendance_keys())


def whole_hours(hours) -> Cast:
    """Hours rounded to whole hours on each row, half up (both databases round a decimal so): the
    rows then add up exactly to every total and category, as disclosure control needs."""
    return Cast(Round(hours), IntegerField())


def training_hours(period: Period) -> Rows:
    hours = whole_hours(F("count") * F("session__hours"))
    return not_people(parts(_attendance(period), n=hours), "session__organisation", **_attendance_keys())


def support_hours(period: Period) -> Rows:
    sessions = SupportSession.objects.filter(_within("held_on", period))
    return not_people(parts(sessions, n=whole_hours(F("hours"))), "organisation", **{Dimension.SUPPORT_KIND: F("kind")})
