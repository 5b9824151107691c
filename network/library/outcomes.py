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
from network.hub.comparison import cell, latest_report, reported_quarters


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
    if practice.received_from_id:
        member = practice.received_from
        after = max([after_reported(member) or after, before])
        return Panel(before, after, tuple(_reported_row(member, code, before, after) for code in codes))
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


def after_reported(member) -> Period | None:
    """On the hub, "latest" is the newest quarter the city has reported: it reports after a quarter
    ends, so the quarter just ended is often not there yet."""
    quarters = [Period.parse(code) for code in reported_quarters(member)]
    return max(quarters, default=None)


def _reported_row(member, code: str, before: Period, after: Period) -> Row:
    """On the hub: the values as the city reported them for those quarters (its newest report of
    each), suppressed as it sent them; "not reported" where it sent none."""
    cells = [cell(member, latest_report(member, period.code), code) for period in (before, after)]
    hidden = [c.figure is None or c.figure.suppressed for c in cells]
    return Row(CATALOGUE[code], cells[0].text, cells[1].text, hidden[0], hidden[1])
