# ruff: noqa: RUF001 (en dashes in the labels of rating and waiting bands; written as characters so that makemessages extracts them as they are)
"""Unmet needs and resource gaps of a city for a period (issue 12 §7): the numbers a city takes to
central government when it asks for resources, as aggregates only.

Four sections, every count through disclosure control with k = ``min_cell()``, never exact (the
page and its files are meant to leave the case team):

a. Actions blocked on the period's last day, by reason and by how long they have waited since they
   became blocked (the start of the current blocked stretch, read from the action's history in
   SQL, one query). The same actions as HC-UN-01, each reason's count shown and hidden exactly as
   HC-UN-01 publishes it; each reason's waiting bands are protected on their own line.
b. Referrals declined for lack of capacity in the period, by needs domain and by the kind of the
   receiving organisation; and transfers to the city declined for lack of capacity.
c. Needs domains rated 1-2 with no open action: HC-UN-02 as the dashboard publishes it.
d. Caseload per case worker against ``HOMECOMING_CASELOAD_STANDARD`` (the report's caseload data).

No participant code and no staff name is read here: only categories and counts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.models import Action, NeedsDomain
from coordination.models import Referral, ReferralEvent, Transfer
from directory.models import Jurisdiction, Organisation
from mel import disclosure, indicators, snapshots
from mel.disclosure import COMPLEMENTARY, PRIMARY, Family, Grid
from mel.indicators import rows as indicator_rows
from mel.indicators.population import before_end, day_starts
from mel.periods import Period
from mel.reports.content import BLOCKED, URGENT, caseload_data, caseloads
from mel.results import Dimension, Figure, Published
from mel.scope import min_cell, organisations_in

# How long a blocked action has waited, in whole days: (key, fewest, most or None).
WAITING_BANDS = (
    ("under_30", 0, 29),
    ("30_89", 30, 89),
    ("90_179", 90, 179),
    ("180_plus", 180, None),
)


def waiting_labels() -> dict[str, str]:
    return {
        "under_30": _("Under 30 days"),
        "30_89": _("30–89 days"),
        "90_179": _("90–179 days"),
        "180_plus": _("180 days or more"),
    }


@dataclass(frozen=True)
class Number:
    """A published count, or a hidden one (``value`` None, ``reason`` primary or complementary)."""

    value: int | None
    reason: str = ""

    @property
    def suppressed(self) -> bool:
        return self.value is None

    @classmethod
    def of(cls, entry: disclosure.Entry) -> Number:
        return cls(entry.value, entry.reason)

    @classmethod
    def alone(cls, count: int, k: int) -> Number:
        """A count shown on its own: hidden when below k (zero may be shown)."""
        return cls(None, PRIMARY) if 0 < count < k else cls(count)

    @classmethod
    def from_figure(cls, figure: Figure) -> Number:
        return cls(None, figure.reason or PRIMARY) if figure.suppressed else cls(figure.count or 0)


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    cells: tuple[Number, ...]  # one per column; empty for a one-column table
    total: Number


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    row_heading: str
    columns: tuple[str, ...]  # the column labels beside the total; empty for a one-column table
    lines: tuple[Line, ...]
    total: Line  # the column totals and the grand total
    additive: bool = True


@dataclass(frozen=True)
class Caseload:
    standard: int
    above_standard: int
    data: dict  # ``mel.reports.content.caseload_data``


@dataclass(frozen=True)
class Gaps:
    city: Jurisdiction
    period: Period
    k: int
    waited_until: datetime.date  # the day waiting is counted to: the period's last day, or today
    blocked: Section
    declined_by_domain: Section
    declined_by_kind: Section
    transfers_declined: Number
    urgent: Section
    caseload: Caseload

    @property
    def sections(self) -> tuple[Section, ...]:
        return (self.blocked, self.declined_by_domain, self.declined_by_kind, self.urgent)

    @property
    def any_suppressed(self) -> bool:
        numbers = [self.transfers_declined]
        for section in self.sections:
            for line in (*section.lines, section.total):
                numbers += [*line.cells, line.total]
        return any(n.suppressed for n in numbers)


# --- a. Actions blocked, by reason and waiting time -------------------------------------------


def blocked_since(period: Period) -> Subquery:
    """The start of the current blocked stretch of an action version (a history row) as it stood at
    the end of the period: its earliest blocked history row with no other status after it by then."""
    history = Action.history.model.objects
    end = before_end(period)
    later = Q(history_date__gt=OuterRef("history_date")) | Q(
        history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id")
    )
    unblocked_after = (
        history.filter(id=OuterRef("id"), history_date__lt=end).filter(later).exclude(status=Action.Status.BLOCKED)
    )
    stretch = history.filter(id=OuterRef("id"), status=Action.Status.BLOCKED, history_date__lt=end).filter(
        ~Exists(unblocked_after)
    )
    return Subquery(stretch.order_by("history_date", "history_id").values("history_date")[:1])


def waited_until(period: Period, today: datetime.date | None = None) -> datetime.date:
    return min(period.end, today or timezone.localdate())


def band_condition(low: int, high: int | None, until: datetime.date) -> Q:
    """Blocked since a moment that makes ``low`` to ``high`` whole days of waiting by ``until``."""
    condition = Q(_since__lt=day_starts(until - datetime.timedelta(days=low - 1)))
    if high is not None:
        condition &= Q(_since__gte=day_starts(until - datetime.timedelta(days=high)))
    return condition


def blocked_counts(owners, period: Period, until: datetime.date) -> dict[str, list[int]]:
    """Reason -> actions per waiting band, from one query (the same actions as HC-UN-01)."""
    rows = indicator_rows.blocked_actions(period)
    versions = rows.queryset.filter(**{f"{rows.org}__in": list(owners)}).annotate(_since=blocked_since(period))
    bands = {key: Count("history_id", filter=band_condition(low, high, until)) for key, low, high in WAITING_BANDS}
    found = {
        row["blocked_reason"]: [row[key] for key, *_ in WAITING_BANDS]
        for row in versions.order_by().values("blocked_reason").annotate(**bands)
    }
    return {reason: found.get(reason, [0] * len(WAITING_BANDS)) for reason in Action.BlockedReason.values}


def _shown_as(figure: Figure | None, count: int) -> Number:
    """Our own count, hidden exactly when the dashboard hides it (the same number, the same way)."""
    if figure is None or figure.suppressed:
        return Number(None, figure.reason if figure is not None and figure.reason else PRIMARY)
    return Number(count)


def protect_bands(bands: list[int], total: Number, k: int) -> tuple[Number, ...]:
    """One reason's actions by waiting band, protected on their own line (bands sum to the reason's
    count). Nothing else is published by band, so the line is all an attacker has: with the count
    shown, the hidden bands are two or more adding up to k or more; with it hidden (as on the
    dashboard), at least one band is hidden too, so that the bands do not give the count away."""
    shown = disclosure.protect(
        Family((Grid(tuple((n,) for n in bands)),), (sum(bands),)), k=k, hide_total=total.suppressed
    )
    return tuple(Number.of(entry) for entry in shown.grids[0].row_totals)


def blocked_section(owners, period: Period, until: datetime.date, k: int, published: Published) -> Section:
    """Each reason's count as HC-UN-01 publishes it (so the dashboard, the report and this page agree
    and cannot be played against each other), split by waiting band. No total per band is shown:
    it would tie the reasons' hidden bands together across rows."""
    counts = blocked_counts(owners, period, until)
    by_reason = next((b for b in published.breakdowns if b.dimension == Dimension.REASON), None)
    figures = {f.key: f for f in by_reason.figures} if by_reason is not None else {}
    labels = dict(Action.BlockedReason.choices)
    lines = []
    for key, bands in counts.items():
        total = _shown_as(figures.get(key), sum(bands))
        lines.append(Line(key, str(labels[key]), protect_bands(bands, total, k), total))
    everything = _shown_as(published.total, sum(sum(bands) for bands in counts.values()))
    waiting = waiting_labels()
    return Section(
        "blocked",
        _("Actions blocked, by reason and time waited"),
        _("Reason"),
        tuple(waiting[key] for key, *_rest in WAITING_BANDS),
        tuple(lines),
        Line("total", _("All reasons"), (), everything),
    )


