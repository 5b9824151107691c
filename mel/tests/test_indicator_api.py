"""The API the dashboards and reports code against: every indicator measures, with its breakdowns and trend."""

import datetime

import pytest

from mel.indicators import CATALOGUE, measure, members
from mel.periods import Period
from mel.results import Measured
from mel.tests.builders import person


@pytest.fixture
def scope(city_a, city_b, coordinator):
    person(city_a.social, arrived=datetime.date(2026, 8, 3), returned=datetime.date(2026, 7, 1))
    person(city_b.social, sex="male", born=2015, arrived=datetime.date(2026, 11, 20))
    return [city_a.social.pk, city_b.social.pk]


@pytest.mark.parametrize("code", list(CATALOGUE))
def test_every_indicator_measures_with_every_breakdown_and_an_eight_period_trend(code, scope):
    indicator = CATALOGUE[code]
    result = measure(indicator, owners=scope, period=Period.parse("2026Q4"))
    assert isinstance(result, Measured)
    assert [b.dimension for b in result.breakdowns] == list(indicator.dimensions)
    assert len(result.trend) == 8
    assert result.trend[-1][0] == Period.parse("2026Q4")
    assert result.trend[-1][1] == result.total
    if not indicator.health:
        assert members(indicator, owners=scope, period=Period.parse("2026Q4")).count() == result.total.count
