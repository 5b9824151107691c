"""Finished periods are kept as snapshots: read back exactly, named in the reader's language, refreshed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from mel import snapshots
from mel.indicators import CATALOGUE, measure
from mel.models import Snapshot
from mel.periods import Period
from mel.results import Dimension
from mel.tests.builders import breakdown, close, person

Q1 = Period.parse("2027Q1")
LATER = datetime.date(2027, 6, 1)
D = datetime.date


@pytest.fixture
def owners(city_a, city_b):
    person(city_a.social, born=1990, arrived=D(2026, 10, 1), returned=D(2026, 9, 1))
    person(city_a.social, sex="male", born=2015, arrived=D(2027, 2, 1))
    person(city_b.social, born=2012, arrived=D(2026, 5, 1))
    return [city_a.social.pk, city_b.social.pk]


def test_a_finished_period_is_computed_once_and_then_read_from_its_snapshot(owners):
    indicator = CATALOGUE["HC-COV-01"]
    first = snapshots.measured(indicator, owners=owners, period=Q1, today=LATER)
    with CaptureQueriesContext(connection) as queries:
        again = snapshots.measured(indicator, owners=owners, period=Q1, today=LATER)

    assert again == first == measure(indicator, owners=owners, period=Q1, trend=snapshots.TREND)
    assert first.total.count == 3
    assert Snapshot.objects.filter(indicator="HC-COV-01", period="2027Q1").count() == 1
    # One to find the snapshot, one to name the cities: nothing is counted again.
    assert len(queries) == 2


def test_every_indicator_reads_back_from_its_snapshot_exactly_as_it_was_measured(owners):
    for indicator in CATALOGUE.values():
        fresh = measure(indicator, owners=owners, period=Q1, trend=snapshots.TREND)
        assert snapshots.loads(snapshots.dumps(fresh), owners=owners) == fresh, indicator.code


def test_kept_figures_are_named_in_the_language_of_whoever_reads_them(owners):
    indicator = CATALOGUE["HC-COV-01"]
    snapshots.measured(indicator, owners=owners, period=Q1, today=LATER)
    with translation.override("ru"):
        read = snapshots.measured(indicator, owners=owners, period=Q1, today=LATER)

    assert [t.label for t in breakdown(read, Dimension.SEX).tallies] == ["Женский", "Мужской"]


def test_a_period_that_has_not_ended_is_computed_every_time_and_never_kept(owners):
    snapshots.measured(CATALOGUE["HC-COV-01"], owners=owners, period=Q1, today=D(2027, 3, 31))

    assert not Snapshot.objects.exists()


def test_the_same_organisations_in_any_order_share_one_snapshot_and_others_have_their_own(owners):
    indicator = CATALOGUE["HC-COV-01"]
    snapshots.measured(indicator, owners=owners, period=Q1, today=LATER)
    snapshots.measured(indicator, owners=owners[::-1], period=Q1, today=LATER)
    alone = snapshots.measured(indicator, owners=owners[:1], period=Q1, today=LATER)

    assert Snapshot.objects.count() == 2
    assert alone.total.count == 2


def test_a_late_entry_shows_after_the_refresh_and_not_before(owners, city_b, coordinator):
    indicator = CATALOGUE["HC-COV-01"]
    snapshots.measured(indicator, owners=owners, period=Q1, today=LATER)
    late = person(city_b.social, born=1980, arrived=D(2026, 4, 1))
    close(late, by=coordinator, decided=D(2027, 5, 1))

    assert snapshots.measured(indicator, owners=owners, period=Q1, today=LATER).total.count == 3
    assert snapshots.refresh(owners=owners, periods=[Q1]) == len(CATALOGUE)
    assert snapshots.measured(indicator, owners=owners, period=Q1, today=LATER).total.count == 4
