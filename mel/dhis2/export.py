"""The DHIS2 aggregate export: a ``dataValueSets`` document and its sidecar (issue 17 §3).

For each mapped city the figures are those of its organisations (``mel.scope.organisations_in``),
published with small cells suppressed (``disclosure.publish``, k = ``min_cell()``, never exact):
the numbers an M&E officer's dashboard shows. DHIS2 has no notion of a suppressed value, so a
suppressed figure is left out of ``dataValues`` and listed in the sidecar with its reason; what
the mapping does not cover (an indicator, a part, a disaggregation, a category, a city) is named
there too, never silently dropped.

Values are DHIS2 value strings, never localised: counts as integers; shares as their numerator and
denominator (DHIS2 keeps raw counts in data elements and computes percentages as indicators);
means and medians with at most two decimals, beside the people they rest on. The city breakdown
is not sent: the organisation unit says the city.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Jurisdiction
from mel import disclosure, indicators, snapshots
from mel.dhis2.mapping import Mapping
from mel.dhis2.rules import PARTS_BY_UNIT, TOTAL, Part
from mel.periods import Period, PeriodError
from mel.results import Dimension, Figure, Indicator, Unit
from mel.scope import min_cell, organisations_in

NO_VALUE = "no_value"  # a mean or median nobody has a value for: not a suppression, nothing to send
SKIPPED = {Dimension.JURISDICTION}  # the organisation unit already says the city


def finished_period(text: str, today: datetime.date | None = None) -> Period:
    """The period asked for, which must be over: DHIS2 receives a period's figures once it has ended."""
    period = Period.parse(text)
    if period.end >= (today or timezone.localdate()):
        raise PeriodError(_("%(period)s has not ended yet: DHIS2 receives finished periods.") % {"period": period.code})
    return period


@dataclass(frozen=True, order=True)
class Cell:
    """Where a number sits: city, indicator, disaggregation (dimension "total" and key "" for the
    total) and the part of the figure."""

    city: str
    indicator: str
    dimension: str
    key: str
    part: str


@dataclass(frozen=True)
class Sent:
    cell: Cell
    org_unit: str
    data_element: str
    combo: str
    value: str


@dataclass(frozen=True, order=True)
class LeftOut:
    cell: Cell
    reason: str  # "primary", "complementary" (suppression) or "no_value"


@dataclass(frozen=True, order=True)
class Unmapped:
    """What the mapping lacks. ``kind``: indicator, part, data_element (for one disaggregation),
    disaggregation (no category option combination for any of its keys), category, city, data_set."""

    kind: str
    indicator: str = ""
    part: str = ""
    dimension: str = ""
    key: str = ""
    city: str = ""

    def describe(self) -> str:
        named = " ".join(f"{name}={value}" for name, value in self._fields() if value)
        return f"unmapped {self.kind}: {named}".strip()

    def _fields(self) -> list[tuple[str, str]]:
        return [
            ("indicator", self.indicator),
            ("part", self.part),
            ("dimension", self.dimension),
            ("key", self.key),
            ("city", self.city),
        ]


@dataclass
class Export:
    data_set: str
    period: Period
    sent: list[Sent] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    unmapped: set[Unmapped] = field(default_factory=set)

    def document(self) -> dict:
        """The ``dataValueSets`` document, for an import with ``idScheme=code``."""
        return {
            "dataSet": self.data_set,
            "period": self.period.code,
            "dataValues": [
                {
                    "dataElement": s.data_element,
                    "orgUnit": s.org_unit,
                    "categoryOptionCombo": s.combo,
                    "value": s.value,
                }
                for s in self.sent
            ],
        }

    def sidecar(self) -> dict:
        """What is not in the document, and why: codes only, no number of a suppressed cell."""
        return {
            "dataSet": self.data_set,
            "period": self.period.code,
            "minimumCell": min_cell(),
            "leftOut": [{**_cell(item.cell), "reason": item.reason} for item in sorted(self.left_out)],
            "unmapped": [{"kind": u.kind, **dict(u._fields())} for u in sorted(self.unmapped)],
        }

    def unmapped_lines(self) -> list[str]:
        return [u.describe() for u in sorted(self.unmapped)]


