"""Worked examples of disclosure control, each checked by hand and by the LP audit."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.conf import settings

from mel.disclosure import COMPLEMENTARY, PRIMARY, Family, Grid, protect, publish
from mel.periods import Period
from mel.results import Breakdown, Dimension, Direction, Indicator, Measured, PeriodRule, Tally, Unit
from mel.tests.lp_audit import audit_family, audit_published

K = 5
QUARTER = Period.parse("2027Q1")


def indicator(unit: str) -> Indicator:
    return Indicator(
        code="HC-TEST-01",
        name="A test indicator",
        definition="Counts what the test says.",
        numerator="people",
        denominator="eligible people" if unit == Unit.SHARE else "",
        unit=unit,
        period_rule=PeriodRule.STATE_AT_END,
        eligible="everyone",
        direction=Direction.HIGHER,
        source="tests",
        group="outcomes",
    )


def values(entries) -> list:
    return [e.value for e in entries]


def one_way(*grids: tuple[int, ...]) -> Family:
    return Family(tuple(Grid(tuple((v,) for v in rows)) for rows in grids), (sum(grids[0]),))


def measured(unit: str, total: Tally, *breakdowns: Breakdown, trend=()) -> Measured:
    return Measured(indicator(unit), QUARTER, total, breakdowns, trend)


def test_the_threshold_is_five_unless_the_city_sets_another():
    assert settings.HOMECOMING_MIN_CELL == 5


def test_a_small_count_in_a_one_way_table_is_hidden_with_the_next_smallest_so_the_total_cannot_give_it_away():
    family = one_way((2, 30, 40))

    shown = protect(family, k=K)

    assert values(shown.grids[0].row_totals) == [None, None, 40]
    assert [e.reason for e in shown.grids[0].row_totals] == [PRIMARY, COMPLEMENTARY, ""]
    assert shown.grand_total.value == 72
    assert audit_family(family, shown, K) == []


def test_two_hidden_counts_that_add_up_to_less_than_k_take_a_third_with_them():
    family = one_way((1, 2, 9, 40))

    shown = protect(family, k=K)

    assert values(shown.grids[0].row_totals) == [None, None, None, 40]
    assert audit_family(family, shown, K) == []


def test_a_zero_is_shown():
    family = one_way((0, 30, 40))

    shown = protect(family, k=K)

    assert values(shown.grids[0].row_totals) == [0, 30, 40]


def test_a_share_table_hides_a_small_numerator_with_its_whole_row_and_the_cheapest_other_row():
    # Age bands: 3 of 20, 15 of 40, 30 of 50 reached the milestone.
    family = Family((Grid(((3, 17), (15, 25), (30, 20))),), (48, 62), whole_rows=True)

    shown = protect(family, k=K)

    grid = shown.grids[0]
    assert [values(row) for row in grid.cells] == [[None, None], [None, None], [30, 20]]
    assert values(grid.row_totals) == [None, None, 50]
    assert values(shown.column_totals) == [48, 62]
    assert shown.grand_total.value == 110
    assert audit_family(family, shown, K) == []


def test_a_share_of_none_or_all_of_a_group_is_hidden_because_it_tells_each_member_their_answer():
    # Age bands: 0 of 20 and 40 of 40 reached the milestone; nobody is in the third band.
    family = Family((Grid(((0, 20), (40, 0), (0, 0))),), (40, 20), whole_rows=True)

    shown = protect(family, k=K)

    grid = shown.grids[0]
    assert [values(row) for row in grid.cells] == [[None, None], [None, None], [0, 0]]
    assert grid.cells[0][0].reason == PRIMARY and grid.cells[1][1].reason == PRIMARY
    assert (values(shown.column_totals), shown.grand_total.value) == ([40, 20], 60)
    assert audit_family(family, shown, K) == []


def test_a_trend_point_of_all_of_a_group_is_hidden_but_a_period_with_nobody_eligible_is_not():
    total = Tally("", "All", count=30, eligible=40)
    periods = QUARTER.last(3)
    trend = (
        (periods[0], Tally("", "All", count=12, eligible=12)),
        (periods[1], Tally("", "All", count=0, eligible=0)),
        (periods[2], total),
    )
    data = measured(Unit.SHARE, total, trend=trend)

    published = publish(data, k=K)

    assert [(f.suppressed, f.value) for _p, f in published.trend] == [(True, None), (False, None), (False, 0.75)]


def test_a_share_whose_every_row_is_small_hides_the_rows_but_not_the_total_shown_alone_elsewhere():
    # 31 of 39 in all; every age band has fewer than 5 on one side. The rows hide each other (their
    # yes add up to 31, their no to 8), so the total stays shown, as it is in another period's trend.
    family = Family((Grid(((7, 2), (9, 0), (5, 2), (1, 2), (9, 2))),), (31, 8), whole_rows=True)

    shown = protect(family, k=K)

    assert all(e.suppressed for row in shown.grids[0].cells for e in row)
    assert (values(shown.column_totals), shown.grand_total.value) == ([31, 8], 39)
    assert audit_family(family, shown, K) == []


def test_a_two_way_table_of_age_band_by_sex_with_both_margins_hides_a_rectangle():
    # Rows: age bands 0-4, 5-17, 18+; columns: female, male.
    family = Family((Grid(((4, 6), (12, 9), (18, 21))),), (34, 36))

    shown = protect(family, k=K)

    grid = shown.grids[0]
    assert [values(row) for row in grid.cells] == [[None, None], [None, None], [18, 21]]
    assert grid.cells[0][0].reason == PRIMARY
    assert {e.reason for row in grid.cells[:2] for e in row} == {PRIMARY, COMPLEMENTARY}
    # The row totals and both margins stay: the four hidden cells can still move by 10.
    assert values(grid.row_totals) == [10, 21, 39]
    assert values(shown.column_totals) == [34, 36]
    assert audit_family(family, shown, K) == []


def test_a_two_way_table_whose_margins_are_small_hides_them_too():
    family = Family((Grid(((1, 2), (2, 1))),), (3, 3))

    shown = protect(family, k=K)

    assert shown.grand_total.value is None
    assert audit_family(family, shown, K) == []


def test_three_breakdowns_sharing_a_total_are_protected_each_without_touching_the_others():
    # By sex, by age band, by city: 72 people.
    family = one_way((30, 42), (2, 30, 40), (36, 36))

    shown = protect(family, k=K)

    assert values(shown.grids[0].row_totals) == [30, 42]
    assert values(shown.grids[1].row_totals) == [None, None, 40]
    assert values(shown.grids[2].row_totals) == [36, 36]
    assert shown.grand_total.value == 72
    assert audit_family(family, shown, K) == []


def test_a_hidden_grand_total_hides_a_category_in_every_breakdown():
    # Four people: by sex 4 and 0, by age band 1, 2, 1.
    family = one_way((4, 0), (1, 2, 1))

    shown = protect(family, k=K)

    assert shown.grand_total.value is None
    assert shown.grand_total.reason == PRIMARY
    assert values(shown.grids[0].row_totals) == [None, 0]
    assert values(shown.grids[1].row_totals) == [None, None, None]
    assert audit_family(family, shown, K) == []


def test_a_breakdown_where_one_person_counts_in_several_rows_is_only_screened_row_by_row():
    family = Family((Grid(((30,), (42,))), Grid(((3,), (50,), (60,)), additive=False)), (72,))

    shown = protect(family, k=K)

    assert values(shown.grids[1].row_totals) == [None, 50, 60]
    assert values(shown.grids[0].row_totals) == [30, 42]


def test_a_breakdown_that_does_not_add_up_to_its_total_is_refused():
    sex = Breakdown(Dimension.SEX, (Tally("female", "Female", count=30), Tally("male", "Male", count=40)))

    with pytest.raises(ValueError, match="does not add up"):
        publish(measured(Unit.COUNT, Tally("", "All", count=72), sex), k=K)


# --- publish ------------------------------------------------------------------------------------


def age_bands(*counts: int, eligible: tuple[int, ...] = (), values: tuple[float, ...] = ()) -> Breakdown:
    tallies = tuple(
        Tally(
            f"band{i}",
            f"Band {i}",
            count=c,
            eligible=eligible[i] if eligible else 0,
            value=values[i] if values else None,
        )
        for i, c in enumerate(counts)
    )
    return Breakdown(Dimension.AGE_BAND, tallies)


def test_a_mean_is_hidden_where_it_rests_on_fewer_than_k_people_and_so_is_the_next_smallest():
    data = measured(
        Unit.MEAN,
        Tally("", "All", count=48, value=-3.5),
        age_bands(3, 20, 25, values=(-9.0, -4.0, -2.0)),
    )

    published = publish(data, k=K)

    figures = published.breakdowns[0].figures
    assert [f.value for f in figures] == [None, None, -2.0]
    assert [f.count for f in figures] == [None, None, 25]
    assert [f.reason for f in figures] == [PRIMARY, COMPLEMENTARY, ""]
    assert (published.total.value, published.total.count) == (-3.5, 48)
    assert audit_published(data, published, K) == []


def test_a_suppressed_figure_carries_no_number_at_all():
    data = measured(
        Unit.SHARE,
        Tally("", "All", count=48, eligible=110, no_data=7),
        age_bands(3, 15, 30, eligible=(20, 40, 50)),
    )

    published = publish(data, k=K)

    hidden = published.breakdowns[0].figures[0]
    assert hidden.suppressed
    assert (hidden.value, hidden.count, hidden.eligible, hidden.no_data) == (None, None, None, None)
    shown = published.breakdowns[0].figures[2]
    assert (shown.value, shown.count, shown.eligible) == (0.6, 30, 50)
    assert published.total.no_data == 7
    assert published.any_suppressed
    assert audit_published(data, published, K) == []


def test_a_share_is_hidden_when_the_difference_of_numerator_and_denominator_is_below_k():
    data = measured(
        Unit.SHARE,
        Tally("", "All", count=60, eligible=80),
        age_bands(18, 42, eligible=(20, 60)),
    )

    published = publish(data, k=K)

    assert [f.suppressed for f in published.breakdowns[0].figures] == [True, True]
    assert published.breakdowns[0].figures[0].reason == PRIMARY
    assert audit_published(data, published, K) == []


def test_a_small_no_data_count_is_hidden_but_not_the_figure_beside_it():
    data = measured(Unit.COUNT, Tally("", "All", count=40, no_data=3), age_bands(20, 20))

    published = publish(data, k=K)

    assert (published.total.count, published.total.no_data, published.total.suppressed) == (40, None, False)


def test_a_small_no_data_count_in_a_breakdown_is_not_left_to_be_recovered_from_the_total():
    bands = age_bands(20, 20)
    bands = Breakdown(bands.dimension, tuple(replace(t, no_data=n) for t, n in zip(bands.tallies, (2, 5), strict=True)))
    data = measured(Unit.COUNT, Tally("", "All", count=40, no_data=7), bands)

    published = publish(data, k=K)

    assert [f.no_data for f in published.breakdowns[0].figures] == [None, None]
    assert published.total.no_data == 7
    assert audit_published(data, published, K) == []


def test_each_point_of_the_trend_is_screened_on_its_own_and_the_last_is_the_total():
    total = Tally("", "All", count=3)
    periods = QUARTER.last(3)
    trend = ((periods[0], Tally("", "All", count=12)), (periods[1], Tally("", "All", count=2)), (periods[2], total))
    data = measured(Unit.COUNT, total, age_bands(3, 0), trend=trend)

    published = publish(data, k=K)

    assert [f.count for _p, f in published.trend] == [12, None, None]
    assert published.trend[-1][1] == published.total
    assert audit_published(data, published, K) == []


def test_exact_mode_for_the_coordinator_shows_every_number():
    data = measured(
        Unit.SHARE,
        Tally("", "All", count=4, eligible=6, no_data=1),
        age_bands(1, 3, eligible=(2, 4)),
    )

    published = publish(data, k=K, exact=True)

    assert published.k == 0
    assert not published.any_suppressed
    assert [(f.count, f.eligible) for f in published.breakdowns[0].figures] == [(1, 2), (3, 4)]
    assert (published.total.value, published.total.no_data) == (4 / 6, 1)


def test_aggregate_readers_of_the_same_numbers_see_them_hidden():
    data = measured(
        Unit.SHARE,
        Tally("", "All", count=4, eligible=6, no_data=1),
        age_bands(1, 3, eligible=(2, 4)),
    )

    published = publish(data, k=K)

    assert published.k == K
    assert published.total.suppressed
    assert all(f.suppressed for f in published.breakdowns[0].figures)
    assert audit_published(data, published, K) == []
