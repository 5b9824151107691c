"""The dashboards: the indicator catalogue as cards, and one page per indicator (issue 20 §4).

Every table here passes through ``mel.disclosure.publish`` before it is shown: suppressed for
M&E officers (k = ``HOMECOMING_MIN_CELL``), exact for a coordinator (their own organisation),
whose numbers open the caseload of the people they count. No page here names a person: the
indicators hand over counts, and the labels are categories (sex, age band, city...).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from accounts.http import AppRequest
from mel import charts, disclosure, indicators, snapshots
from mel.periods import Period, PeriodError
from mel.results import Dimension, Direction, Figure, Indicator, PeriodRule, Published, Unit
from mel.scope import Scope, min_cell, scope_for

DASH = "\u2014"

# The catalogue's groups, in page order; a group the catalogue names otherwise keeps its name.
GROUPS = {
    "coverage": gettext_lazy("Coverage"),
    "continuity": gettext_lazy("Continuity of care"),
    "outcomes": gettext_lazy("Outcomes"),
    "wellbeing": gettext_lazy("Wellbeing"),
    "unmet needs": gettext_lazy("Unmet needs"),
    "unmet_needs": gettext_lazy("Unmet needs"),
    "community": gettext_lazy("The receiving community"),
    "practitioners": gettext_lazy("The practitioners"),
}


def default_period(today: datetime.date | None = None) -> Period:
    """The last complete quarter."""
    return Period.containing(today or timezone.localdate(), "quarter").previous()


# --- The filters ----------------------------------------------------------------------------


class DashboardFilter(forms.Form):
    optional_unmarked = True  # every field of a filter may be empty: saying so would be noise

    period = forms.CharField(
        label=gettext_lazy("Period"),
        required=False,
        max_length=10,
        help_text=gettext_lazy("A quarter (2026Q3), a month (202609) or a year (2026)."),
    )
    jurisdiction = forms.ChoiceField(label=gettext_lazy("City"), required=False)
    by = forms.ChoiceField(label=gettext_lazy("Disaggregation"), required=False)

    def __init__(self, data, *, scope: Scope, indicator: Indicator | None = None) -> None:
        if data and not data.get("period"):
            # Other choices without a period: the default period, shown in its field.
            data = data.copy()
            data["period"] = default_period().code
        super().__init__(data or None, initial={"period": default_period().code})
        everywhere = _("Every city you see") if len(scope.cities) > 1 else _("Your whole view")
        self.fields["jurisdiction"].choices = [("", everywhere), *((c.slug, c.name) for c in scope.cities)]
        if indicator is None:
            del self.fields["by"]
        else:
            choices = [(d.value, Dimension(d).label) for d in indicator.dimensions]
            self.fields["by"].choices = [("", _("Every disaggregation")), *choices]

    def clean_period(self) -> Period:
        text = self.cleaned_data["period"]
        if not text:
            return default_period()
        try:
            period = Period.parse(text)
        except PeriodError as error:
            raise ValidationError(str(error)) from error
        if period.start > timezone.localdate():
            raise ValidationError(_("This period has not begun yet."))
        return period

    def choices(self, scope: Scope) -> tuple[Scope, Period, str]:
        """The scope, period and disaggregation asked for; where one is wrong, its default."""
        if not self.is_bound:
            return scope, default_period(), ""
        self.is_valid()  # cleaned_data then holds the fields that are right
        cleaned = self.cleaned_data
        slug = cleaned.get("jurisdiction") or ""
        return (
            scope.narrowed_to(slug) if slug else scope,
            cleaned.get("period") or default_period(),
            cleaned.get("by") or "",
        )


# --- What a page shows of a published figure ---------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    href: str = ""
    suppressed: str = ""  # "primary" or "complementary": shown as such, with the legend
    spoken: str = ""  # what a screen reader says instead of ``text`` (a dash)


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    suppressed: bool = False


@dataclass
class Table:
    dimension: str  # "" for the trend
    heading: str
    columns: tuple[str, ...]
    rows: list[Row]
    chart: SafeString
    additive: bool = True
    html_id: str = ""


@dataclass
class Card:
    indicator: Indicator
    published: Published
    value: Cell
    cells: tuple[Cell, ...]
    spark: SafeString
    url: str
    direction: str


def suppressed_text(figure: Figure, k: int) -> str:
    if figure.reason == "complementary":
        return _("hidden")
    return _("fewer than %(k)s") % {"k": k}


def value_text(figure: Figure, unit: str, k: int) -> str:
    """The figure as read: a count, a percentage with its denominator, a mean, a median in days."""
    if figure.suppressed:
        return suppressed_text(figure, k)
    if unit == Unit.COUNT:
        return number_format(figure.count or 0)
    if figure.value is None:
        return _("no one to measure")
    if unit == Unit.SHARE:
        percent = number_format(round(figure.value * 100, 1), decimal_pos=0 if figure.value * 100 % 1 == 0 else 1)
        return _("%(percent)s%% (%(count)s of %(eligible)s)") % {
            "percent": percent,
            "count": number_format(figure.count or 0),
            "eligible": number_format(figure.eligible or 0),
        }
    if unit == Unit.MEDIAN_DAYS:
        days = round(figure.value, 1)
        return ngettext("%(days)s day", "%(days)s days", int(days)) % {"days": number_format(days, decimal_pos=1)}
    return number_format(figure.value, decimal_pos=1)


def chart_value(figure: Figure, unit: str) -> float | None:
    if figure.suppressed:
        return None
    if unit == Unit.COUNT:
        return float(figure.count or 0)
    return figure.value


def columns(unit: str) -> tuple[str, ...]:
    if unit == Unit.COUNT:
        return (_("Count"), _("No data yet"))
    if unit == Unit.SHARE:
        return (_("Share"), _("Counted"), _("Eligible"), _("No data yet"))
    return (_("Median") if unit == Unit.MEDIAN_DAYS else _("Mean"), _("People it rests on"), _("No data yet"))


@dataclass(frozen=True)
class Links:
    """Where a coordinator's numbers lead: the caseload of exactly the people counted. Empty
    for aggregate-only readers and for screening figures, which never open a list."""

    indicator: Indicator
    opens: bool

    def href(self, period: Period, part: str, number: int | None, dimension: str = "", key: str = "") -> str:
        if not self.opens or not self.indicator.opens_lists or not number:
            return ""
        query = {"indicator": self.indicator.code, "period": period.code}
        if dimension:
            query |= {"by": dimension, "key": key}
        return reverse("participant_list") + "?" + urlencode(query | {"part": part})


def cells(figure: Figure, unit: str, k: int, links: Links, period: Period, dimension: str = "") -> tuple[Cell, ...]:
    def number(value: int | None, part: str) -> Cell:
        if figure.suppressed:
            return Cell(DASH, spoken=_("hidden"))
        if value is None:  # a small "no data yet" count, hidden on its own
            return Cell(_("fewer than %(k)s") % {"k": k}, suppressed="primary")
        return Cell(number_format(value or 0), links.href(period, part, value, dimension, figure.key))

    value = Cell(value_text(figure, unit, k), suppressed=figure.reason if figure.suppressed else "")
    if not figure.suppressed and unit != Unit.COUNT and figure.value is None:
        value = Cell(DASH, spoken=value.text)  # nobody to measure: a dash in the table, words for screen readers
    if unit == Unit.COUNT:
        if not figure.suppressed:
            value = Cell(value.text, links.href(period, "count", figure.count, dimension, figure.key))
        return (value, number(figure.no_data, "no_data"))
    if unit == Unit.SHARE:
        return (
            value,
            number(figure.count, "count"),
            number(figure.eligible, "eligible"),
            number(figure.no_data, "no_data"),
        )
    return (value, number(figure.count, "count"), number(figure.no_data, "no_data"))


def table(
    heading: str,
    dimension: str,
    figures: Iterable[tuple[str, Figure, Period]],
    published: Published,
    links: Links,
    additive: bool = True,
) -> Table:
    unit, k = published.indicator.unit, published.k
    rows, bars = [], []
    for label, figure, period in figures:
        rows.append(Row(label, cells(figure, unit, k, links, period, dimension), figure.suppressed))
        bars.append(charts.Bar(label, chart_value(figure, unit), value_text(figure, unit, k), figure.suppressed))
    html_id = f"by-{dimension}" if dimension else "trend"
    chart = charts.bar_chart(
        bars,
        chart_id=f"chart-{html_id}",
        title=heading,
        maximum=1 if unit == Unit.SHARE else None,
    )
    return Table(dimension, heading, columns(unit), rows, chart, additive, html_id)


def breakdown_tables(published: Published, period: Period, links: Links) -> list[Table]:
    return [
        table(
            str(Dimension(b.dimension).label),
            b.dimension,
            ((f.label, f, period) for f in b.figures),
            published,
            links,
            b.additive,
        )
        for b in published.breakdowns
    ]


def trend_table(published: Published, links: Links) -> Table:
    trend = [(p.code, f, p) for p, f in published.trend]
    return table(_("Trend over %(n)s periods") % {"n": len(trend)}, "", trend, published, links)


def period_links(request: AppRequest, period: Period) -> dict[str, str]:
    """The query strings of the previous and the next period (none beyond today), other filters kept."""

    def to(other: Period) -> str:
        query = request.GET.copy()
        query["period"] = other.code
        return "?" + query.urlencode()

    following = period.following()
    return {
        "previous": to(period.previous()),
        "following": to(following) if following.start <= timezone.localdate() else "",
    }


def published_for(scope: Scope, indicator: Indicator, period: Period, by: str = "") -> Published:
    """The indicator as this reader may see it, with the breakdown chosen (all when none is).

    Disclosure control always sees every breakdown, on every page: hiding cells of one page's
    tables differently from another's would let the two pages be read together.
    """
    measured = snapshots.measured(indicator, owners=scope.organisation_ids, period=period)
    published = disclosure.publish(measured, k=min_cell(), exact=scope.k(indicator) == 0)
    if by:
        published = replace(published, breakdowns=tuple(b for b in published.breakdowns if b.dimension == by))
    return published


def card(scope: Scope, indicator: Indicator, period: Period) -> Card:
    published = published_for(scope, indicator, period)
    links = Links(indicator, scope.opens_lists)
    unit, k = indicator.unit, published.k
    trend = [chart_value(figure, unit) for _period, figure in published.trend]
    words = "; ".join(f"{p.code}: {value_text(f, unit, k)}" for p, f in published.trend)
    spark = charts.sparkline(
        trend,
        chart_id=f"spark-{indicator.code}",
        title=_("Trend of %(name)s") % {"name": indicator.name},
        description=words,
    )
    url = reverse("indicator", args=[indicator.code]) + "?" + urlencode({"period": period.code})
    value, *rest = cells(published.total, unit, k, links, period)
    return Card(indicator, published, value, tuple(rest), spark, url, Direction(indicator.direction).label)


def grouped(cards: list[Card]) -> list[tuple[str, list[Card]]]:
    groups: dict[str, list[Card]] = {}
    for each in cards:
        groups.setdefault(each.indicator.group, []).append(each)
    return [(str(GROUPS.get(name, name)), members) for name, members in groups.items()]


def legend_needed(published: Iterable[Published]) -> bool:
    """Whether anything on the page is hidden: a figure, or a small "no data yet" count."""

    def hides(p: Published) -> bool:
        figures = [p.total, *(f for b in p.breakdowns for f in b.figures), *(f for _period, f in p.trend)]
        return p.any_suppressed or any(f.no_data is None and not f.suppressed for f in figures)

    return any(hides(p) for p in published)


def facts(indicator: Indicator) -> list[tuple[str, str]]:
    """The indicator's declaration, as a practitioner reads it."""
    shown = [
        (_("Definition"), indicator.definition),
        (_("Numerator"), indicator.numerator),
        (_("Denominator"), indicator.denominator),
        (_("Eligible population"), indicator.eligible),
        (_("Unit"), Unit(indicator.unit).label),
        (_("Reporting period"), PeriodRule(indicator.period_rule).label),
        (_("Direction"), Direction(indicator.direction).label),
        (_("Source"), indicator.source),
    ]
    return [(term, str(text)) for term, text in shown if text]


