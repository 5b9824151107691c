"""What an issued report freezes: every published figure of the catalogue for a city and period,
the unmet-needs and resource-gap section, and the narrative, as plain JSON of keys and numbers.

The figures are exactly those the city's M&E officer sees on the dashboard for that period:
``snapshots.measured`` over ``organisations_in(city)``, through ``disclosure.publish`` with
k = ``min_cell()`` and never exact (a report leaves the case team). Labels that depend on the
language (indicator names, category names) are not stored: ``mel.reports.display`` names them
again for the reader, so the content hash does not depend on the language it was issued in.
"""

from __future__ import annotations

import hashlib
import json
import statistics
from collections.abc import Iterable

from django.db.models import Count, Q

from casework.models import TeamMember
from directory.models import Jurisdiction
from mel import disclosure, indicators, snapshots
from mel.indicators.population import active_at_end, before_end
from mel.periods import Period
from mel.results import Figure, Published
from mel.scope import min_cell, organisations_in

FORMAT = 1
# The unmet-needs section reads these indicators' figures (the same numbers as in the catalogue).
BLOCKED = "HC-UN-01"
URGENT = "HC-UN-02"
# Caseload bands: (key, lowest, highest or None). Keys are numbers only, the same in every language.
CASELOAD_BANDS = (
    ("1-5", 1, 5),
    ("6-10", 6, 10),
    ("11-15", 11, 15),
    ("16-20", 16, 20),
    ("21-25", 21, 25),
    ("26+", 26, None),
)


def figure_data(figure: Figure) -> dict:
    value = None if figure.value is None else round(float(figure.value), 6)
    return {
        "key": figure.key,
        "value": value,
        "count": figure.count,
        "eligible": figure.eligible,
        "no_data": figure.no_data,
        "suppressed": figure.suppressed,
        "reason": figure.reason,
    }


def published_data(published: Published) -> dict:
    return {
        "code": published.indicator.code,
        "unit": str(published.indicator.unit),
        "total": figure_data(published.total),
        "trend": [[period.code, figure_data(figure)] for period, figure in published.trend],
        "breakdowns": [
            {"dimension": str(b.dimension), "additive": b.additive, "figures": [figure_data(f) for f in b.figures]}
            for b in published.breakdowns
        ],
    }


def published_figures(city: Jurisdiction, period: Period) -> list[Published]:
    """Every indicator of the catalogue as an aggregate reader of the city sees it."""
    owners = organisations_in(city)
    return [
        disclosure.publish(snapshots.measured(indicator, owners=owners, period=period), k=min_cell(), exact=False)
        for indicator in indicators.CATALOGUE.values()
    ]


def caseloads(owners: Iterable[int], period: Period) -> list[int]:
    """How many active participants each case worker led on the period's last day (no names)."""
    end = before_end(period)
    places = (
        TeamMember.objects.filter(is_lead=True, participant__owner__in=list(owners), assigned_at__lt=end)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=end))
        .filter(active_at_end(period, "participant__"))
    )
    counts = places.values("membership").annotate(n=Count("participant", distinct=True)).values_list("n", flat=True)
    return sorted(counts)


def caseload_data(loads: list[int], k: int) -> dict:
    """The caseload distribution: workers per band are counts of case workers; the participants
    behind them are hidden below k, and so are the median and the largest caseload when the
    caseload as a whole (or, for the largest, that one caseload) is smaller than k."""
    participants = sum(loads)
    small = participants < k
    largest = max(loads, default=0)
    bands = [
        {"key": key, "workers": sum(1 for n in loads if n >= low and (high is None or n <= high))}
        for key, low, high in CASELOAD_BANDS
    ]
    return {
        "case_workers": len(loads),
        "participants": None if small else participants,
        "median": None if small or not loads else round(float(statistics.median(loads)), 1),
        "largest": None if small or largest < k else largest,
        "bands": bands,
    }


def build(city: Jurisdiction, period: Period, *, what_worked: str, needed_from_government: str) -> dict:
    """The content of a report as issued now (and as its draft preview shows it)."""
    k = min_cell()
    return {
        "format": FORMAT,
        "city": {"slug": city.slug, "name": city.name},
        "period": period.code,
        "k": k,
        "indicators": [published_data(p) for p in published_figures(city, period)],
        "unmet_needs": {
            "blocked": BLOCKED,
            "urgent": URGENT,
            "caseload": caseload_data(caseloads(organisations_in(city), period), k),
        },
        "narrative": {"what_worked": what_worked, "needed_from_government": needed_from_government},
    }


def canonical(content: dict) -> bytes:
    """The one byte string a content has: keys sorted, no spaces, UTF-8."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_hash(content: dict) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()
