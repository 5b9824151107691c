"""Retention keeps the aggregates: every indicator of every finished period reads the same afterwards.

The data put two records of a kind in one month in another order than their days, and dates whose
day counts (a start on the 20th, waits of days), so that a naive move of every date to the 1st of
its month would change figures: the test checks that it would, and that the pages do not show it.
"""

import datetime

import pytest
from django.db import transaction

from casework.models import Plan
from coordination.models import Transfer
from core.actor import Actor
from directory.models import Organisation
from homecoming import retention
from homecoming.retention import INDICATOR_RULES, apply_retention, facts, figures_to_keep, touched
from mel import snapshots
from mel.indicators import CATALOGUE, measure
from mel.models import Snapshot
from mel.periods import Period
from mel.results import Dimension
from mel.scope import organisations_in
from mel.tests.builders import (
    action_history,
    assess,
    at,
    breakdown,
    close,
    milestone,
    person,
    phase,
    plan_goal,
    referral,
    screening,
    transfer,
)
from people.models import Participant

D = datetime.date
TODAY = D(2025, 3, 15)  # a year before is 2024-03-15: cases closed in February 2024 are due
# The months the data fall in, their quarter and their year. Every indicator is compared in each, the
# total and (in the months, where the days lie) every breakdown: a breakdown costs about ten times a
# total to compute, and a quarter's and a year's are made by the same code as a month's.
MONTHS = [Period.parse("202401"), Period.parse("202402")]
LONGER = [Period.parse("2024Q1"), Period.parse("2024")]


def figures(measured, *, breakdowns: bool = True) -> tuple:
    """What a page shows of one period: the total and every breakdown (each trend point is a period's total)."""
    return measured.total, measured.breakdowns if breakdowns else ()


def computed(indicator, owners, period, *, breakdowns: bool = True) -> tuple:
    """The figures computed from the rows as they are now."""
    dimensions = None if breakdowns else ()
    return figures(
        measure(indicator, owners=owners, period=period, trend=1, dimensions=dimensions), breakdowns=breakdowns
    )


def shown(indicator, owners, period, *, breakdowns: bool = True) -> tuple:
    """The figures a page shows (``mel.snapshots.measured``): those kept for the period, else computed."""
    if breakdowns:
        return figures(snapshots.measured(indicator, owners=owners, period=period, today=TODAY))
    _text, digest = snapshots.owners_key(owners)
    kept = Snapshot.objects.filter(owners_hash=digest, indicator=indicator.code, period=period.code).first()
    if kept is None:
        return computed(indicator, owners, period, breakdowns=False)
    return figures(snapshots.loads(kept.measured, owners=list(owners)), breakdowns=False)


def close_for_good(participant, *, by, decided):
    close(participant, by=by, decided=decided)
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.CLOSED)


