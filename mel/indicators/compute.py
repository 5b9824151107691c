"""``measure`` and ``members``: an indicator's figures and the people behind them, in aggregate SQL.

Queries per ``measure`` call do not depend on how many participants there are: one for the total and
the trend together (one SELECT per period joined by UNION ALL), one per breakdown, one for the
categories of the city and needs-domain breakdowns, and for a median one more per query (a histogram of
the values, GROUP BY value, from which the median is read).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Avg, Count, IntegerField, QuerySet, Sum, Value

from mel.indicators.catalogue import SPECS
from mel.indicators.dimensions import categories, key_expression
from mel.indicators.population import active_at_end
from mel.indicators.rows import Rows, Spec
from mel.periods import Period
from mel.results import Breakdown, Dimension, Indicator, Measured, Tally, Unit
from people.models import Participant

INDICATOR_WORK_MEM = "64MB"


def _owners(owners) -> QuerySet | list:
    return owners if isinstance(owners, QuerySet) else list(owners)


def _scoped(rows: Rows, owners) -> QuerySet:
    return rows.queryset.filter(**{f"{rows.org}__in": owners}).order_by()


def _sums(unit: str) -> dict:
    sums = {"n": Sum("_n"), "d": Sum("_d"), "x": Sum("_x"), "c": Count("_v")}
    if unit == Unit.MEAN:
        sums["v"] = Avg("_v")
    return sums


def _days(value) -> float:
    return value.total_seconds() / 86400 if isinstance(value, datetime.timedelta) else float(value)


def median(histogram: dict) -> float | None:
    """The median of the values counted in ``histogram`` (value -> how many)."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered, seen, middle = sorted(histogram.items()), 0, []
    wanted = [(total - 1) // 2, total // 2]  # the middle one, or the two middle ones
    for value, times in ordered:
        for position in wanted:
            if seen <= position < seen + times:
                middle.append(value)
        seen += times
    return sum(middle) / len(middle)


def _tally(indicator: Indicator, key: str, label: str, sums: dict | None, histogram: dict | None) -> Tally:
    sums = sums or {}
    n, d, x, c = (int(sums.get(name) or 0) for name in ("n", "d", "x", "c"))
    if indicator.unit == Unit.COUNT:
        return Tally(key=key, label=label, count=n, no_data=x)
    if indicator.unit == Unit.SHARE:
        return Tally(key=key, label=label, count=n, eligible=d, no_data=x)
    if indicator.unit == Unit.MEAN:
        value = sums.get("v")
        return Tally(key=key, label=label, count=c, value=None if value is None else float(value), no_data=x)
    return Tally(key=key, label=label, count=c, value=median(histogram or {}), no_data=x)


def _grouped(querysets: list[QuerySet], group: str, unit: str) -> tuple[dict, dict]:
    """Sums per value of ``group``, and for a median the histogram of values per group: UNION ALL of the parts."""
    sums = [qs.values(group).annotate(**_sums(unit)) for qs in querysets]
    combined = sums[0].union(*sums[1:], all=True) if len(sums) > 1 else sums[0]
    by_group = {row[group]: row for row in combined}
    histograms: dict = defaultdict(lambda: defaultdict(int))
    if unit == Unit.MEDIAN_DAYS:
        counts = [qs.filter(_v__isnull=False).values(group, "_v").annotate(times=Count("_v")) for qs in querysets]
        combined = counts[0].union(*counts[1:], all=True) if len(counts) > 1 else counts[0]
        for row in combined:
            histograms[row[group]][_days(row["_v"])] += row["times"]
    return by_group, histograms


def _trend(indicator: Indicator, spec: Spec, owners, periods: list[Period]) -> list[Tally]:
    parts = [
        _scoped(spec.rows(period), owners).annotate(_p=Value(index, output_field=IntegerField()))
        for index, period in enumerate(periods)
    ]
    by_period, histograms = _grouped(parts, "_p", indicator.unit)
    return [_tally(indicator, "", "", by_period.get(index), histograms.get(index)) for index in range(len(periods))]


def _rows_for(spec: Spec, dimension: Dimension | None, period: Period) -> Rows:
    return spec.by_dimension[dimension](period) if dimension in spec.by_dimension else spec.rows(period)


def _keyed(spec: Spec, dimension: Dimension, period: Period, owners) -> QuerySet:
    rows = _rows_for(spec, dimension, period)
    key = rows.keys.get(dimension)
    if key is None:
        key = key_expression(dimension, period, person=rows.person, org=rows.org)
    return _scoped(rows, owners).annotate(_k=key)


def _breakdown(indicator: Indicator, spec: Spec, dimension: Dimension, period: Period, owners) -> Breakdown:
    by_key, histograms = _grouped([_keyed(spec, dimension, period, owners)], "_k", indicator.unit)
    tallies = tuple(
        _tally(indicator, key, label, by_key.get(key), histograms.get(key))
        for key, label in categories(dimension, period, owners=owners, present=by_key)
    )
    return Breakdown(dimension=dimension, tallies=tallies, additive=dimension not in spec.by_dimension)


@contextmanager
def _room_to_hash():
    """PostgreSQL's default work_mem (4 MB) is too small for the sets the indicators test rows
    against at national scale: it then re-scans a set for every row instead of hashing it once
    (over five minutes instead of seconds for one indicator at 100k participants,
    scripts/bench_indicators.py). Given more, for these read-only queries only."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL work_mem = '{INDICATOR_WORK_MEM}'")
        yield


def measure(indicator: Indicator, *, owners, period: Period, dimensions=None, trend: int = 8) -> Measured:
    """The indicator for the participants owned by ``owners`` (Organisation ids), for ``period``.

    ``dimensions`` default to the indicator's own; ``trend`` is the number of periods of the same kind
    ending with ``period``, oldest first.
    """
    with _room_to_hash():
        return _measure(indicator, owners=owners, period=period, dimensions=dimensions, trend=trend)


def _measure(indicator: Indicator, *, owners, period: Period, dimensions, trend: int) -> Measured:
    spec, owners = SPECS[indicator.code], _owners(owners)
    periods = period.last(max(trend, 1))
    totals = _trend(indicator, spec, owners, periods)
    chosen = indicator.dimensions if dimensions is None else tuple(dimensions)
    return Measured(
        indicator=indicator,
        period=period,
        total=totals[-1],
        breakdowns=tuple(_breakdown(indicator, spec, Dimension(d), period, owners) for d in chosen),
        trend=tuple(zip(periods, totals, strict=True))[-trend:] if trend > 0 else (),
    )


PARTS = {"count", "eligible", "no_data"}


def members(
    indicator: Indicator, *, owners, period: Period, dimension=None, key=None, part: str = "count"
) -> QuerySet[Participant]:
    """Exactly the participants a number counts, for the coordinator's link to the caseload.

    Screening figures never open a list: for them the answer is always empty.
    """
    if part not in PARTS:
        raise ValueError(f"part must be one of {sorted(PARTS)}")
    if not indicator.opens_lists:
        return Participant.objects.none()
    spec, owners = SPECS[indicator.code], _owners(owners)
    if dimension is not None and key is not None:
        rows = _rows_for(spec, Dimension(dimension), period)
        queryset = _keyed(spec, Dimension(dimension), period, owners).filter(_k=key)
    else:
        rows = spec.rows(period)
        queryset = _scoped(rows, owners)
    if part == "no_data":
        queryset = queryset.filter(_x__gt=0)
    elif part == "eligible" and indicator.unit == Unit.SHARE:
        queryset = queryset.filter(_d__gt=0)
    elif indicator.unit in (Unit.MEAN, Unit.MEDIAN_DAYS):
        queryset = queryset.filter(_v__isnull=False)
    else:
        queryset = queryset.filter(_n__gt=0)
    people = Participant.objects.filter(pk__in=queryset.values(rows.members))
    if rows.person is None:
        # Rows that are households: their members active at the end of the period.
        people = people.filter(active_at_end(period))
    return people
