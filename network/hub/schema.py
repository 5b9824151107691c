"""What a city's report must look like before the hub stores it: the payload that
``network.exchange.report.build_payload`` writes, indicators as ``mel.reports.content.published_data``
writes them. Only keys, codes and numbers are accepted; a suppressed figure may carry no number.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from mel.periods import Period, PeriodError
from network.library.shared import NotAPractice, fields_of

SCHEMA = "homecoming.network-report/1"
FIGURE_NUMBERS = ("value", "count", "eligible", "no_data")


class SchemaError(ValueError):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def _fail(message: str) -> SchemaError:
    return SchemaError("schema", message)


def city_slug(payload: dict) -> object:
    city = payload.get("city")
    return city.get("slug") if isinstance(city, dict) else city


def _number(value: object) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def check_figure(figure: object, where: str) -> None:
    if not isinstance(figure, dict) or not isinstance(figure.get("key"), str):
        raise _fail(_("%(where)s: a figure is an object with a key.") % {"where": where})
    if not all(_number(figure.get(name)) for name in FIGURE_NUMBERS):
        raise _fail(
            _("%(where)s: a figure's value, count, eligible and no_data are numbers or null.") % {"where": where}
        )
    if not isinstance(figure.get("suppressed"), bool):
        raise _fail(_("%(where)s: a figure says whether it is suppressed.") % {"where": where})
    # Defence in depth: the city's disclosure gate never sends a number behind a suppressed cell.
    if figure["suppressed"] and any(figure.get(name) is not None for name in FIGURE_NUMBERS):
        raise _fail(_("%(where)s: a suppressed figure carries a number.") % {"where": where})


def check_indicator(indicator: object, index: int) -> None:
    where = f"indicators[{index}]"
    if not isinstance(indicator, dict) or not isinstance(indicator.get("code"), str):
        raise _fail(_("%(where)s: an indicator is an object with a code.") % {"where": where})
    if not isinstance(indicator.get("unit"), str):
        raise _fail(_("%(where)s: an indicator names its unit.") % {"where": where})
    check_figure(indicator.get("total"), f"{where}.total")
    trend = indicator.get("trend")
    if not isinstance(trend, list):
        raise _fail(_("%(where)s: the trend is a list.") % {"where": where})
    for point in trend:
        if not (isinstance(point, list) and len(point) == 2 and isinstance(point[0], str)):
            raise _fail(_("%(where)s: a trend point is [period, figure].") % {"where": where})
        check_figure(point[1], f"{where}.trend")
    breakdowns = indicator.get("breakdowns")
    if not isinstance(breakdowns, list):
        raise _fail(_("%(where)s: the breakdowns are a list.") % {"where": where})
    for breakdown in breakdowns:
        if not isinstance(breakdown, dict) or not isinstance(breakdown.get("figures"), list):
            raise _fail(_("%(where)s: a breakdown is an object with figures.") % {"where": where})
        for figure in breakdown["figures"]:
            check_figure(figure, f"{where}.breakdowns")


@dataclass(frozen=True)
class Checked:
    period: Period
    practices: list[dict]  # the model fields of each shared practice


def check(payload: object, *, slug: str, today: datetime.date) -> Checked:
    """The payload's period and practices, if it is a report of this city; SchemaError otherwise."""
    if not isinstance(payload, dict) or payload.get("schema") != SCHEMA:
        raise _fail(_("The payload is not a %(schema)s document.") % {"schema": SCHEMA})
    if city_slug(payload) != slug:
        raise _fail(_("The report names another city than the one its token belongs to."))
    try:
        period = Period.parse(payload.get("period") if isinstance(payload.get("period"), str) else "")
    except PeriodError as error:
        raise _fail(_("The report's period is not a period (2027Q1, 202701 or 2027).")) from error
    if period.start > today:
        raise SchemaError("period", _("The report is for a period that has not begun."))
    sequence = payload.get("sequence")
    if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 0:
        raise _fail(_("The report's sequence number is not a whole number."))
    indicators = payload.get("indicators")
    if not isinstance(indicators, list):
        raise _fail(_("The report's indicators are not a list."))
    for index, indicator in enumerate(indicators):
        check_indicator(indicator, index)
    practices = payload.get("practices")
    if not isinstance(practices, list):
        raise _fail(_("The report's practices are not a list."))
    try:
        fields = [fields_of(practice, f"practices[{index}]") for index, practice in enumerate(practices)]
    except NotAPractice as error:
        raise _fail(str(error)) from error
    if len({f["source_ref"] for f in fields}) != len(fields):
        raise _fail(_("The report lists a practice twice."))
    return Checked(period, fields)
