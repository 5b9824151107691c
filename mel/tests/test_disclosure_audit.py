"""Property tests: over thousands of random tables, the LP audit finds no hidden cell it can narrow below k.

Counts are drawn mostly small (0-12, where suppression happens), sometimes large. Examples are
derandomised so that CI sees the same tables every run.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mel.disclosure import Entry, Family, Grid, ProtectedFamily, ProtectedGrid, protect, publish
from mel.periods import Period
from mel.results import Breakdown, Dimension, Measured, Tally, Unit
from mel.tests.lp_audit import audit_family, audit_published
from mel.tests.test_disclosure import indicator


def examples(n: int) -> settings:
    return settings(
        max_examples=n, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
    )


small = st.integers(0, 12)
count = st.one_of(small, small, small, st.integers(13, 150))
threshold = st.sampled_from([5, 5, 5, 3, 10])


def parts_of(total: int, rows: int) -> st.SearchStrategy[tuple[int, ...]]:
    """``rows`` counts, zero or more, that add up to ``total``."""
    cuts = st.lists(st.integers(0, total), min_size=rows - 1, max_size=rows - 1).map(sorted)
    return cuts.map(lambda cuts: tuple(b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)))


@st.composite
def grids_like(draw, first: tuple[tuple[int, ...], ...], extra: int) -> list[Grid]:
    """The first grid, then ``extra`` other partitions of the same population with the same column totals."""
    grids = [Grid(first)]
    columns = len(first[0])
    totals = [sum(row[c] for row in first) for c in range(columns)]
    for _ in range(extra):
        rows = draw(st.integers(1, 6))
        per_column = [draw(parts_of(total, rows)) for total in totals]
        grids.append(Grid(tuple(zip(*per_column, strict=True))))
    return grids


def family_from(grids: list[Grid], *, whole_rows: bool = False, loose: tuple = ()) -> Family:
    columns = len(grids[0].cells[0])
    totals = tuple(sum(row[c] for row in grids[0].cells) for c in range(columns))
    loose_grids = tuple(Grid(cells, additive=False) for cells in loose)
    return Family((*grids, *loose_grids), totals, whole_rows=whole_rows)


def assert_protected(family: Family, k: int) -> None:
    shown = protect(family, k=k)
    entries = [
        *shown.column_totals,
        shown.grand_total,
        *(e for grid in shown.grids for row in grid.cells for e in row),
        *(e for grid in shown.grids for e in grid.row_totals),
    ]
    assert not [e.value for e in entries if e.value is not None and 0 < e.value < k]
    assert audit_family(family, shown, k) == []


@examples(550)
@given(rows=st.lists(count, min_size=1, max_size=9), k=threshold)
def test_a_one_way_table_with_its_total_hides_nothing_that_can_be_narrowed(rows, k):
    assert_protected(family_from([Grid(tuple((v,) for v in rows))]), k)


@examples(300)
@given(
    cells=st.integers(2, 4).flatmap(
        lambda columns: st.lists(st.lists(count, min_size=columns, max_size=columns), min_size=1, max_size=6)
    ),
    k=threshold,
)
def test_a_two_way_table_with_both_margins_hides_nothing_that_can_be_narrowed(cells, k):
    assert_protected(family_from([Grid(tuple(map(tuple, cells)))]), k)


@examples(350)
@given(
    grids=st.lists(count, min_size=1, max_size=7).flatmap(
        lambda rows: grids_like(tuple((v,) for v in rows), extra=3).flatmap(
            lambda grids: st.integers(2, 4).map(lambda n: grids[:n])
        )
    ),
    loose=st.lists(st.lists(count, min_size=1, max_size=4), max_size=1),
    k=threshold,
)
def test_two_to_four_breakdowns_sharing_one_total_hide_nothing_that_can_be_narrowed(grids, loose, k):
    loose = tuple(tuple((v,) for v in rows) for rows in loose)
    assert_protected(family_from(grids, loose=loose), k)


@examples(300)
@given(
    grids=st.lists(st.tuples(count, count), min_size=1, max_size=6).flatmap(
        lambda rows: st.integers(0, 2).flatmap(lambda extra: grids_like(tuple(rows), extra=extra))
    ),
    loose=st.lists(st.lists(st.tuples(count, count), min_size=1, max_size=3), max_size=1),
    k=threshold,
)
def test_shares_shown_whole_across_breakdowns_hide_nothing_that_can_be_narrowed(grids, loose, k):
    assert_protected(family_from(grids, whole_rows=True, loose=tuple(tuple(rows) for rows in loose)), k)


@examples(170)
@given(
    grids=st.integers(2, 3)
    .flatmap(lambda columns: st.lists(st.lists(count, min_size=columns, max_size=columns), min_size=1, max_size=4))
    .flatmap(lambda rows: grids_like(tuple(map(tuple, rows)), extra=1)),
    k=threshold,
)
def test_two_way_breakdowns_sharing_their_margins_hide_nothing_that_can_be_narrowed(grids, k):
    assert_protected(family_from(grids), k)


# --- publish, as the dashboards call it ---------------------------------------------------------


@st.composite
def measured(draw) -> Measured:
    unit = draw(st.sampled_from([Unit.COUNT, Unit.SHARE, Unit.MEAN, Unit.MEDIAN_DAYS]))
    columns = 2 if unit == Unit.SHARE else 1
    rows = draw(st.lists(st.tuples(*[count] * columns), min_size=1, max_size=6))
    grids = draw(grids_like(tuple(rows), extra=draw(st.integers(0, 3))))
    dimensions = list(Dimension)
    # Mostly, the no-data counts of each breakdown add up to the total's, as they do for people.
    missing = draw(small)
    adding = draw(st.booleans().map(lambda b: b or draw(st.booleans())))
    no_data_of = [list(draw(parts_of(missing, len(grid.cells)))) for grid in grids]

    def tally(key: str, cells: tuple[int, ...], no_data: int | None = None) -> Tally:
        no_data = draw(small) if no_data is None or not adding else no_data
        if unit == Unit.SHARE:
            return Tally(key, key, count=cells[0], eligible=cells[0] + cells[1], no_data=no_data)
        value = draw(st.floats(0, 20)) if cells[0] else None
        return Tally(key, key, count=cells[0], value=value, no_data=no_data)

    breakdowns = tuple(
        Breakdown(dimensions[g], tuple(tally(f"c{r}", cells, no_data_of[g][r]) for r, cells in enumerate(grid.cells)))
        for g, grid in enumerate(grids)
    )
    if draw(st.booleans()):
        loose = draw(st.lists(st.tuples(*[count] * columns), min_size=1, max_size=3))
        cells = tuple(tally(f"d{r}", row) for r, row in enumerate(loose))
        breakdowns += (Breakdown(Dimension.DOMAIN, cells, additive=False),)
    totals = tuple(sum(row[c] for row in rows) for c in range(columns))
    period = Period.containing(datetime.date(2027, 5, 1))
    total = tally("", totals, missing)
    trend = tuple((p, tally("", draw(st.tuples(*[count] * columns)))) for p in period.last(4)[:-1])
    return Measured(indicator(unit), period, total, breakdowns, (*trend, (period, total)))


@examples(200)
@given(measured=measured(), k=threshold)
def test_every_published_indicator_passes_the_audit(measured, k):
    assert audit_published(measured, publish(measured, k=k), k) == []


@examples(30)
@given(measured=measured())
def test_exact_numbers_for_the_coordinator_hide_nothing(measured):
    published = publish(measured, k=5, exact=True)
    assert published.k == 0
    assert not published.any_suppressed
    assert audit_published(measured, published, 0) == []


# --- the audit does find what primary suppression alone leaves open ------------------------------


def test_the_audit_reports_a_cell_recovered_from_the_total_when_only_primary_suppression_was_applied():
    family = Family((Grid(((2,), (30,), (40,))),), (72,))
    primary_only = (Entry(None, "primary"), Entry(30), Entry(40))
    shown = ProtectedFamily((ProtectedGrid(tuple((e,) for e in primary_only), primary_only),), (Entry(72),), Entry(72))

    assert audit_family(family, shown, 5) == ["grid 0 cell (0, 0) (2) is pinned to [2, 2], narrower than 5"]


def test_the_audit_reports_two_hidden_cells_that_add_up_to_less_than_k():
    family = Family((Grid(((1,), (2,), (40,))),), (43,))
    entries = (Entry(None, "primary"), Entry(None, "primary"), Entry(40))
    shown = ProtectedFamily((ProtectedGrid(tuple((e,) for e in entries), entries),), (Entry(43),), Entry(43))

    assert len(audit_family(family, shown, 5)) == 2


@examples(300)
@given(measured=measured(), k=threshold)
def test_a_total_is_hidden_on_its_own_page_exactly_when_it_is_hidden_alone_as_a_point_of_a_trend(measured, k):
    # Another period's page shows this period's total in its trend, screened alone: were the total
    # hidden here only to protect a breakdown, that trend would give it away.
    with_breakdowns = publish(measured, k=k).total
    alone = publish(replace(measured, breakdowns=()), k=k).total
    assert (with_breakdowns.suppressed, with_breakdowns.count) == (alone.suppressed, alone.count)
