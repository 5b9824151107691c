"""The proof that disclosure control holds: an attacker's linear programme, solved by HiGHS (SciPy).

For every hidden entry, the attacker knows every shown number, every published sum (a row and its
row total, an additive grid's column and its column total, the column totals and the grand total,
the same margins in every grid of a family) and that no count is negative. The smallest and
largest values the entry can then take are two linear programmes. A hidden entry is *exposed* when
they are equal (pinned) or less than ``k`` apart.

Written apart from ``mel.disclosure`` (its own variables and constraints, from the true tables and
what was shown), so that a mistake in the engine's idea of the tables is not repeated here.
Test-only: SciPy is a development dependency.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from scipy.optimize import linprog

from mel.disclosure import Family, ProtectedFamily
from mel.results import Figure, Measured, Published, Unit

_TOLERANCE = 1e-6


class _System:
    """Variables (true value, shown value or None, name) and equality rows (coefficients by variable)."""

    def __init__(self) -> None:
        self.true: list[int] = []
        self.shown: list[int | None] = []
        self.names: list[str] = []
        self.equations: list[dict[int, int]] = []

    def variable(self, true: int, shown: int | None, name: str) -> int:
        self.true.append(true)
        self.shown.append(shown)
        self.names.append(name)
        return len(self.true) - 1

    def sums(self, parts: list[int], total: int) -> None:
        equation: dict[int, int] = {}
        for part in parts:
            equation[part] = equation.get(part, 0) + 1
        equation[total] = equation.get(total, 0) - 1
        self.equations.append(equation)

    def equal(self, left: int, right: int) -> None:
        self.sums([left], right)

    def range_of(self, objective: dict[int, int], enough: float = math.inf) -> tuple[float, float]:
        """The smallest and largest value of a sum of variables, given what is shown.

        The smallest is not computed (0 is returned) when the largest reaches ``enough``: the true
        value is feasible, so the range is then at least as wide as needed whatever the smallest.
        """
        size = len(self.true)
        a_eq = [[equation.get(i, 0) for i in range(size)] for equation in self.equations] or None
        b_eq = [0] * len(self.equations) or None
        bounds = [(0, None) if shown is None else (shown, shown) for shown in self.shown]
        cost = [objective.get(i, 0) for i in range(size)]
        found = []
        for sign in (-1, 1):  # the largest first: when it is unbounded, the smallest does not matter
            result = linprog([sign * c for c in cost], A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            if result.status == 3:  # unbounded: it can only be the maximum (every count is >= 0)
                return 0.0, math.inf
            if result.status != 0:
                raise AssertionError(f"The shown numbers contradict each other: {result.message}")
            found.append(sign * result.fun)
            if found[0] >= enough:
                return 0.0, found[0]
        return found[1], found[0]

    def problems(self, k: int, extra: Sequence[tuple[dict[int, int], str]] = (), *, zeros: bool = True) -> list[str]:
        """Hidden entries narrowed below ``k``; with ``zeros`` False, hidden zeros may be pinned."""
        found = []
        for i, shown in enumerate(self.shown):
            if shown is not None and shown != self.true[i]:
                found.append(f"{self.names[i]} shows {shown}, not its true value {self.true[i]}")
        hidden = [
            ({i: 1}, self.names[i]) for i, shown in enumerate(self.shown) if shown is None and (zeros or self.true[i])
        ]
        for objective, name in [*hidden, *extra]:
            true = sum(self.true[i] * c for i, c in objective.items())
            low, high = self.range_of(objective, enough=true + k)
            if not low - _TOLERANCE <= true <= high + _TOLERANCE:
                found.append(f"{name}: the true value {true} is outside [{low}, {high}]")
            elif high - low < k - _TOLERANCE:
                found.append(f"{name} ({true}) is pinned to [{low:g}, {high:g}], narrower than {k}")
        return found


def audit_family(family: Family, shown: ProtectedFamily, k: int) -> list[str]:
    """Every hidden entry of ``shown`` the attacker can narrow to a range below ``k``."""
    system = _System()
    columns = family.columns
    margins = [
        system.variable(total, shown.column_totals[c].value, f"column total {c}")
        for c, total in enumerate(family.column_totals)
    ]
    if columns == 1:
        grand = margins[0]
        if shown.grand_total.value != shown.column_totals[0].value:
            return ["a one-column family shows a grand total other than its column total"]
    else:
        grand = system.variable(family.grand_total, shown.grand_total.value, "grand total")
        system.sums(margins, grand)
    for g, (grid, published) in enumerate(zip(family.grids, shown.grids, strict=True)):
        cells = [
            [system.variable(v, published.cells[r][c].value, f"grid {g} cell ({r}, {c})") for c, v in enumerate(row)]
            for r, row in enumerate(grid.cells)
        ]
        if columns == 1:
            if any(published.row_totals[r] != published.cells[r][0] for r in range(len(cells))):
                return [f"grid {g} shows a row total other than its one cell"]
            totals = [row[0] for row in cells]
        else:
            totals = [
                system.variable(sum(row), published.row_totals[r].value, f"grid {g} row total {r}")
                for r, row in enumerate(grid.cells)
            ]
            for row, total in zip(cells, totals, strict=True):
                system.sums(row, total)
        if grid.additive:
            for c in range(columns):
                system.sums([row[c] for row in cells], margins[c])
            if columns > 1:
                system.sums(totals, grand)
    return system.problems(k)


# --- Measured + Published (what the dashboards show) -------------------------------------------


def audit_published(measured: Measured, published: Published, k: int) -> list[str]:
    """Everything wrong with ``published`` as a protected view of ``measured`` at threshold ``k``.

    Checks that a hidden figure carries no number; that shown numbers are the true ones; that no
    shown count, numerator, denominator, difference or no-data count lies in 1..k-1; that a mean
    rests on k people or more; and, by linear programming over the total and the breakdowns, that
    no hidden figure can be narrowed below ``k``. The trend's points stand alone (primary rules).
    """
    unit = measured.indicator.unit
    share = unit == Unit.SHARE
    problems: list[str] = []
    pairs = [("total", measured.total, published.total)]
    for b, (breakdown, shown) in enumerate(zip(measured.breakdowns, published.breakdowns, strict=True)):
        figures = zip(breakdown.tallies, shown.figures, strict=True)
        pairs += [(f"{breakdown.dimension} {t.key!r}", t, f) for t, f in figures]
        if shown.additive != breakdown.additive:
            problems.append(f"breakdown {b} changed its additivity")
    pairs += [(f"trend {p}", t, f) for (p, t), (_q, f) in zip(measured.trend, published.trend, strict=True)]
    if len(published.trend) != len(measured.trend):
        problems.append("the trend lost points")
    elif published.trend and published.trend[-1][0] == published.period and published.trend[-1][1] != published.total:
        problems.append("the trend's last point differs from the total")
    for name, tally, figure in pairs:
        problems += [f"{name}: {p}" for p in _figure_problems(tally, figure, unit, k)]

    system = _System()
    extra: list[tuple[dict[int, int], str]] = []

    def variables(name: str, tally, figure: Figure) -> list[int]:
        hidden = figure.suppressed
        yes = system.variable(tally.count, None if hidden else tally.count, f"{name} count")
        if not share:
            return [yes]
        no_true = tally.eligible - tally.count
        no = system.variable(no_true, None if hidden else no_true, f"{name} eligible - count")
        if hidden:  # the denominator is hidden too: it must not be narrowed either
            extra.append(({yes: 1, no: 1}, f"{name} eligible"))
        return [yes, no]

    total = variables("total", measured.total, published.total)
    for breakdown, shown in zip(measured.breakdowns, published.breakdowns, strict=True):
        rows = [
            variables(f"{breakdown.dimension} {t.key!r}", t, f)
            for t, f in zip(breakdown.tallies, shown.figures, strict=True)
        ]
        if breakdown.additive:
            for c, margin in enumerate(total):
                system.sums([row[c] for row in rows], margin)
    return problems + system.problems(k, extra) + _no_data_problems(measured, published, k)


def _no_data_problems(measured: Measured, published: Published, k: int) -> list[str]:
    """The no-data counts beside the figures: where a breakdown's add up to the total's, so may the reader.

    A hidden zero may be pinned (zero may be shown); a hidden positive count must not be narrowed.
    """
    system = _System()

    def variable(name: str, tally, figure: Figure) -> int:
        return system.variable(tally.no_data, figure.no_data, f"{name} without data")

    total = variable("total", measured.total, published.total)
    for breakdown, shown in zip(measured.breakdowns, published.breakdowns, strict=True):
        rows = [
            variable(f"{breakdown.dimension} {t.key!r}", t, f)
            for t, f in zip(breakdown.tallies, shown.figures, strict=True)
        ]
        if breakdown.additive and sum(t.no_data for t in breakdown.tallies) == measured.total.no_data:
            system.sums(rows, total)
    return system.problems(k, zeros=False)


def _figure_problems(tally, figure: Figure, unit: str, k: int) -> list[str]:
    if figure.suppressed:
        numbers = (figure.value, figure.count, figure.eligible, figure.no_data)
        return [] if all(n is None for n in numbers) else ["a hidden figure carries a number"]
    found = []
    if figure.count != tally.count or (unit == Unit.SHARE and figure.eligible != tally.eligible):
        found.append("shows a number other than the true one")
    counts = [tally.count]
    if unit == Unit.SHARE:
        counts += [tally.eligible, tally.eligible - tally.count]
    if any(0 < n < k for n in counts):
        found.append(f"shows a count in 1..{k - 1}")
    if figure.no_data is not None and 0 < figure.no_data < k:
        found.append(f"shows {figure.no_data} without data")
    if unit in (Unit.MEAN, Unit.MEDIAN_DAYS) and figure.value is not None and tally.count < k:
        found.append("shows a mean or median resting on fewer than k")
    return found