# --- b. Declined for lack of capacity ---------------------------------------------------------


def declined_referrals(owners, period: Period):
    """Referrals of the city's participants declined for lack of capacity within the period."""
    declined = ReferralEvent.objects.filter(
        referral=OuterRef("pk"),
        status=Referral.Status.DECLINED,
        reason=Referral.DeclineReason.NO_CAPACITY,
        at__gte=day_starts(period.start),
        at__lt=before_end(period),
    )
    return Referral.objects.filter(Exists(declined), participant__owner__in=list(owners))


def _one_column(key: str, heading: str, row_heading: str, rows: list[tuple[str, str]], shown, g: int) -> Section:
    grid = shown.grids[g]
    lines = tuple(Line(k, label, (), Number.of(grid.row_totals[r])) for r, (k, label) in enumerate(rows))
    return Section(key, heading, row_heading, (), lines, Line("total", _("All"), (), Number.of(shown.grand_total)))


def declined_sections(owners, period: Period, k: int) -> tuple[Section, Section]:
    """By needs domain and by kind of receiving organisation: one family, the same total."""
    referrals = declined_referrals(owners, period).order_by()
    by_domain = dict(referrals.values_list("domain__code").annotate(n=Count("pk")))
    by_kind = dict(referrals.values_list("to_organisation__kind").annotate(n=Count("pk")))
    domains = [(d.code, d.name) for d in NeedsDomain.objects.all()]
    kinds = [(str(value), str(label)) for value, label in Organisation.Kind.choices]
    family = Family(
        (
            Grid(tuple((by_domain.get(code, 0),) for code, _label in domains)),
            Grid(tuple((by_kind.get(kind, 0),) for kind, _label in kinds)),
        ),
        (sum(by_domain.values()),),
    )
    shown = disclosure.protect(family, k=k)
    heading = _("Referrals declined for lack of capacity")
    return (
        _one_column("declined_domain", heading, _("Needs domain"), domains, shown, 0),
        _one_column("declined_kind", heading, _("Kind of receiving organisation"), kinds, shown, 1),
    )


