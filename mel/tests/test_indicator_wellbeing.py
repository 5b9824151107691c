"""Worked examples: reliable improvement and mean change on the screening instruments (2027Q1, two cities).

Screening figures are health data: they never open a list of people.
"""

import datetime

import pytest

from mel.indicators import CATALOGUE, measure, members
from mel.periods import Period
from mel.results import Dimension, Direction, Unit
from mel.tests.builders import breakdown, close, person, screening, tally

Q1 = Period.parse("2027Q1")
D = datetime.date
FIRST, MIDDLE, LATEST = D(2026, 10, 1), D(2026, 12, 1), D(2027, 2, 1)


@pytest.fixture
def owners(city_a, city_b):
    return [city_a.social.pk, city_b.social.pk]


@pytest.fixture
def phq9(city_a, city_b, coordinator):
    a, b = city_a.social, city_b.social

    def screened(owner, sex, *totals, days=(FIRST, LATEST)):
        who = person(owner, sex=sex, born=1990)
        for total, day in zip(totals, days, strict=True):
            screening(who, "phq9", total, by=coordinator, on=day)
        return who

    screened(a, "female", 20, 14)  # 6 points better: reliable
    screened(a, "male", 20, 15)  # 5 points: not reliable
    screened(b, "female", 10, 18)  # worse
    screened(b, "female", 12, days=(FIRST,))  # once: no data yet
    screened(b, "male", 20, 10, days=(FIRST, D(2027, 4, 2)))  # the second after the period: no data yet
    screened(b, "male", 20, 5, 13, days=(D(2026, 1, 10), MIDDLE, LATEST))  # first to latest: 7 points better
    closed = screened(a, "female", 20, 5)
    close(closed, by=coordinator, decided=D(2027, 1, 10))
    screened(city_a.cso, "female", 20, 5)  # outside the scope


def test_reliable_improvement_on_the_phq9_uses_its_published_figure_of_6_points(phq9, owners):
    indicator = CATALOGUE["HC-WB-01"]

    result = measure(indicator, owners=owners, period=Q1)

    assert indicator.health and indicator.unit == Unit.SHARE
    assert (result.total.count, result.total.eligible, result.total.no_data) == (2, 4, 2)
    sex = breakdown(result, Dimension.SEX)
    female, male = tally(sex, "female"), tally(sex, "male")
    assert (female.count, female.eligible, female.no_data) == (1, 2, 1)
    assert (male.count, male.eligible, male.no_data) == (1, 2, 1)


def test_screening_figures_never_open_a_list_of_people(phq9, owners):
    for code in ("HC-WB-01", "HC-WB-11"):
        assert not members(CATALOGUE[code], owners=owners, period=Q1).exists()
        assert not members(CATALOGUE[code], owners=owners, period=Q1, part="no_data").exists()


def test_mean_change_on_the_phq9_rests_on_those_screened_twice(phq9, owners):
    indicator = CATALOGUE["HC-WB-11"]

    result = measure(indicator, owners=owners, period=Q1)

    assert indicator.unit == Unit.MEAN and indicator.direction == Direction.LOWER
    # -6, -5, +8 and -7 points.
    assert (result.total.value, result.total.count, result.total.no_data) == (-2.5, 4, 2)
    sex = breakdown(result, Dimension.SEX)
    assert (tally(sex, "female").value, tally(sex, "female").count, tally(sex, "female").no_data) == (1.0, 2, 1)
    assert (tally(sex, "male").value, tally(sex, "male").count) == (-6.0, 2)
    assert result.trend[-3][1].value is None  # 2026Q3: nobody screened twice yet


def test_reliable_improvement_on_the_who5_is_a_rise_of_at_least_10_points(city_a, city_b, coordinator, owners):
    for owner, first, latest in ((city_a.social, 40, 52), (city_a.social, 40, 48), (city_b.social, 60, 45)):
        who = person(owner)
        screening(who, "who5", first, by=coordinator, on=FIRST)
        screening(who, "who5", latest, by=coordinator, on=LATEST)
    indicator = CATALOGUE["HC-WB-03"]

    result = measure(indicator, owners=owners, period=Q1)

    assert (result.total.count, result.total.eligible) == (1, 3)
    cities = breakdown(result, Dimension.JURISDICTION)
    assert [(t.key, t.count, t.eligible) for t in cities.tallies] == [("almaty", 1, 2), ("shymkent", 0, 1)]
    assert CATALOGUE["HC-WB-13"].direction == Direction.HIGHER


def test_reliable_improvement_on_the_psc17_must_exceed_the_reliable_change_index(city_a, coordinator, owners):
    # 1.96 * 5.62 * sqrt(2 * 0.15) = 6.03: a fall of 6 points is not reliable, of 7 is.
    for first, latest, born in ((20, 14, 2016), (20, 13, 2015)):
        who = person(city_a.social, born=born, role="child")
        screening(who, "psc17", first, by=coordinator, on=FIRST)
        screening(who, "psc17", latest, by=coordinator, on=LATEST)

    result = measure(CATALOGUE["HC-WB-05"], owners=owners, period=Q1)

    assert (result.total.count, result.total.eligible) == (1, 2)
    ages = breakdown(result, Dimension.AGE_BAND)
    assert [(t.count, t.eligible) for t in (tally(ages, "5-11"), tally(ages, "12-17"))] == [(0, 1), (1, 1)]


def test_an_instrument_without_a_published_change_figure_has_a_mean_change_but_no_reliable_improvement(
    city_b, coordinator, owners
):
    who = person(city_b.social, born=2014, role="child")
    screening(who, "cries8", 20, by=coordinator, on=FIRST)
    screening(who, "cries8", 10, by=coordinator, on=LATEST)

    result = measure(CATALOGUE["HC-WB-16"], owners=owners, period=Q1)

    assert "HC-WB-06" not in CATALOGUE
    assert (result.total.value, result.total.count, result.total.no_data) == (-10.0, 1, 0)
    assert all(CATALOGUE[code].health for code in CATALOGUE if code.startswith("HC-WB-"))