def _cell(cell: Cell) -> dict:
    return {
        "indicator": cell.indicator,
        "dimension": cell.dimension,
        "key": cell.key,
        "part": cell.part,
        "city": cell.city,
    }


def build(period: Period, cities: Iterable[Jurisdiction], mapping: Mapping | None = None) -> Export:
    """What would be sent to DHIS2 for ``period`` and ``cities``, what is left out, what is unmapped."""
    mapping = mapping or Mapping.load()
    export = Export(mapping.data_set, period)
    if not mapping.data_set:
        export.unmapped.add(Unmapped("data_set"))
    mapped = _mapped_indicators(mapping, export)
    for city in cities:
        org_unit = mapping.org_units.get(city.slug)
        if org_unit is None:
            export.unmapped.add(Unmapped("city", city=city.slug))
            continue
        owners = organisations_in(city)
        for indicator in mapped:
            measured = snapshots.measured(indicator, owners=owners, period=period)
            published = disclosure.publish(measured, k=min_cell(), exact=False)
            _figure(export, mapping, indicator, city.slug, org_unit, TOTAL, published.total)
            for breakdown in published.breakdowns:
                if breakdown.dimension in SKIPPED:
                    continue
                if breakdown.dimension not in mapping.mapped_dimensions():
                    export.unmapped.add(Unmapped("disaggregation", dimension=breakdown.dimension))
                    continue
                for figure in breakdown.figures:
                    _figure(export, mapping, indicator, city.slug, org_unit, breakdown.dimension, figure)
    return export


def _mapped_indicators(mapping: Mapping, export: Export) -> list[Indicator]:
    """The indicators with a data element; the others, and the parts left unmapped, named."""
    mapped = []
    for indicator in indicators.CATALOGUE.values():
        parts = mapping.mapped_parts(indicator.code)
        if not parts:
            export.unmapped.add(Unmapped("indicator", indicator=indicator.code))
            continue
        for part in PARTS_BY_UNIT[Unit(indicator.unit)]:
            if part not in parts:
                export.unmapped.add(Unmapped("part", indicator=indicator.code, part=part))
        mapped.append(indicator)
    return mapped


def _figure(
    export: Export, mapping: Mapping, indicator: Indicator, city: str, org_unit: str, dimension: str, figure: Figure
) -> None:
    key = "" if dimension == TOTAL else figure.key
    for part, value in _parts(indicator, figure):
        if part not in mapping.mapped_parts(indicator.code):
            continue  # named once as an unmapped part
        cell = Cell(city, indicator.code, dimension, key, part)
        element = mapping.element(indicator.code, part, dimension)
        if element is None:
            export.unmapped.add(Unmapped("data_element", indicator=indicator.code, part=part, dimension=dimension))
            continue
        combo = mapping.combos.get((dimension, key))
        if combo is None:
            export.unmapped.add(Unmapped("category", dimension=dimension, key=key))
            continue
        if figure.suppressed:
            export.left_out.append(LeftOut(cell, figure.reason))
        elif value is None:
            export.left_out.append(LeftOut(cell, NO_VALUE))
        else:
            export.sent.append(Sent(cell, org_unit, element, combo, value))


def _parts(indicator: Indicator, figure: Figure) -> list[tuple[str, str | None]]:
    """Each part of the figure with its DHIS2 value string (None where there is none to send)."""
    unit = Unit(indicator.unit)
    if figure.suppressed:
        return [(part, None) for part in PARTS_BY_UNIT[unit]]
    if unit == Unit.COUNT:
        return [(Part.VALUE, _integer(figure.count))]
    if unit == Unit.SHARE:
        return [(Part.NUMERATOR, _integer(figure.count)), (Part.DENOMINATOR, _integer(figure.eligible))]
    return [(Part.VALUE, _decimal(figure.value)), (Part.PEOPLE, _integer(figure.count))]


def _integer(number: int | None) -> str | None:
    return None if number is None else str(int(number))


def _decimal(number: float | None) -> str | None:
    """At most two decimals, no exponent, no "-0": "2.5", "-1.25", "0"."""
    if number is None:
        return None
    text = f"{round(number, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
