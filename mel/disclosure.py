"""Disclosure control: the one gate between an exact aggregate and an aggregate-only reader.

``publish`` turns a ``Measured`` into a ``Published``. For the coordinator of the owning
organisation (who may open the cases anyway) it passes every number; for everyone else it hides
small numbers and whatever would give them away. ``protect`` is the engine, on abstract tables.

The tables
----------
A *family* is a list of grids that partition one population in different ways ("by sex", "by age
band", "by city" of one indicator, shown on one page). All grids share the same columns, hence the
same column totals and grand total. A count is a grid with one column; a share is a grid with the
columns (yes, no), whose row totals are the denominators. Every cell, row total, column total and
the grand total is a published number, and every *line* is a published sum: a row and its row
total, a column of an additive grid and its column total, the column totals and the grand total.
A non-additive grid (needs domains, where one person counts in several rows) only has its rows'
own lines.

The reader is an attacker who knows every shown number and every line, and that no count is
negative: for a hidden entry they can compute the smallest and largest value it can take (a linear
programme). The entry is protected when that range is at least ``k`` wide. The tests check exactly
this with an LP solver (``mel/tests/lp_audit.py``); here, without one, we only add suppressions
until each hidden entry has a *witness*: a way to move it that keeps every line and every shown
number, so that the attacker cannot tell the moved table from the true one.

Why it protects
---------------
1. Primary suppression: every count ``0 < c < k`` is hidden (zero may be shown); a share whose
   numerator or difference is below k, zero included, is hidden (0 % or 100 % of a group tells
   each member's answer).
2. One-column grids (exact rule). If the total N is shown, the hidden rows S of a grid have a known
   sum s and nothing else, so each ranges over exactly [0, s]: we hide further rows (smallest
   non-zero first) until S is empty or has two or more rows and s >= k. If N is hidden, it is
   enough that every grid hides a row: N and one hidden row of each grid can rise together
   without bound, so every hidden entry has an unbounded range.
3. Two-way grids (hypercube / rectangle method). Extend a grid with its totals as row T and column
   T. For two rows and two columns of the extended grid (either may be T), adding +t, -t, -t, +t
   at the four corners (the sign flips once more for each corner on T) keeps every line. If all
   four corners are hidden, the target can rise by the smallest "-" corner and fall by the smallest
   "+" corner without contradicting anything shown; a rectangle with only "+" corners lets it rise
   without bound. A hidden entry is protected when its best rise plus its best fall is >= k; if not,
   we hide the corners of the cheapest rectangle (smallest sum of newly hidden values) that makes
   it so, and repeat for every newly hidden entry. Hiding more only widens every range, so the
   witnesses found earlier stay valid and the loop ends (at worst with everything hidden).
4. Several additive two-way grids share their margins, so a rectangle through the margins of one
   grid would have to be balanced in all the others. We use rectangles inside a grid only (the
   margins held fixed); when a margin has to be hidden, all margins are hidden ("linked"), and every
   grid gets, for every column c, a hidden cell (r, c) whose row total is hidden too: then any hidden
   cell with a hidden row total rises without bound together with its row total, the column total,
   the grand total and those cells of the other grids. Cells whose row total stays shown still need
   a rectangle.
5. Shares are shown as a whole (value, numerator, denominator): a hidden yes, no or denominator
   hides its whole row (``whole_rows``), and a hidden margin hides the whole total. While the
   totals are shown, hidden rows are tied only by their columns' sums, and the exact rule of
   ``shares`` replaces rectangles: the totals are then never hidden to protect a cell, so a total
   is hidden exactly when it would be hidden alone (as a point of a trend).
6. The "no data yet" counts beside the figures form a one-column family of their own (a breakdown
   takes part where its counts add up to the total's). A hidden figure hides its no-data count
   too, so those are hidden from the start and protected like the rest.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from mel.results import Figure, Measured, Published, PublishedBreakdown, Tally, Unit

PRIMARY = "primary"
COMPLEMENTARY = "complementary"

TOTAL = -1  # the index of the total row / total column of an extended grid

# An entry of a family: (grid, row, column) for a grid's cell or row total (column TOTAL), or
# ("margin", column) for a column total or the grand total (column TOTAL), shared by every grid.
Key = tuple


@dataclass(frozen=True)
class Grid:
    cells: tuple[tuple[int, ...], ...]  # rows by columns; the row totals are their sums
    additive: bool = True  # the rows partition the population: each column sums to its column total


@dataclass(frozen=True)
class Family:
    grids: tuple[Grid, ...]
    column_totals: tuple[int, ...]
    # Hide a row's cells and total together, and all margins together (a share is shown whole).
    whole_rows: bool = False

    def __post_init__(self) -> None:
        if not self.column_totals:
            raise ValueError("A family has at least one column.")
        counts = [*self.column_totals, *(c for g in self.grids for row in g.cells for c in row)]
        if any(not isinstance(c, int) or c < 0 for c in counts):
            raise ValueError("Every count is a whole number, zero or more.")
        for number, grid in enumerate(self.grids):
            if any(len(row) != self.columns for row in grid.cells):
                raise ValueError(f"Grid {number} does not have {self.columns} columns in every row.")
            sums = tuple(sum(column) for column in zip(*grid.cells, strict=True)) or (0,) * self.columns
            if grid.additive and sums != self.column_totals:
                raise ValueError(f"Grid {number} does not add up to the column totals {self.column_totals}.")

    @property
    def columns(self) -> int:
        return len(self.column_totals)

    @property
    def grand_total(self) -> int:
        return sum(self.column_totals)


@dataclass(frozen=True)
class Entry:
    """A published number, or a hidden one (``value`` None, with the reason)."""

    value: int | None
    reason: str = ""  # PRIMARY or COMPLEMENTARY when hidden

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class ProtectedGrid:
    cells: tuple[tuple[Entry, ...], ...]
    row_totals: tuple[Entry, ...]  # for a one-column grid, the cells themselves


@dataclass(frozen=True)
class ProtectedFamily:
    grids: tuple[ProtectedGrid, ...]
    column_totals: tuple[Entry, ...]
    grand_total: Entry  # for one column, the column total itself


def protect(
    family: Family, *, k: int, hide_rows: Iterable[tuple[int, int]] = (), hide_total: bool = False
) -> ProtectedFamily:
    """Hide every count below ``k`` (zero excepted) and enough others that none can be narrowed.

    ``hide_rows`` ((grid, row) pairs) and ``hide_total`` are hidden whatever their size, and
    protected like the rest (the no-data counts of figures that are hidden for other reasons).
    """
    if k < 1:
        raise ValueError("k is at least 1.")
    engine = _Engine(family, k)
    engine.run(hide_rows, hide_total)
    return engine.result()


class _Engine:
    def __init__(self, family: Family, k: int) -> None:
        self.family = family
        self.k = k
        self.columns = family.columns
        self.additive = [g for g, grid in enumerate(family.grids) if grid.additive]
        self.values: dict[Key, int] = {}
        self.hidden: dict[Key, str] = {}
        for g, grid in enumerate(family.grids):
            for r, row in enumerate(grid.cells):
                for c, value in enumerate(row):
                    self.values[(g, r, c)] = value
                self.values[self.key(g, r, TOTAL)] = sum(row)
        for c, value in enumerate(family.column_totals):
            self.values[("margin", c)] = value
        self.values[self.key(None, TOTAL, TOTAL)] = family.grand_total
        # A stable order for ties: the order the entries were laid out in.
        self.order = {key: number for number, key in enumerate(self.values)}

    # --- entries ----------------------------------------------------------------------------

    def key(self, g: int | None, r: int, c: int) -> Key:
        if self.columns == 1 and c == TOTAL:
            c = 0  # in a one-column grid the row total is the cell, the grand total the column total
        return ("margin", c) if r == TOTAL else (g, r, c)

    def row(self, g: int, r: int) -> list[Key]:
        return [self.key(g, r, c) for c in range(self.columns)]

    def margins(self) -> list[Key]:
        """The column totals, then the grand total (which is the column total when there is one column)."""
        columns = [("margin", c) for c in range(self.columns)]
        return columns if self.columns == 1 else [*columns, ("margin", TOTAL)]

    def unit(self, key: Key) -> list[Key]:
        """What is hidden together with ``key``."""
        if not self.family.whole_rows:
            return [key]
        if key[0] == "margin":
            return self.margins()
        g, r, _c = key
        return [*self.row(g, r), self.key(g, r, TOTAL)]

    def hide(self, keys: Iterable[Key], reason: str) -> bool:
        changed = False
        for key in keys:
            for each in self.unit(key):
                if each not in self.hidden:
                    self.hidden[each] = reason
                    changed = True
        return changed

    def cost(self, keys: Iterable[Key]) -> tuple[int, int, int]:
        """Hide the smallest non-zero numbers first: their sum, then how many zeros, then how many."""
        new = {each for key in keys for each in self.unit(key) if each not in self.hidden}
        values = [self.values[key] for key in new]
        return (sum(values), sum(1 for v in values if v == 0), len(values))

    def cheapest(self, keys: Iterable[Key]) -> Key | None:
        shown = [key for key in keys if key not in self.hidden]
        if not shown:
            return None
        return min(shown, key=lambda key: (self.values[key] == 0, self.values[key], self.order[key]))

    # --- the procedure ----------------------------------------------------------------------

    def run(self, hide_rows: Iterable[tuple[int, int]], hide_total: bool) -> None:
        for key, value in self.values.items():
            if 0 < value < self.k:
                self.hide([key], PRIMARY)
        if self.family.whole_rows:
            # A share's numerator or difference of zero is below k too: 0 % or 100 % of a group
            # tells each of its members their answer. A group of no one tells nothing.
            for g, grid in enumerate(self.family.grids):
                for r, row in enumerate(grid.cells):
                    if sum(row) and not min(row):
                        self.hide(self.row(g, r), PRIMARY)
            if self.family.grand_total and not min(self.family.column_totals):
                self.hide(self.margins(), PRIMARY)
        for g, r in hide_rows:
            self.hide([*self.row(g, r), self.key(g, r, TOTAL)], COMPLEMENTARY)
        if hide_total:
            self.hide(self.margins(), COMPLEMENTARY)
        if self.columns == 1:
            self.one_column()
        elif self.family.whole_rows and not any(key in self.hidden for key in self.margins()):
            self.shares()
        else:
            self.two_way()

    def line(self, parts: Sequence[Key], total: Key) -> bool:
        """Protect a single line (a sum of parts = total) on its own; True if anything was hidden."""
        hidden = [key for key in parts if key in self.hidden]
        if total in self.hidden:
            if hidden:
                return False
            return self.hide([self.cheapest(parts) or parts[0]], COMPLEMENTARY)
        changed = False
        while hidden and (len(hidden) < 2 or sum(self.values[key] for key in hidden) < self.k):
            extra = self.cheapest(parts)
            if extra is None:
                return self.hide([total], COMPLEMENTARY) or changed
            changed |= self.hide([extra], COMPLEMENTARY)
            hidden = [key for key in parts if key in self.hidden]
        return changed

    def one_column(self) -> None:
        total = ("margin", 0)
        changed = True
        while changed:
            changed = False
            for g in self.additive:
                rows = [(g, r, 0) for r in range(len(self.family.grids[g].cells))]
                changed |= self.line(rows, total)

    def shares(self) -> None:
        """Shares whose totals are shown (exact rule). Rows are hidden whole, so a hidden row's yes and
        no are tied only to the hidden rows' sums per column: each ranges over [0, that sum]. So a
        grid hides no row, or two or more whose yes and no each add up to k or more. Hiding every row
        always does, since shown totals are k or more; the totals themselves are never hidden here,
        so that they agree with the same total shown alone (a point of another period's trend)."""
        for g in self.additive:
            totals = [self.key(g, r, TOTAL) for r in range(len(self.family.grids[g].cells))]
            while True:
                hidden = [key[1] for key in totals if key in self.hidden]
                sums = [sum(self.values[(g, r, c)] for r in hidden) for c in range(self.columns)]
                if not hidden or (len(hidden) >= 2 and min(sums) >= self.k):
                    break
                extra = self.cheapest(totals)
                if extra is None:
                    break
                self.hide([extra], COMPLEMENTARY)

    def two_way(self) -> None:
        linked = len(self.additive) >= 2 and any(key in self.hidden for key in self.margins())
        while True:
            changed = self.link() if linked else False
            for g, grid in enumerate(self.family.grids):
                if not grid.additive:
                    for r in range(len(grid.cells)):
                        changed |= self.line(self.row(g, r), self.key(g, r, TOTAL))
            if not self.additive:
                changed |= self.line(self.margins()[:-1], self.margins()[-1])
            target = next((key for key in self.targets() if not self.protected(key, linked)), None)
            if target is not None:
                cover = self.cover(target, linked)
                if cover is None:
                    linked = True  # no rectangle inside the grids will do: hide the margins
                    continue
                changed |= self.hide(cover, COMPLEMENTARY)
            if not changed:
                return

    def targets(self) -> list[Key]:
        if not self.additive:
            return []  # the margins' own line is all there is
        mine = [key for key in self.hidden if key[0] == "margin" or key[0] in self.additive]
        return sorted(mine, key=lambda key: (self.values[key], self.order[key]))

    def link(self) -> bool:
        """Hide every margin, and in each grid, for each column, a cell together with its row total."""
        changed = self.hide(self.margins(), COMPLEMENTARY)
        for g in self.additive:
            rows = range(len(self.family.grids[g].cells))
            for c in range(self.columns):
                if any((g, r, c) in self.hidden and (g, r, TOTAL) in self.hidden for r in rows):
                    continue
                pairs = [[(g, r, c), (g, r, TOTAL)] for r in rows]
                pair = min(pairs, key=lambda pair: (self.values[pair[0]] == 0, self.cost(pair)))
                changed |= self.hide(pair, COMPLEMENTARY)
        return changed

    def unbounded(self, key: Key) -> bool:
        """Once linked: can the entry rise without bound along hidden entries only?"""
        if key[0] == "margin":
            return True
        g, r, c = key
        if c == TOTAL:
            return any(each in self.hidden for each in self.row(g, r))
        return (g, r, TOTAL) in self.hidden

    def coordinates(self, key: Key) -> tuple[int, int, int]:
        if key[0] == "margin":
            return self.additive[0], TOTAL, key[1]  # only one additive grid when margins take part
        return key

    def rectangles(self, key: Key, linked: bool) -> Iterator[list[tuple[Key, int]]]:
        """Every rectangle of the extended grid with ``key`` as a "+" corner, as (entry, sign)."""
        g, r1, c1 = self.coordinates(key)
        rows = list(range(len(self.family.grids[g].cells)))
        if len(self.additive) == 1 and not linked:
            rows.append(TOTAL)
        for r2 in rows:
            for c2 in [*range(self.columns), TOTAL]:
                if r2 == r1 or c2 == c1:
                    continue
                corners = ((r1, c1, 1), (r1, c2, -1), (r2, c1, -1), (r2, c2, 1))
                # One more sign flip for each index on a total: totals sit on the other side of a line.
                flip = (-1 if r1 == TOTAL else 1) * (-1 if c1 == TOTAL else 1)
                yield [
                    (self.key(g, r, c), s * flip * (-1 if r == TOTAL else 1) * (-1 if c == TOTAL else 1))
                    for r, c, s in corners
                ]

    def reach(self, rectangle: list[tuple[Key, int]]) -> tuple[float, int]:
        """How far the "+" corners can rise (bounded by the "-" corners) and fall."""
        rise = min((self.values[key] for key, sign in rectangle if sign < 0), default=math.inf)
        fall = min(self.values[key] for key, sign in rectangle if sign > 0)
        return rise, fall

    def best(self, key: Key, linked: bool) -> tuple[float, float]:
        rise = fall = 0.0
        for rectangle in self.rectangles(key, linked):
            if all(each in self.hidden for each, _sign in rectangle):
                up, down = self.reach(rectangle)
                rise, fall = max(rise, up), max(fall, down)
        return rise, fall

    def protected(self, key: Key, linked: bool) -> bool:
        if linked and self.unbounded(key):
            return True
        rise, fall = self.best(key, linked)
        return rise + fall >= self.k

    def cover(self, key: Key, linked: bool) -> list[Key] | None:
        """The cheapest set of entries whose hiding protects ``key``; None if no rectangle will do."""
        rise, fall = self.best(key, linked)
        options: list[tuple[tuple[int, int, int], int, list[Key]]] = []
        for number, rectangle in enumerate(self.rectangles(key, linked)):
            new = [each for each, _sign in rectangle if each not in self.hidden]
            up, down = self.reach(rectangle)
            if new and max(rise, up) + max(fall, down) >= self.k:
                options.append((self.cost(new), number, new))
        if linked and key[0] != "margin":
            g, r, c = key
            # Linked, a hidden row total and a hidden cell of its row rise together without bound.
            other = [(g, r, TOTAL)] if c != TOTAL else [self.cheapest(self.row(g, r))]
            if other[0] is not None:
                options.append((self.cost(other), -1, other))
        return min(options)[2] if options else None

    # --- the result -------------------------------------------------------------------------

    def entry(self, key: Key) -> Entry:
        if key in self.hidden:
            return Entry(None, self.hidden[key])
        return Entry(self.values[key])

    def result(self) -> ProtectedFamily:
        grids = []
        for g, grid in enumerate(self.family.grids):
            rows = range(len(grid.cells))
            cells = tuple(tuple(self.entry(key) for key in self.row(g, r)) for r in rows)
            grids.append(ProtectedGrid(cells, tuple(self.entry(self.key(g, r, TOTAL)) for r in rows)))
        margins = self.margins()
        return ProtectedFamily(
            tuple(grids),
            tuple(self.entry(key) for key in margins[: self.columns]),
            self.entry(self.key(None, TOTAL, TOTAL)),
        )


# --- publish: Measured → Published -------------------------------------------------------------


def family_of(measured: Measured) -> Family:
    """The family of tables a ``Measured`` is shown as: a count per category, or (yes, no) for a share."""

    def cells(tally: Tally) -> tuple[int, ...]:
        if measured.indicator.unit == Unit.SHARE:
            if not 0 <= tally.count <= tally.eligible:
                raise ValueError(f"{measured.indicator.code}: numerator {tally.count} > denominator {tally.eligible}.")
            return (tally.count, tally.eligible - tally.count)
        return (tally.count,)

    grids = tuple(Grid(tuple(cells(t) for t in b.tallies), b.additive) for b in measured.breakdowns)
    try:
        return Family(grids, cells(measured.total), whole_rows=measured.indicator.unit == Unit.SHARE)
    except ValueError as error:
        raise ValueError(
            f"{measured.indicator.code}: an additive breakdown does not add up to the total ({error}). "
            "Add the missing category, or mark the breakdown additive=False."
        ) from error


def publish(measured: Measured, *, k: int, exact: bool = False) -> Published:
    """What a reader may see of ``measured``: everything if ``exact``, else protected with threshold ``k``.

    ``exact`` is for the coordinator of the owning organisation, who may open the cases; every other
    reader (M&E officers, network editors, the hub, the ministry) gets small numbers hidden.
    """
    unit = measured.indicator.unit
    if exact:
        k = 0
        shown = None
    else:
        shown = protect(family_of(measured), k=k)
    entries = _Entries(shown)
    hidden = _NoData(measured, entries, k) if shown else None
    total = _figure(measured.total, entries.total(), unit, k, hidden.total() if hidden else False)
    breakdowns = tuple(
        PublishedBreakdown(
            breakdown.dimension,
            tuple(
                _figure(t, entries.row(g, r), unit, k, hidden.row(g, r) if hidden else False)
                for r, t in enumerate(breakdown.tallies)
            ),
            breakdown.additive,
        )
        for g, breakdown in enumerate(measured.breakdowns)
    )
    trend = tuple(
        (period, total if period == measured.period else _figure(tally, _alone(tally, unit, k), unit, k))
        for period, tally in measured.trend
    )
    return Published(measured.indicator, measured.period, total, breakdowns, trend, k=k)


class _Entries:
    """The reasons an entry of a figure was hidden, or None for all shown (exact mode)."""

    def __init__(self, shown: ProtectedFamily | None) -> None:
        self.shown = shown

    def total(self) -> list[str]:
        if self.shown is None:
            return []
        return [e.reason for e in (*self.shown.column_totals, self.shown.grand_total) if e.suppressed]

    def row(self, g: int, r: int) -> list[str]:
        if self.shown is None:
            return []
        grid = self.shown.grids[g]
        return [e.reason for e in (*grid.cells[r], grid.row_totals[r]) if e.suppressed]


class _NoData:
    """Which no-data counts are hidden: a family of their own, where the breakdowns add up.

    They sit beside the figures, so a small one hidden in a row must not be recoverable from the
    total's; and the no-data count of a hidden figure (hidden with it) is protected the same way.
    """

    def __init__(self, measured: Measured, entries: _Entries, k: int) -> None:
        total = measured.total.no_data
        grids = tuple(
            Grid(
                tuple((t.no_data,) for t in b.tallies),
                additive=b.additive and sum(t.no_data for t in b.tallies) == total,
            )
            for b in measured.breakdowns
        )
        rows = [
            (g, r)
            for g, b in enumerate(measured.breakdowns)
            for r, t in enumerate(b.tallies)
            if t.no_data and entries.row(g, r)
        ]
        hide_total = bool(total and entries.total())
        self.shown = protect(Family(grids, (total,)), k=k, hide_rows=rows, hide_total=hide_total)

    def total(self) -> bool:
        return self.shown.grand_total.suppressed

    def row(self, g: int, r: int) -> bool:
        return self.shown.grids[g].row_totals[r].suppressed


def _alone(tally: Tally, unit: str, k: int) -> list[str]:
    """Primary suppression of a figure shown on its own (a point of the trend)."""
    if unit == Unit.SHARE:
        numbers = [tally.count, tally.eligible - tally.count]
        return [PRIMARY] if tally.eligible and min(numbers) < k else []
    return [PRIMARY] if 0 < tally.count < k else []


def _figure(tally: Tally, hidden: list[str], unit: str, k: int, no_data_hidden: bool | None = None) -> Figure:
    """The figure of one tally; ``no_data_hidden`` None for a figure shown alone (primary rule only)."""
    if hidden:
        reason = PRIMARY if PRIMARY in hidden else COMPLEMENTARY
        return Figure(tally.key, tally.label, None, None, None, None, suppressed=True, reason=reason)
    if no_data_hidden is None:
        no_data_hidden = 0 < tally.no_data < k
    no_data = None if no_data_hidden else tally.no_data
    if unit == Unit.SHARE:
        share = tally.count / tally.eligible if tally.eligible else None
        return Figure(tally.key, tally.label, share, tally.count, tally.eligible, no_data)
    if unit == Unit.COUNT:
        return Figure(tally.key, tally.label, tally.count, tally.count, None, no_data)
    # A mean or median is shown only when it rests on k people or more (a shown count is 0 or >= k).
    value = tally.value if tally.count and tally.count >= k else None
    return Figure(tally.key, tally.label, value, tally.count, None, no_data)
