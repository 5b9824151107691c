"""Measured indicators kept per finished period, so that dashboards need not recompute them.

``measured(indicator, owners=…, period=…)`` is what pages call: a finished period's figures come
from the ``Snapshot`` table when they are there and are computed (then kept) when they are not; a
period that has not ended is always computed, since its state still changes. ``refresh`` recomputes
what is kept, for late entries (a nightly ``manage.py refresh_indicators``).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import replace

from django.db import IntegrityError, transaction
from django.utils import timezone

from mel import indicators
from mel.indicators.dimensions import categories
from mel.models import Snapshot
from mel.periods import Period
from mel.results import Breakdown, Dimension, Indicator, Measured, Tally

TREND = 8


def owners_key(owners: Iterable[int]) -> tuple[str, str]:
    text = ",".join(str(pk) for pk in sorted(set(owners)))
    return text, hashlib.sha256(text.encode()).hexdigest()


def measured(
    indicator: Indicator, *, owners: Iterable[int], period: Period, today: datetime.date | None = None
) -> Measured:
    """The indicator with every breakdown and its trend, from the snapshot where the period is over."""
    owners = list(owners)
    if period.end >= (today or timezone.localdate()):
        return indicators.measure(indicator, owners=owners, period=period, trend=TREND)
    text, digest = owners_key(owners)
    kept = Snapshot.objects.filter(owners_hash=digest, indicator=indicator.code, period=period.code).first()
    if kept is not None:
        return loads(kept.measured, owners=owners)
    fresh = indicators.measure(indicator, owners=owners, period=period, trend=TREND)
    try:
        with transaction.atomic():
            Snapshot.objects.create(
                owners=text, owners_hash=digest, indicator=indicator.code, period=period.code, measured=dumps(fresh)
            )
    except IntegrityError:
        pass  # another request kept the same figures a moment earlier
    return fresh


def refresh(*, owners: Iterable[int], periods: Iterable[Period]) -> int:
    """Recomputes (or computes) every indicator for these owners and finished periods; returns how many."""
    owners = list(owners)
    text, digest = owners_key(owners)
    count = 0
    for period in periods:
        for indicator in indicators.CATALOGUE.values():
            fresh = indicators.measure(indicator, owners=owners, period=period, trend=TREND)
            Snapshot.objects.update_or_create(
                owners_hash=digest,
                indicator=indicator.code,
                period=period.code,
                defaults={"owners": text, "measured": dumps(fresh), "computed_at": timezone.now()},
            )
            count += 1
    return count


# --- JSON: tallies only, numbers as numbers -----------------------------------------------------


def _tally(tally: Tally) -> list:
    return [tally.key, tally.label, tally.count, tally.eligible, tally.value, tally.no_data]


def _untally(row: list) -> Tally:
    key, label, count, eligible, value, no_data = row
    return Tally(key=key, label=label, count=count, eligible=eligible, value=value, no_data=no_data)


def dumps(measured: Measured) -> dict:
    return {
        "indicator": measured.indicator.code,
        "period": measured.period.code,
        "total": _tally(measured.total),
        "breakdowns": [
            {"dimension": b.dimension.value, "additive": b.additive, "tallies": [_tally(t) for t in b.tallies]}
            for b in measured.breakdowns
        ],
        "trend": [[period.code, _tally(tally)] for period, tally in measured.trend],
    }


def loads(data: dict, *, owners: list[int]) -> Measured:
    """The kept figures, their categories named again in the reader's language."""
    period = Period.parse(data["period"])

    def breakdown(kept: dict) -> Breakdown:
        dimension = Dimension(kept["dimension"])
        tallies = [_untally(t) for t in kept["tallies"]]
        names = dict(categories(dimension, period, owners=owners, present=[t.key for t in tallies]))
        named = tuple(replace(t, label=names.get(t.key, t.label)) for t in tallies)
        return Breakdown(dimension, named, kept["additive"])

    return Measured(
        indicator=indicators.CATALOGUE[data["indicator"]],
        period=period,
        total=_untally(data["total"]),
        breakdowns=tuple(breakdown(b) for b in data["breakdowns"]),
        trend=tuple((Period.parse(code), _untally(t)) for code, t in data["trend"]),
    )
