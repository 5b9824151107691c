"""Reporting periods as DHIS2 writes them: ``202701`` (a month), ``2027Q1`` (a quarter), ``2027`` (a year)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:(?P<month>\d{2})|Q(?P<quarter>[1-4]))?$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month, quarter or year: ``start`` is its first day, ``end`` its last."""

    start: datetime.date
    end: datetime.date
    kind: str  # "month", "quarter" or "year"

    @classmethod
    def parse(cls, text: str) -> Period:
        found = _PATTERN.match((text or "").strip().upper())
        if not found:
            raise PeriodError(_("A period is written 2027, 2027Q1 or 202701."))
        year = int(found["year"])
        if not 1900 <= year <= 2999:
            raise PeriodError(_("A period is written 2027, 2027Q1 or 202701."))
        if found["month"]:
            month = int(found["month"])
            if not 1 <= month <= 12:
                raise PeriodError(_("A period is written 2027, 2027Q1 or 202701."))
            return cls.month(year, month)
        if found["quarter"]:
            return cls.quarter(year, int(found["quarter"]))
        return cls.year(year)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        start = datetime.date(year, month, 1)
        return cls(start, _next_month(start) - datetime.timedelta(days=1), "month")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        start = datetime.date(year, 3 * quarter - 2, 1)
        end = _next_month(_next_month(_next_month(start))) - datetime.timedelta(days=1)
        return cls(start, end, "quarter")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year")

    @classmethod
    def containing(cls, day: datetime.date, kind: str = "quarter") -> Period:
        if kind == "month":
            return cls.month(day.year, day.month)
        if kind == "year":
            return cls.year(day.year)
        return cls.quarter(day.year, (day.month - 1) // 3 + 1)

    @property
    def code(self) -> str:
        """The DHIS2 period identifier."""
        if self.kind == "month":
            return f"{self.start.year}{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    def __str__(self) -> str:
        return self.code

    def previous(self) -> Period:
        return Period.containing(self.start - datetime.timedelta(days=1), self.kind)

    def following(self) -> Period:
        return Period.containing(self.end + datetime.timedelta(days=1), self.kind)

    def last(self, count: int) -> list[Period]:
        """This period and the ``count - 1`` before it, oldest first (a trend)."""
        periods = [self]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return periods[::-1]


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
