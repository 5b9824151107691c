"""The before-after panel of a practice page (issue 13 §1).

For each indicator the practice names, the city's values for the quarter before the practice
started and for the latest complete quarter, as any aggregate reader sees them: through
``mel.disclosure.publish`` with k = ``min_cell()`` and never exact, so that a practice page
(read by every member of the city's organisations) shows no count below k.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from mel import disclosure, snapshots
from mel.indicators import CATALOGUE
from mel.periods import Period
from mel.results import Indicator
from mel.scope import min_cell, organisations_in
from mel.views import value_text


@dataclass(frozen=True)
class Row:
    indicator: Indicator
    before: str
    after: str
    before_suppressed: bool
    after_suppressed: bool


@dataclass(frozen=True)
class Panel:
    before: Period
    after: Period
    rows: tuple[Row, ...]


def periods(started_on: datetime.date, today: datetime.date) -> tuple[Period, Period]:
    """The quarter before the start, and the latest quarter that has ended."""
    return Period.containing(started_on).previous(), Period.containing(today).previous()


def panel(practice, *, today: datetime.date | None = None) -> Panel | None:
    """The panel, or None when the practice names no indicator or no start date."""
    codes = [code for code in practice.indicators or () if code in CATALOGUE]
    if not codes or practice.started_on is None:
        return None
    before, after = periods(practice.started_on, today or timezone.localdate())
    owners = organisations_in(practice.city)
    k = min_cell()
    rows = []
    for code in codes:
        indicator = CATALOGUE[code]
        figures = [
            disclosure.publish(
                snapshots.measured(indicator, owners=owners, period=period, today=today), k=k, exact=False
            ).total
            for period in (before, after)
        ]
        rows.append(
            Row(
                indicator,
                value_text(figures[0], indicator.unit, k),
                value_text(figures[1], indicator.unit, k),
                figures[0].suppressed,
                figures[1].suppressed,
            )
        )
    return Panel(before, after, tuple(rows))
