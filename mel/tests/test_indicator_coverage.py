"""Worked examples: participants active, households active, new arrivals (2027Q1, two cities)."""

import datetime

import pytest

from mel.indicators import CATALOGUE, measure, members
from mel.periods import Period
from mel.results import Dimension
from mel.tests.builders import breakdown, close, ids, person, phase, tally

Q1 = Period.parse("2027Q1")
D = datetime.date


@pytest.fixture
def caseload(city_a, city_b, coordinator):
    a, b = city_a.social, city_b.social
    people = {}
    people["p1"] = person(a, born=1990, arrived=D(2026, 10, 1), returned=D(2026, 12, 15))
    people["p2"] = person(
        a, sex="male", born=2015, arrived=D(2027, 3, 31), returned=D(2027, 1, 10), household=people["p1"].household
    )
    people["p3"] = person(a, born=1988, arrived=D(2027, 4, 1))  # arrives after the period
    people["p4"] = person(b, born=2020, arrived=D(2026, 5, 1))
    close(people["p4"], by=coordinator, decided=D(2027, 2, 1))
    people["p5"] = person(b, sex="male", born=2012, arrived=D(2026, 5, 1))
    close(people["p5"], by=coordinator, decided=D(2026, 12, 1), reopened=D(2027, 1, 15))
    people["p6"] = person(b, born=1995, registered=D(2027, 2, 10))  # no arrival date recorded
    people["p7"] = person(a, born=1970, arrived=D(2026, 6, 1))
    close(people["p7"], by=coordinator, decided=D(2027, 4, 2))  # closed after the period
    people["p8"] = person(city_a.cso, arrived=D(2026, 6, 1))  # owned outside the scope
    people["p9"] = person(a, arrived=D(2027, 1, 5))
    close(people["p9"], by=coordinator, decided=D(2027, 1, 20))
    phase(people["p1"], "resettlement", by=coordinator, started=D(2026, 10, 1))
    phase(people["p1"], "rehabilitation", by=coordinator, started=D(2027, 2, 1))
    phase(people["p2"], "resettlement", by=coordinator, started=D(2027, 1, 1), ended=D(2027, 3, 31))
    return people, [a.pk, b.pk]


def test_participants_active_count_those_arrived_by_the_end_and_not_closed_by_then(caseload):
    people, owners = caseload
    result = measure(CATALOGUE["HC-COV-01"], owners=owners, period=Q1)

    assert result.total.count == 5
    assert ids(members(CATALOGUE["HC-COV-01"], owners=owners, period=Q1)) == {
        people[k].pk for k in ("p1", "p2", "p5", "p6", "p7")
    }
    sex = breakdown(result, Dimension.SEX)
    assert [(t.key, t.label, t.count) for t in sex.tallies] == [("female", "Female", 3), ("male", "Male", 2)]
    assert [(t.key, t.label, t.count) for t in breakdown(result, Dimension.JURISDICTION).tallies] == [
        ("almaty", "Almaty", 3),
        ("shymkent", "Shymkent", 2),
    ]


def test_participants_active_break_down_by_age_phase_months_since_return_and_cohort(caseload):
    _people, owners = caseload
    result = measure(CATALOGUE["HC-COV-01"], owners=owners, period=Q1)

    ages = breakdown(result, Dimension.AGE_BAND)
    assert [t.key for t in ages.tallies] == ["0-4", "5-11", "12-17", "18-29", "30-44", "45-59", "60+"]
    assert [t.count for t in ages.tallies] == [0, 0, 2, 0, 2, 1, 0]
    assert tally(ages, "0-4").label == "0\u20134"  # an en dash
    phases = breakdown(result, Dimension.PHASE)
    assert [t.key for t in phases.tallies][-1] == "none"
    assert (tally(phases, "rehabilitation").count, tally(phases, "resettlement").count) == (1, 0)
    assert tally(phases, "none").count == 4
    months = breakdown(result, Dimension.MONTHS_SINCE_RETURN)
    assert [(t.key, t.count) for t in months.tallies] == [
        ("0-3", 1),
        ("3-6", 1),
        ("6-12", 0),
        ("12-24", 0),
        ("24+", 0),
        ("unknown", 3),
    ]
    cohorts = breakdown(result, Dimension.COHORT)
    assert [(t.key, t.count) for t in cohorts.tallies] == [("2026Q2", 2), ("2026Q4", 1), ("2027Q1", 1), ("unknown", 1)]
    assert all(b.additive for b in result.breakdowns)


def test_participants_active_trend_has_eight_quarters_oldest_first(caseload):
    _people, owners = caseload
    result = measure(CATALOGUE["HC-COV-01"], owners=owners, period=Q1)

    assert [p.code for p, _t in result.trend] == [
        "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4", "2027Q1"
    ]  # fmt: skip
    # At the end of 2026: p1, p4 (closed only in February) and p7; p5 was closed then.
    assert [t.count for _p, t in result.trend] == [0, 0, 0, 0, 3, 3, 3, 5]


def test_participants_active_members_of_one_category_are_exactly_those_it_counts(caseload):
    people, owners = caseload
    chosen = members(CATALOGUE["HC-COV-01"], owners=owners, period=Q1, dimension=Dimension.SEX, key="male")
    assert ids(chosen) == {people["p2"].pk, people["p5"].pk}


def test_households_active_count_households_with_an_active_member(caseload):
    people, owners = caseload
    indicator = CATALOGUE["HC-COV-02"]
    result = measure(indicator, owners=owners, period=Q1)

    assert result.total.count == 4
    assert [(t.key, t.count) for t in breakdown(result, Dimension.JURISDICTION).tallies] == [
        ("almaty", 2),
        ("shymkent", 2),
    ]
    assert ids(members(indicator, owners=owners, period=Q1)) == {people[k].pk for k in ("p1", "p2", "p5", "p6", "p7")}


def test_new_arrivals_count_arrivals_within_the_period_by_month(caseload):
    people, owners = caseload
    indicator = CATALOGUE["HC-COV-03"]
    result = measure(indicator, owners=owners, period=Q1)

    assert result.total.count == 3
    assert [(t.key, t.label, t.count) for t in breakdown(result, Dimension.ARRIVAL_MONTH).tallies] == [
        ("202701", "January 2027", 1),
        ("202702", "February 2027", 1),
        ("202703", "March 2027", 1),
    ]
    assert ids(members(indicator, owners=owners, period=Q1)) == {people[k].pk for k in ("p2", "p6", "p9")}
    # 2026Q2: p4, p5 and p7 (p8 is outside the scope); 2026Q3: none; 2026Q4: p1.
    assert [t.count for _p, t in result.trend][-4:] == [3, 0, 1, 3]