def transfers_declined(owners, period: Period) -> int:
    """Transfers to the city's organisations declined for lack of capacity within the period."""
    return Transfer.objects.filter(
        to_organisation__in=list(owners),
        status=Transfer.Status.DECLINED,
        decline_reason=Transfer.DeclineReason.NO_CAPACITY,
        decided_at__gte=day_starts(period.start),
        decided_at__lt=before_end(period),
    ).count()


# --- c. Urgent needs with no open action ------------------------------------------------------


def urgent_section(published: Published) -> Section:
    breakdown = next(b for b in published.breakdowns if b.dimension == Dimension.DOMAIN)
    lines = tuple(Line(f.key, f.label, (), Number.from_figure(f)) for f in breakdown.figures)
    return Section(
        "urgent",
        _("Needs rated 1–2 with no open action, by domain"),
        _("Needs domain"),
        (),
        lines,
        Line("total", _("All domains"), (), Number.from_figure(published.total)),
        breakdown.additive,
    )


# --- the whole page ---------------------------------------------------------------------------


def published(code: str, owners, period: Period, k: int) -> Published:
    indicator = indicators.CATALOGUE[code]
    return disclosure.publish(snapshots.measured(indicator, owners=owners, period=period), k=k, exact=False)


def caseload(owners, period: Period, k: int) -> Caseload:
    loads = caseloads(owners, period)
    standard = int(settings.HOMECOMING_CASELOAD_STANDARD)
    return Caseload(standard, sum(1 for n in loads if n > standard), caseload_data(loads, k))


def gaps(city: Jurisdiction, period: Period, today: datetime.date | None = None) -> Gaps:
    """The city's unmet needs and resource gaps for the period, as an aggregate reader sees them."""
    k = min_cell()
    owners = organisations_in(city)
    until = waited_until(period, today)
    by_domain, by_kind = declined_sections(owners, period, k)
    return Gaps(
        city=city,
        period=period,
        k=k,
        waited_until=until,
        blocked=blocked_section(owners, period, until, k, published(BLOCKED, owners, period, k)),
        declined_by_domain=by_domain,
        declined_by_kind=by_kind,
        transfers_declined=Number.alone(transfers_declined(owners, period), k),
        urgent=urgent_section(published(URGENT, owners, period, k)),
        caseload=caseload(owners, period, k),
    )


__all__ = ["COMPLEMENTARY", "PRIMARY", "WAITING_BANDS", "Gaps", "Line", "Number", "Section", "gaps"]