@pytest.fixture
def data(city_a, case_worker):
    """Two people anonymised (a mother and her son, closed on 20 February 2024) and two who stay."""
    by, owner = case_worker, city_a.social
    centre = Organisation.objects.create(
        slug="centre", name="Centre", kind="rehabilitation_centre", jurisdiction=city_a.city.parent
    )
    mother = person(owner, arrived=D(2024, 1, 20), returned=D(2023, 12, 10), registered=D(2024, 1, 18))
    son = person(owner, sex="male", born=2016, arrived=D(2024, 1, 20), household=mother.household, role="child")
    # Sent on the 5th, accepted on the 21st: 16 days, not within 14 (moved to the 1st: 0 days).
    transfer([mother, son], centre, owner, by=by, sent=at(D(2024, 1, 5)), decided=at(D(2024, 1, 21)))
    phase(mother, "rehabilitation", by=by, started=D(2024, 1, 20), ended=D(2024, 2, 20))
    # Entered out of order: the one recorded second was made on an earlier day.
    assess(mother, {"housing": 2, "livelihood": 1}, by=by, on=D(2024, 1, 25))
    assess(mother, {"housing": 3, "livelihood": 2}, by=by, on=D(2024, 1, 22))
    assess(mother, {"housing": 4}, by=by, on=D(2024, 2, 10))
    screening(mother, "phq9", 15, by=by, on=D(2024, 1, 26))
    screening(mother, "phq9", 20, by=by, on=D(2024, 1, 23))
    screening(mother, "phq9", 8, by=by, on=D(2024, 2, 15))
    goal = plan_goal(mother, "housing")
    Plan.objects.filter(participant=mother).update(approved_at=at(D(2024, 1, 30)))
    plan = Plan.objects.get(participant=mother)
    plan.save()  # the approval enters the plan's history, which the indicator reads
    action_history(goal, owner, [(D(2024, 1, 28), "blocked", "no_funding"), (D(2024, 1, 21), "planned", "")])
    review = mother.reviews.create(scheduled_on=D(2024, 1, 30), held_on=D(2024, 2, 5), recorded_by=by)
    assert review.pk
    referral(
        mother, city_a.cso, by=by, sent=D(2024, 1, 22), events=[(D(2024, 1, 29), "accepted"), (D(2024, 2, 12), "done")]
    )
    milestone(mother, "stable_housing", by=by, reached=D(2024, 2, 10))
    milestone(son, "school_enrolled", by=by, reached=D(2024, 1, 25))
    close_for_good(mother, by=by, decided=D(2024, 2, 20))
    close_for_good(son, by=by, decided=D(2024, 2, 20))
    # Who stays: one active, one closed too recently.
    staying = person(owner, arrived=D(2024, 1, 5))
    assess(staying, {"housing": 2}, by=by, on=D(2024, 1, 10))
    assess(staying, {"housing": 3}, by=by, on=D(2024, 2, 8))
    screening(staying, "phq9", 10, by=by, on=D(2024, 1, 12))
    screening(staying, "phq9", 4, by=by, on=D(2024, 2, 9))
    milestone(staying, "stable_housing", by=by, reached=D(2024, 2, 20))
    recent = person(owner, arrived=D(2024, 1, 8))
    close_for_good(recent, by=by, decided=D(2024, 3, 20))
    return {"owners": organisations_in(city_a.city), "gone": [mother.pk, son.pk]}


def test_every_indicator_of_every_finished_period_reads_the_same_after_retention(data):
    owners = data["owners"]
    compared = [(code, period, period in MONTHS) for code in CATALOGUE for period in MONTHS + LONGER]
    before = {
        (code, period): computed(CATALOGUE[code], owners, period, breakdowns=full) for code, period, full in compared
    }

    result = apply_retention(actor=Actor.for_system(), today=TODAY, years=1, dry_run=False)

    assert result.counts["participants"] == 2
    after = {(code, period): shown(CATALOGUE[code], owners, period, breakdowns=full) for code, period, full in compared}
    assert after == before
    # The kept figures were needed: computed again from the moved dates, these totals now differ.
    needed = [("HC-CON-01", 0), ("HC-CON-02", 0), ("HC-CON-03", 0), ("HC-CON-04", 1), ("HC-CON-06", 0)]
    needed += [("HC-OUT-04", 0), ("HC-OUT-08", 0), ("HC-WB-11", 0), ("HC-UN-01", 0)]
    for code, month in needed:
        period = MONTHS[month]
        total, _breakdowns = before[(code, period)]
        assert computed(CATALOGUE[code], owners, period, breakdowns=False) != (total, ()), code


def test_the_365_days_of_the_first_year_are_kept_for_the_periods_they_end_in(city_a, case_worker):
    # Arrived on 20 January 2024: the 365th day is 18 January 2025; from the 1st it would be 31 December.
    gone = person(city_a.social, arrived=D(2024, 1, 20))
    close_for_good(gone, by=case_worker, decided=D(2024, 2, 20))
    owners, indicator = organisations_in(city_a.city), CATALOGUE["HC-OUT-09"]
    periods = [Period.parse(code) for code in ("202412", "202501", "2024Q4", "2024")]
    before = {period: computed(indicator, owners, period) for period in periods}

    apply_retention(actor=Actor.for_system(), today=D(2025, 3, 15), years=1, dry_run=False)

    shown = {
        period: figures(snapshots.measured(indicator, owners=owners, period=period, today=TODAY)) for period in periods
    }
    assert shown == before
    assert computed(indicator, owners, periods[1]) != before[periods[1]]


