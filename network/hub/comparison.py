# ruff: noqa: RUF001  (the en dash of an interval is meant)
"""Cities side by side, from what they sent: the latest report of each city for a period.

Shares carry their 95 % Wilson score interval, so that a small city's 80 % of 10 is read as
"somewhere between 49 % and 94 %", not as better than a large city's 75 % of 400. Cities are listed
in alphabetical order and never ranked: the network compares to learn, not to grade.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from mel.periods import Period, PeriodError
from mel.results import Figure, Unit
from mel.views import value_text
from network.hub.models import MemberCity, ReceivedReport


def wilson(count: int, eligible: int, z: float = 1.96) -> tuple[float, float] | None:
    """The Wilson score interval of count/eligible (None without a denominator)."""
    if eligible <= 0:
        return None
    p = count / eligible
    z2 = z * z
    centre = (p + z2 / (2 * eligible)) / (1 + z2 / eligible)
    half = z * math.sqrt(p * (1 - p) / eligible + z2 / (4 * eligible * eligible)) / (1 + z2 / eligible)
    return max(0.0, centre - half), min(1.0, centre + half)


def figure_from(data: dict) -> Figure:
    return Figure(
        key=str(data.get("key", "")),
        label="",
        value=data.get("value"),
        count=data.get("count"),
        eligible=data.get("eligible"),
        no_data=data.get("no_data"),
        suppressed=bool(data.get("suppressed")),
        reason=str(data.get("reason", "")),
    )


@dataclass(frozen=True)
class Cell:
    member: MemberCity
    figure: Figure | None  # None: the city sent no report (or not this indicator) for the period
    unit: str
    k: int
    interval: tuple[float, float] | None = None

    @property
    def text(self) -> str:
        if self.figure is None:
            return _("not reported")
        return value_text(self.figure, self.unit, self.k)

    @property
    def interval_text(self) -> str:
        if self.interval is None:
            return ""
        low, high = (number_format(round(bound * 100), decimal_pos=0) for bound in self.interval)
        return _("95%% interval %(low)s–%(high)s%%") % {"low": low, "high": high}


def latest_reports(period: str) -> dict[int, ReceivedReport]:
    """Each member's newest report for the period (a later sequence corrects an earlier one)."""
    latest: dict[int, ReceivedReport] = {}
    for report in ReceivedReport.objects.filter(period=period).order_by("member_id", "sequence"):
        latest[report.member_id] = report
    return latest


def latest_report(member: MemberCity, period: str) -> ReceivedReport | None:
    return ReceivedReport.objects.filter(member=member, period=period).order_by("-sequence").first()


def reported_quarters(member: MemberCity) -> list[str]:
    codes = member.reports.values_list("period", flat=True).distinct()
    return [code for code in codes if len(code) == 6 and code[4] == "Q"]


def indicator_in(payload: dict, code: str) -> dict | None:
    return next((i for i in payload.get("indicators", []) if i.get("code") == code), None)


def cell(member: MemberCity, report: ReceivedReport | None, code: str) -> Cell:
    found = indicator_in(report.payload, code) if report else None
    if found is None:
        return Cell(member=member, figure=None, unit="", k=0)
    figure = figure_from(found["total"])
    unit = found.get("unit", "")
    interval = None
    if unit == Unit.SHARE and not figure.suppressed and figure.eligible:
        interval = wilson(figure.count or 0, figure.eligible)
    return Cell(member=member, figure=figure, unit=unit, k=int(report.payload.get("k") or 0), interval=interval)


def side_by_side(code: str, period: str) -> list[Cell]:
    """Every active member city, alphabetically, with its figure for the indicator and period."""
    latest = latest_reports(period)
    members = MemberCity.objects.filter(active=True).order_by("name", "pk")
    return [cell(member, latest.get(member.pk), code) for member in members]


def reported_periods() -> list[str]:
    codes = set(ReceivedReport.objects.values_list("period", flat=True).distinct())
    periods = []
    for text in codes:
        try:
            periods.append(Period.parse(text))
        except PeriodError:
            continue
    return [p.code for p in sorted(periods)]


def trends(code: str) -> tuple[list[MemberCity], list[tuple[str, list[Cell]]]]:
    """Per reported period (oldest first), each city's figure; suppressed cells are never summed."""
    members = list(MemberCity.objects.filter(active=True).order_by("name", "pk"))
    rows = []
    for period in reported_periods():
        latest = latest_reports(period)
        rows.append((period, [cell(member, latest.get(member.pk), code) for member in members]))
    return members, rows
