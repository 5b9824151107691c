"""Who is in the programme on a day, and the dates the indicators count from: SQL expressions only.

"Active at the end of the period" means, for a participant owned by one of the organisations in scope:
- in the programme by then: arrived in the city on or before the last day of the period (or, when no
  arrival date is recorded, registered on or before it), and
- not closed by then: no approved closure decided on or before that day that had not been reopened by it.
The owner is the organisation that owns the case now (a transferred case counts with its new owner).
Nothing here reads today's date: a past period gives the same value tomorrow.
"""

from __future__ import annotations

import datetime

from django.db.models import (
    Case,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from casework.models import Closure
from mel.periods import Period


def day_starts(day: datetime.date) -> datetime.datetime:
    """The first instant of ``day`` in the programme's time zone (settings.TIME_ZONE, whoever asks)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone())


def local_date(expression) -> TruncDate:
    """The calendar day of a timestamp in the programme's time zone, not the reader's."""
    return TruncDate(expression, tzinfo=timezone.get_default_timezone())


def before_end(period: Period) -> datetime.datetime:
    """Timestamps strictly before this instant fall on or before the period's last day."""
    return day_starts(period.end + datetime.timedelta(days=1))


def person_ref(prefix: str) -> str:
    """The path to the participant's id from a row whose participant is reached through ``prefix``."""
    return "pk" if not prefix else prefix.removesuffix("__") + "_id"


def started(prefix: str = "") -> Coalesce:
    """The day support in the city started: arrival in the city, else registration."""
    return Coalesce(F(f"{prefix}arrived_on"), local_date(F(f"{prefix}created_at")), output_field=DateField())


def closed_by(period: Period, participant_ref) -> Exists:
    """An approved closure decided on or before the period's last day and not reopened by then."""
    end = before_end(period)
    return Exists(
        Closure.objects.filter(participant=participant_ref, approved=True, decided_at__lt=end).filter(
            Q(reopened_at__isnull=True) | Q(reopened_at__gte=end)
        )
    )


def active_at_end(period: Period, prefix: str = "") -> Q:
    """The participant (reached through ``prefix``) is active on the period's last day."""
    registered = Q(**{f"{prefix}arrived_on__lte": period.end}) | Q(
        **{f"{prefix}arrived_on__isnull": True, f"{prefix}created_at__lt": before_end(period)}
    )
    return registered & ~closed_by(period, OuterRef(person_ref(prefix)))


def born_between(period: Period, youngest: int | None, oldest: int | None, prefix: str = "") -> Q:
    """Age at the end of the period between ``youngest`` and ``oldest`` (inclusive), from the year of birth.

    Only the year of birth is kept (the date of birth lives in the identity vault, which mel never reads):
    the age in the period's last year is that year minus the year of birth.
    """
    condition = Q()
    if youngest is not None:
        condition &= Q(**{f"{prefix}birth_year__lte": period.end.year - youngest})
    if oldest is not None:
        condition &= Q(**{f"{prefix}birth_year__gte": period.end.year - oldest})
    return condition


def flag(condition) -> Case:
    """1 where ``condition`` holds, else 0: summed, it counts."""
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def days_between(later, earlier) -> ExpressionWrapper:
    """``later - earlier`` as a duration (both dates, or both timestamps), on SQLite and PostgreSQL."""
    return ExpressionWrapper(later - earlier, output_field=DurationField())