# --- The pages --------------------------------------------------------------------------------


@login_required
@require_GET
def catalogue(request: AppRequest) -> HttpResponse:
    """Every indicator as a card: value, trend, period, direction, "no data yet"."""
    scope = scope_for(request)
    form = DashboardFilter(request.GET, scope=scope)
    scope, period, _by = form.choices(scope)
    cards = [card(scope, indicator, period) for indicator in indicators.CATALOGUE.values()]
    context = {
        "form": form,
        "scope": scope,
        "period": period,
        "groups": grouped(cards),
        "k": min_cell(),
        "legend": legend_needed(c.published for c in cards),
        **period_links(request, period),
    }
    return render(request, "mel/catalogue.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def indicator_detail(request: AppRequest, indicator_code: str) -> HttpResponse:
    """One indicator: its declaration, its trend, and each disaggregation as a chart and a table."""
    scope = scope_for(request)
    indicator = indicators.CATALOGUE.get(indicator_code)
    if indicator is None:
        raise Http404
    form = DashboardFilter(request.GET, scope=scope, indicator=indicator)
    scope, period, by = form.choices(scope)
    published = published_for(scope, indicator, period, by)
    links = Links(indicator, scope.opens_lists)
    context = {
        "form": form,
        "scope": scope,
        "period": period,
        "indicator": indicator,
        "facts": facts(indicator),
        "published": published,
        "total": cells(published.total, indicator.unit, published.k, links, period),
        "columns": columns(indicator.unit),
        "trend": trend_table(published, links),
        "breakdowns": breakdown_tables(published, period, links),
        "k": published.k or min_cell(),
        "legend": legend_needed([published]),
        **period_links(request, period),
    }
    return render(request, "mel/indicator.html", context, status=400 if form.errors else 200)
