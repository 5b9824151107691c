# ruff: noqa: RUF001 (en dashes in the labels of age and month bands)
"""The disaggregations: for each dimension, the SQL expression of a row's category key, and the
categories to list (every one, zeros included, in display order)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Case, CharField, F, Func, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, ExtractMonth, ExtractQuarter, ExtractYear
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from casework.models import Action, NeedsDomain, Phase, PhaseRecord
from community.models import Activity, Attendance, StigmaIncident, SupportSession
from directory.models import Organisation
from mel.indicators.population import person_ref, started
from mel.periods import Period
from mel.results import Dimension
from people.models import AGE_BANDS, Participant

# The categories of the community and practitioner breakdowns: a model's choices.
CHOICES = {
    Dimension.ACTIVITY_KIND: Activity.Kind.choices,
    Dimension.SETTING: StigmaIncident.Setting.choices,
    Dimension.DISCIPLINE: Attendance.Discipline.choices,
    Dimension.ORGANISATION_KIND: Organisation.Kind.choices,
    Dimension.SUPPORT_KIND: SupportSession.Kind.choices,
}
UNKNOWN = "unknown"
NO_CASES = (Organisation.Kind.NATIONAL_AGENCY, Organisation.Kind.NETWORK_HUB)
NO_PHASE = "none"
# Months since return: (key, label, fewer than this many complete months).
MONTH_BANDS = (
    ("0-3", "0–3", 3),
    ("3-6", "3–6", 6),
    ("6-12", "6–12", 12),
    ("12-24", "12–24", 24),
    ("24+", "24+", None),
)


def _band_key(low: int, high: int | None) -> str:
    return f"{low}+" if high is None else f"{low}-{high}"


def _band_label(low: int, high: int | None) -> str:
    return f"{low}+" if high is None else f"{low}\u2013{high}"


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` calendar months earlier (the month's last day if it has no such day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover: day 28 exists in every month


class QuarterCode(Func):
    """A date's quarter as DHIS2 writes it ("2026Q3").

    SQLite has no EXTRACT: Django's ExtractYear and ExtractQuarter call back into Python for every row
    there, which at national scale cost more than the rest of a breakdown; strftime is native.
    """

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra_context):
        (day,) = self.get_source_expressions()
        text = Concat(Cast(ExtractYear(day), CharField()), Value("Q"), Cast(ExtractQuarter(day), CharField()))
        return compiler.compile(text.resolve_expression(compiler.query))

    def as_sqlite(self, compiler, connection, **extra_context):
        # Written %%%% so that one % is left after the template and the parameter substitution.
        year, month = "strftime('%%%%Y', %(expressions)s)", "CAST(strftime('%%%%m', %(expressions)s) AS INTEGER)"
        return Func.as_sql(self, compiler, connection, template=f"({year} || 'Q' || (({month} + 2) / 3))")


def key_expression(dimension: Dimension, period: Period, *, person: str, org: str):
    """The category key of a row for ``dimension``, as a string expression.

    ``person`` is the path prefix from the row to its participant ("" or "participant__"),
    ``org`` the path to the organisation the row counts for (its jurisdiction is the row's city).
    """
    end = period.end
    if dimension == Dimension.SEX:
        return F(f"{person}sex")
    if dimension == Dimension.AGE_BAND:
        # Age at the period's end = its year minus the year of birth: the youngest band first.
        whens = [
            When(**{f"{person}birth_year__gte": end.year - high}, then=Value(_band_key(low, high)))
            for low, high in AGE_BANDS
            if high is not None
        ]
        low, high = AGE_BANDS[-1]
        return Case(*whens, default=Value(_band_key(low, high)), output_field=CharField())
    if dimension == Dimension.PHASE:
        # Phases may overlap: the one started last among those current on the period's last day.
        current = (
            PhaseRecord.objects.filter(participant=OuterRef(person_ref(person)), started_on__lte=end)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=end))
            .order_by("-started_on", "-pk")
            .values("phase")[:1]
        )
        return Coalesce(Subquery(current), Value(NO_PHASE), output_field=CharField())
    if dimension == Dimension.JURISDICTION:
        return F(f"{org}__jurisdiction__slug")
    if dimension == Dimension.MONTHS_SINCE_RETURN:
        whens = [When(**{f"{person}returned_on__isnull": True}, then=Value(UNKNOWN))]
        whens += [
            When(**{f"{person}returned_on__gt": months_before(end, below)}, then=Value(key))
            for key, _label, below in MONTH_BANDS
            if below is not None
        ]
        return Case(*whens, default=Value(MONTH_BANDS[-1][0]), output_field=CharField())
    if dimension == Dimension.COHORT:
        arrival = Coalesce(F(f"{person}arrived_on"), F(f"{person}returned_on"))
        text = QuarterCode(arrival)
        unknown = Q(**{f"{person}arrived_on__isnull": True, f"{person}returned_on__isnull": True})
        return Case(When(unknown, then=Value(UNKNOWN)), default=text, output_field=CharField())
    if dimension == Dimension.ARRIVAL_MONTH:
        day = started(person)
        return Cast(ExtractYear(day) * 100 + ExtractMonth(day, output_field=IntegerField()), CharField())
    if dimension == Dimension.REASON:
        return F("blocked_reason")
    raise ValueError(f"{dimension} has no row-level key here")


def categories(dimension: Dimension, period: Period, *, owners, present: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(key, label) of every category of ``dimension``, in display order.

    ``present`` are the keys the database returned: the cohorts are the quarters present.
    """
    if dimension == Dimension.SEX:
        return [(value, str(label)) for value, label in Participant.Sex.choices]
    if dimension == Dimension.AGE_BAND:
        return [(_band_key(low, high), _band_label(low, high)) for low, high in AGE_BANDS]
    if dimension == Dimension.PHASE:
        return [(value, str(label)) for value, label in Phase.choices] + [(NO_PHASE, str(_("No phase recorded")))]
    if dimension == Dimension.JURISDICTION:
        # A national agency or the network hub never holds a case: its country is no city to list.
        holding = ~Q(kind__in=NO_CASES) | Q(jurisdiction__slug__in=list(present))
        rows = (
            Organisation.objects.filter(holding, pk__in=owners)
            .values_list("jurisdiction__slug", "jurisdiction__name")
            .order_by("jurisdiction__name", "jurisdiction__slug")
            .distinct()
        )
        return list(rows)
    if dimension == Dimension.MONTHS_SINCE_RETURN:
        return [(key, label) for key, label, _below in MONTH_BANDS] + [(UNKNOWN, str(_("Not recorded")))]
    if dimension == Dimension.COHORT:
        quarters = sorted(key for key in set(present) if key and key != UNKNOWN)
        tail = [(UNKNOWN, str(_("Not recorded")))] if UNKNOWN in set(present) else []
        return [(key, key) for key in quarters] + tail
    if dimension == Dimension.ARRIVAL_MONTH:
        months, day = [], period.start
        while day <= period.end:
            months.append((f"{day.year}{day.month:02d}", date_format(day, "F Y")))
            day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return months
    if dimension == Dimension.REASON:
        return [(value, str(label)) for value, label in Action.BlockedReason.choices]
    if dimension == Dimension.DOMAIN:
        return [(domain.code, domain.name) for domain in NeedsDomain.objects.filter(is_active=True)]
    if dimension in CHOICES:
        return [(value, str(label)) for value, label in CHOICES[dimension]]
    raise ValueError(dimension)
