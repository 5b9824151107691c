"""A report's frozen content as the reader reads it, in the active language.

The content holds keys and numbers (``mel.reports.content``); here the indicators and categories
get their names again, and the dashboard's own helpers (``mel.views``: value texts, tables,
charts) draw them, so a report shows a number exactly as the dashboard does.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from directory.models import Jurisdiction
from mel import charts, indicators, views
from mel.indicators.dimensions import categories
from mel.periods import Period
from mel.results import (
    Dimension,
    Direction,
    Figure,
    Indicator,
    PeriodRule,
    Published,
    PublishedBreakdown,
    Unit,
)
from mel.scope import organisations_in

NO_LINKS = False  # a report's numbers never open a list of people


@dataclass
class IndicatorView:
    indicator: Indicator
    published: Published
    group: str
    total: tuple[views.Cell, ...]
    value: str
    spark: SafeString
    trend: views.Table
    breakdowns: list[views.Table]


@dataclass
class Caseload:
    case_workers: int
    participants: str
    median: str
    largest: str
    bands: list[tuple[str, int]]
    chart: SafeString


@dataclass
class ReportView:
    city: str
    period: Period
    k: int
    groups: list[tuple[str, list[IndicatorView]]]
    blocked: views.Table | None
    urgent: views.Table | None
    caseload: Caseload
    what_worked: str
    needed_from_government: str
    legend: bool
    blocked_indicator: Indicator | None = None
    urgent_indicator: Indicator | None = None


def _unknown(code: str, unit: str) -> Indicator:
    """An indicator retired from the catalogue since the report was issued: its code names it."""
    return Indicator(code, code, "", "", "", Unit(unit), PeriodRule.STATE_AT_END, "", Direction.NEUTRAL, "", "")


class Labels:
    """Category names in the active language, one look-up per dimension for the whole report."""

    def __init__(self, content: dict, period: Period, city_slug: str) -> None:
        keys: dict[str, set[str]] = {}
        for data in content["indicators"]:
            for breakdown in data["breakdowns"]:
                keys.setdefault(breakdown["dimension"], set()).update(f["key"] for f in breakdown["figures"])
        city = Jurisdiction.objects.filter(slug=city_slug).first()
        owners = organisations_in(city) if city is not None else ()
        self.names = {
            dimension: dict(categories(Dimension(dimension), period, owners=owners, present=present))
            for dimension, present in keys.items()
        }

    def __call__(self, dimension: str, key: str) -> str:
        return self.names.get(dimension, {}).get(key, key)


def figure(data: dict, label: str) -> Figure:
    return Figure(
        key=data["key"],
        label=label,
        value=data["value"],
        count=data["count"],
        eligible=data["eligible"],
        no_data=data["no_data"],
        suppressed=data["suppressed"],
        reason=data["reason"],
    )


def published(data: dict, period: Period, k: int, labels: Labels) -> Published:
    indicator = indicators.CATALOGUE.get(data["code"]) or _unknown(data["code"], data["unit"])
    breakdowns = tuple(
        PublishedBreakdown(
            Dimension(b["dimension"]),
            tuple(figure(f, labels(b["dimension"], f["key"])) for f in b["figures"]),
            b["additive"],
        )
        for b in data["breakdowns"]
    )
    trend = tuple((Period.parse(code), figure(f, code)) for code, f in data["trend"])
    return Published(indicator, period, figure(data["total"], ""), breakdowns, trend, k)


def indicator_view(p: Published, period: Period) -> IndicatorView:
    links = views.Links(p.indicator, NO_LINKS)
    unit, k = p.indicator.unit, p.k
    trend = [views.chart_value(f, unit) for _period, f in p.trend]
    spark = charts.sparkline(
        trend,
        chart_id=f"spark-{p.indicator.code}",
        title=_("Trend of %(name)s") % {"name": p.indicator.name},
        description="; ".join(f"{q.code}: {views.value_text(f, unit, k)}" for q, f in p.trend),
    )
    return IndicatorView(
        indicator=p.indicator,
        published=p,
        group=str(views.GROUPS.get(p.indicator.group, p.indicator.group)),
        total=views.cells(p.total, unit, k, links, period),
        value=views.value_text(p.total, unit, k),
        spark=spark,
        trend=views.trend_table(p, links),
        breakdowns=views.breakdown_tables(p, period, links),
    )


def _section_table(p: Published | None, dimension: Dimension, heading: str, period: Period) -> views.Table | None:
    """One breakdown of an unmet-needs indicator, as a table with its chart."""
    if p is None:
        return None
    links = views.Links(p.indicator, NO_LINKS)
    breakdown = next((b for b in p.breakdowns if b.dimension == dimension), None)
    if breakdown is None:
        return None
    rows = [(f.label, f, period) for f in breakdown.figures]
    table = views.table(heading, str(dimension), rows, p, links, breakdown.additive)
    table.html_id = f"unmet-{dimension}"
    return table


def caseload(data: dict, k: int) -> Caseload:
    hidden = _("fewer than %(k)s") % {"k": k}

    def shown(value) -> str:
        return hidden if value is None else number_format(value)

    labels = {
        key: (_("%(low)s or more") % {"low": key[:-1]} if key.endswith("+") else key.replace("-", "\u2013"))
        for key in (band["key"] for band in data["bands"])
    }
    bands = [(labels[band["key"]], band["workers"]) for band in data["bands"]]
    chart = charts.bar_chart(
        [charts.Bar(label, float(n), number_format(n)) for label, n in bands],
        chart_id="chart-caseload",
        title=_("Case workers by the number of participants they lead"),
    )
    return Caseload(
        data["case_workers"], shown(data["participants"]), shown(data["median"]), shown(data["largest"]), bands, chart
    )


def read(content: dict) -> ReportView:
    """The whole report, named in the active language."""
    period, k = Period.parse(content["period"]), content["k"]
    labels = Labels(content, period, content["city"]["slug"])
    every = [published(data, period, k, labels) for data in content["indicators"]]
    groups: dict[str, list[IndicatorView]] = {}
    for p in every:
        view = indicator_view(p, period)
        groups.setdefault(view.group, []).append(view)
    by_code = {p.indicator.code: p for p in every}
    unmet = content["unmet_needs"]
    return ReportView(
        city=content["city"]["name"],
        period=period,
        k=k,
        groups=list(groups.items()),
        blocked=_section_table(by_code.get(unmet["blocked"]), Dimension.REASON, _("Blocked actions by reason"), period),
        urgent=_section_table(
            by_code.get(unmet["urgent"]), Dimension.DOMAIN, _("Urgent needs without an action, by domain"), period
        ),
        caseload=caseload(unmet["caseload"], k),
        what_worked=content["narrative"]["what_worked"],
        needed_from_government=content["narrative"]["needed_from_government"],
        legend=views.legend_needed(every),
        blocked_indicator=getattr(by_code.get(unmet["blocked"]), "indicator", None),
        urgent_indicator=getattr(by_code.get(unmet["urgent"]), "indicator", None),
    )
