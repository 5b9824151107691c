"""The facts an extract may carry, read from the case records (the de-identification is pure and
lives in ``mel/extracts/deidentify.py``).

Who is in it: the participants owned now by the extract's organisations who were in the programme
during the period, as the indicators' caseload counts them (``mel/indicators/population.py``):
support started (arrival in the city, else registration) on or before the period's last day, and
no approved closure, not reopened, decided before the period's first day. Their time series run
from the start of their case to the period's last day.

Only codes of fixed lists and numbers are read: never a participant's or household's code, a name,
a note, a goal, a reason, a referral's request, an organisation's name (the receiving organisation
counts by its kind), and nothing from the identity vault.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Exists, F, OuterRef, Q

from casework.models import Closure, Milestone, NeedsRating, PhaseRecord
from coordination.models import Referral
from instruments.models import Administration
from mel.extracts.deidentify import Person
from mel.indicators.dimensions import NO_PHASE
from mel.indicators.population import before_end, day_starts, local_date, started
from mel.periods import Period
from people.models import Participant


def caseload(period: Period, owners) -> Q:
    """In the programme at some time during the period (see the module's docstring)."""
    start = day_starts(period.start)
    closed_before = Closure.objects.filter(participant=OuterRef("pk"), approved=True, decided_at__lt=start).filter(
        Q(reopened_at__isnull=True) | Q(reopened_at__gte=start)
    )
    registered = Q(arrived_on__lte=period.end) | Q(arrived_on__isnull=True, created_at__lt=before_end(period))
    return Q(owner__in=owners) & registered & ~Exists(closed_before)


def people(period: Period, owners, variables: set[str]) -> list[Person]:
    """One ``Person`` per participant in the extract, with the time series it asks for."""
    included = Participant.objects.filter(caseload(period, owners))
    rows = list(
        included.annotate(
            since=started(),
            household_size=Count("household__members", distinct=True),
            city_name=F("owner__jurisdiction__name"),
        ).values("pk", "sex", "birth_year", "returned_on", "arrived_on", "since", "household_size", "city_name")
    )
    ids = included.values("pk")  # a subquery: no long list of ids in the SQL
    series = _series(ids, period, variables)
    phases = _phases(ids, period)
    return [
        Person(
            key=row["pk"],
            city=row["city_name"],
            sex=row["sex"],
            birth_year=row["birth_year"],
            household_size=row["household_size"],
            arrival=row["arrived_on"] or row["returned_on"] or row["since"],
            returned_on=row["returned_on"],
            cohort_date=row["arrived_on"] or row["returned_on"],
            phase=phases.get(row["pk"], NO_PHASE),
            **{name: tuple(values.get(row["pk"], ())) for name, values in series.items()},
        )
        for row in rows
    ]


def _phases(ids, period: Period) -> dict[int, str]:
    """The phase current on the period's last day: the one started last, as the dashboards take it."""
    current = (
        PhaseRecord.objects.filter(participant__in=ids, started_on__lte=period.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=period.end))
        .order_by("participant", "started_on", "pk")
        .values_list("participant", "phase")
    )
    return dict(current)  # the last one of each participant wins


def _series(ids, period: Period, variables: set[str]) -> dict[str, dict[int, list]]:
    end = period.end
    found: dict[str, dict[int, list]] = {}
    if "needs" in variables:
        ratings = NeedsRating.objects.filter(
            assessment__participant__in=ids, assessment__assessed_on__lte=end
        ).values_list("assessment__participant", "assessment__assessed_on", "domain__code", "rating")
        found["needs"] = _by_person((pk, (day, domain, rating)) for pk, day, domain, rating in ratings)
    if "milestones" in variables:
        milestones = Milestone.objects.filter(participant__in=ids, reached_on__lte=end).values_list(
            "participant", "kind__code", "reached_on", "lost_on"
        )
        found["milestones"] = _by_person(
            (pk, (kind, reached, lost if lost is not None and lost <= end else None))
            for pk, kind, reached, lost in milestones
        )
    if "screenings" in variables:
        screenings = Administration.objects.filter(participant__in=ids, administered_on__lte=end).values_list(
            "participant", "administered_on", "instrument", "total"
        )
        found["screenings"] = _by_person((pk, (day, code, total)) for pk, day, code, total in screenings)
    if "referrals" in variables:
        referrals = (
            Referral.objects.filter(participant__in=ids, created_at__lt=before_end(period))
            .annotate(sent_on=local_date("created_at"))
            .values_list("participant", "sent_on", "to_organisation__kind")
        )
        found["referrals"] = _by_person((pk, (day, kind)) for pk, day, kind in referrals)
    return found


def _by_person(pairs) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for pk, value in pairs:
        grouped[pk].append(value)
    return grouped