def test_a_phase_picked_among_two_of_one_month_and_a_late_return_are_found_where_they_would_change(city_a, case_worker):
    """The phase breakdown picks the phase started last, then the later id; the months since return compare
    the return with one day of its month (30 November is after 29 November, the 1st is not)."""
    owner = city_a.social
    gone = person(owner, arrived=D(2024, 1, 20), returned=D(2023, 11, 30))
    phase(gone, "reintegration", by=case_worker, started=D(2024, 1, 25), ended=D(2024, 2, 5))
    phase(gone, "rehabilitation", by=case_worker, started=D(2024, 1, 21))  # made second, started earlier
    close_for_good(gone, by=case_worker, decided=D(2024, 3, 10))
    january, february = Period.parse("202401"), Period.parse("202402")
    owners, indicator = organisations_in(city_a.city), CATALOGUE["HC-COV-01"]

    found = touched(facts(Participant.objects.get(pk=gone.pk), batch={gone.pk}), TODAY)

    assert set(found["phase_order"]) == {january}  # both current only on 31 January
    assert set(found["return_bands"]) == {february}  # 29 February, three months on
    keep = figures_to_keep([gone.pk], today=TODAY)[tuple(sorted(owners))]
    assert {("HC-COV-01", january), ("HC-COV-01", february), ("HC-OUT-01", january)} <= keep
    # Why they are kept: with the dates moved (and nothing kept), those breakdowns change.
    phases = breakdown(measure(indicator, owners=owners, period=january, trend=1), Dimension.PHASE)
    bands = breakdown(measure(indicator, owners=owners, period=february, trend=1), Dimension.MONTHS_SINCE_RETURN)
    with transaction.atomic():
        retention._anonymise(gone, actor=Actor.for_system(), today=TODAY, done=set(), write=True)
    assert breakdown(measure(indicator, owners=owners, period=january, trend=1), Dimension.PHASE) != phases
    moved = breakdown(measure(indicator, owners=owners, period=february, trend=1), Dimension.MONTHS_SINCE_RETURN)
    assert moved != bands


def test_a_transfer_keeps_its_dates_while_someone_on_it_is_not_anonymised(city_a, case_worker):
    centre = Organisation.objects.create(
        slug="centre", name="Centre", kind="rehabilitation_centre", jurisdiction=city_a.city.parent
    )
    gone = person(city_a.social, arrived=D(2024, 1, 1))
    staying = person(city_a.social, arrived=D(2024, 1, 1), household=gone.household)
    sent, decided = at(D(2024, 1, 5)), at(D(2024, 1, 21))
    made = transfer([gone, staying], centre, city_a.social, by=case_worker, sent=sent, decided=decided)
    made.handover_note = "Kept while the sister is supported"
    made.save(update_fields=["handover_note"])
    close_for_good(gone, by=case_worker, decided=D(2024, 1, 1))

    apply_retention(actor=Actor.for_system(), today=TODAY, years=1, dry_run=False)

    made = Transfer.objects.get(pk=made.pk)
    assert (made.created_at, made.decided_at) == (sent, decided)
    assert made.handover_note == "Kept while the sister is supported"


def test_every_indicator_of_the_catalogue_says_how_moved_dates_reach_it():
    assert set(INDICATOR_RULES) == set(CATALOGUE)
    rules = {rule for rules in INDICATOR_RULES.values() for rule in rules}
    known = {"first_14_days", "first_30_days", "first_year", "settling_in", "review_grace", "transfer_wait"}
    known |= {"referral_events", "assessment_order", "action_versions"}
    known |= {f"screening_order:{instrument}" for instrument in retention.WELLBEING.values()}
    assert rules == known
    # Every breakdown that reads a day is named too; the others keep their categories under month dates.
    month_safe = {Dimension.SEX, Dimension.AGE_BAND, Dimension.JURISDICTION, Dimension.COHORT, Dimension.ARRIVAL_MONTH}
    month_safe |= {Dimension.DOMAIN, Dimension.REASON, Dimension.SETTING, Dimension.ACTIVITY_KIND}
    month_safe |= {Dimension.DISCIPLINE, Dimension.ORGANISATION_KIND, Dimension.SUPPORT_KIND}
    used = {dimension for indicator in CATALOGUE.values() for dimension in indicator.dimensions}
    assert used - month_safe == set(retention.BREAKDOWN_RULES)
