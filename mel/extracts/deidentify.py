# ruff: noqa: RUF001, RUF002 (en dashes in the band labels)
"""De-identification of an evaluator's extract: pure functions, no database (issue 17 §2).

What goes in is one ``Person`` per participant in the extract, already reduced to the facts an
extract may carry (no code, no name, no free text, no organisation below the city; see
``mel/extracts/gather.py``). What comes out is a set of tables keyed by a pseudonym:

- Pseudonyms are random (``secrets.token_hex``) and drawn afresh for every extract; the map from
  participant to pseudonym lives only in this function's memory and is dropped when it returns,
  so the same person has unrelated pseudonyms in two extracts and no one can link them back.
- Birth year -> age band at the end of the period (the dashboards' bands); every date -> whole
  months since arrival (arrival in the city, else return to the country, else registration).
- k-anonymity over the quasi-identifiers: city (always a column) and those of sex, age band,
  cohort quarter (quarter of arrival) and household size band that were requested; a quasi-
  identifier not requested is no column and no part of the check. Rows whose combination of
  quasi-identifier values is shared by fewer than k rows are generalised one step at a time, each
  step for those rows only (local recoding), then checked again against all rows:

    step 1: wider age bands (0–11, 12–17, 18–44, 45+)
    step 2: cohort year instead of cohort quarter
    step 3: wider household size bands (1–4, 5+)
    step 4: widest: child or adult (0–17, 18+) and any household size

  Rows still in a group smaller than k after the last step are withheld, with their time-series
  rows. Rows in groups of k or more are never changed, so each step can only form new groups
  and never shrink one that passed; the loop ends when every remaining group has k rows or more.
- The output's rows are sorted by pseudonym, a random order unrelated to registration.
"""

from __future__ import annotations

import datetime
import secrets
from collections import Counter
from dataclasses import dataclass, field

from mel.indicators.dimensions import MONTH_BANDS
from people.models import AGE_BANDS

# The variables an extract may carry, in the order of the request form.
SEX = "sex"
AGE_BAND = "age_band"
HOUSEHOLD_SIZE = "household_size"
PHASE = "phase"
MONTHS_SINCE_RETURN = "months_since_return"
COHORT = "cohort"
NEEDS = "needs"
MILESTONES = "milestones"
SCREENINGS = "screenings"
REFERRALS = "referrals"
VARIABLES = (SEX, AGE_BAND, HOUSEHOLD_SIZE, PHASE, MONTHS_SINCE_RETURN, COHORT)
VARIABLES += (NEEDS, MILESTONES, SCREENINGS, REFERRALS)
# The quasi-identifiers among them; the city is always one.
CITY = "city"
QUASI_IDENTIFIERS = (CITY, SEX, AGE_BAND, COHORT, HOUSEHOLD_SIZE)

UNKNOWN = "unknown"
LAST_STEP = 4

# Age bands at each step: the dashboards' bands, then wider ones. (low, high); high None: and over.
WIDER_AGE_BANDS = [(0, 11), (12, 17), (18, 44), (45, None)]
WIDEST_AGE_BANDS = [(0, 17), (18, None)]
HOUSEHOLD_BANDS = [(1, 2), (3, 4), (5, 6), (7, None)]
WIDER_HOUSEHOLD_BANDS = [(1, 4), (5, None)]


@dataclass(frozen=True)
class Person:
    """One participant as the extract may see them. ``key`` identifies them only while the
    extract is built (it is never written out)."""

    key: object
    city: str
    sex: str
    birth_year: int
    household_size: int
    arrival: datetime.date  # arrival in the city, else return to the country, else registration
    returned_on: datetime.date | None
    cohort_date: datetime.date | None  # the cohort's date: arrival in the city, else return
    phase: str
    needs: tuple[tuple[datetime.date, str, int], ...] = ()  # (assessed on, domain code, rating)
    milestones: tuple[tuple[str, datetime.date, datetime.date | None], ...] = ()  # (kind code, reached, lost)
    screenings: tuple[tuple[datetime.date, str, float | None], ...] = ()  # (administered on, instrument, score)
    referrals: tuple[tuple[datetime.date, str], ...] = ()  # (sent on, service type)


@dataclass
class Table:
    name: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)


@dataclass
class Extract:
    tables: list[Table]
    k: int
    people: int  # participants in the period's caseload
    generalised: int  # rows released with at least one quasi-identifier widened
    withheld: int  # rows withheld (with their time-series rows)
    steps: dict[int, int]  # rows released at each generalisation step (0: as they were)
    quasi_identifiers: list[str]


def band(value: int, bands) -> str:
    for low, high in bands:
        if high is None or value <= high:
            return f"{low}+" if high is None else (str(low) if low == high else f"{low}–{high}")
    return UNKNOWN


def age_at_end(person: Person, end: datetime.date) -> int:
    """Age in the period's last year, as the indicators count it (only the year of birth is kept)."""
    return max(0, end.year - person.birth_year)


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    """Whole calendar months from ``earlier`` to ``later`` (negative when ``later`` is before)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if months > 0 and later.day < earlier.day:
        months -= 1
    elif months < 0 and later.day > earlier.day:
        months += 1
    return months


def months_since_return_band(person: Person, end: datetime.date) -> str:
    if person.returned_on is None:
        return UNKNOWN
    months = months_between(person.returned_on, end)
    # The dashboards' bands of months since return.
    return next(key for key, _label, below in MONTH_BANDS if below is None or months < below)


def quasi_identifiers(person: Person, step: int, end: datetime.date, requested: set[str]) -> tuple:
    """The person's quasi-identifier values at a generalisation step, for the requested ones."""
    values = {CITY: person.city}
    if SEX in requested:
        values[SEX] = person.sex
    if AGE_BAND in requested:
        bands = AGE_BANDS if step < 1 else WIDER_AGE_BANDS if step < LAST_STEP else WIDEST_AGE_BANDS
        values[AGE_BAND] = band(age_at_end(person, end), bands)
    if COHORT in requested:
        day = person.cohort_date
        quarter = UNKNOWN if day is None else f"{day.year}Q{(day.month + 2) // 3}"
        values[COHORT] = str(day.year) if day is not None and step >= 2 else quarter
    if HOUSEHOLD_SIZE in requested:
        if step >= LAST_STEP:
            values[HOUSEHOLD_SIZE] = "any"
        else:
            values[HOUSEHOLD_SIZE] = band(person.household_size, HOUSEHOLD_BANDS if step < 3 else WIDER_HOUSEHOLD_BANDS)
    return tuple(values[name] for name in QUASI_IDENTIFIERS if name in values)


def anonymise(people: list[Person], end: datetime.date, requested: set[str], k: int) -> tuple[dict, set]:
    """Each releasable person's step, and the people withheld (see the module's docstring)."""
    steps = dict.fromkeys(range(len(people)), 0)
    withheld: set[int] = set()
    while True:
        values = {i: quasi_identifiers(people[i], step, end, requested) for i, step in steps.items()}
        sizes = Counter(values.values())
        small = [i for i in steps if sizes[values[i]] < k]
        if not small:
            return steps, withheld
        for i in small:
            if steps[i] >= LAST_STEP:
                withheld.add(i)
                del steps[i]
            else:
                steps[i] += 1


def pseudonyms(count: int) -> list[str]:
    """``count`` distinct random pseudonyms, new for every call."""
    drawn: set[str] = set()
    while len(drawn) < count:
        drawn.add(secrets.token_hex(6))
    return list(drawn)


def deidentify(people: list[Person], *, end: datetime.date, variables: list[str], k: int) -> Extract:
    """The extract's tables for the period ending ``end``: see the module's docstring."""
    requested = set(variables)
    steps, withheld = anonymise(people, end, requested, k)
    names = dict(zip(steps, pseudonyms(len(steps)), strict=True))
    qi_names = [name for name in QUASI_IDENTIFIERS if name == CITY or name in requested]
    extra = [name for name in (PHASE, MONTHS_SINCE_RETURN) if name in requested]
    main = Table("participants", ["pseudonym", *qi_names, *extra, "generalisation_step"])
    series = {
        NEEDS: Table("needs_ratings", ["pseudonym", "months_since_arrival", "domain", "rating"]),
        MILESTONES: Table("milestones", ["pseudonym", "milestone", "reached_month", "lost_month"]),
        SCREENINGS: Table("screenings", ["pseudonym", "months_since_arrival", "instrument", "score"]),
        REFERRALS: Table("referrals", ["pseudonym", "months_since_arrival", "service_type", "referrals"]),
    }
    for i, step in steps.items():
        person, name = people[i], names[i]
        extras = {PHASE: person.phase, MONTHS_SINCE_RETURN: months_since_return_band(person, end)}
        main.rows.append([name, *quasi_identifiers(person, step, end, requested), *(extras[e] for e in extra), step])
        _series_rows(person, name, series)
    tables = [main] + [series[name] for name in (NEEDS, MILESTONES, SCREENINGS, REFERRALS) if name in requested]
    for table in tables:
        table.rows.sort(key=_order)
    return Extract(
        tables=tables,
        k=k,
        people=len(people),
        generalised=sum(1 for step in steps.values() if step > 0),
        withheld=len(withheld),
        steps=dict(sorted(Counter(steps.values()).items())),
        quasi_identifiers=qi_names,
    )


def _order(row: list) -> list[tuple]:
    """Rows sort by their cells, numbers as numbers, an empty cell last."""
    return [(2, 0, "") if c is None else (0, c, "") if isinstance(c, int | float) else (1, 0, str(c)) for c in row]


def _series_rows(person: Person, name: str, series: dict[str, Table]) -> None:
    since = person.arrival
    for day, domain, rating in person.needs:
        series[NEEDS].rows.append([name, months_between(since, day), domain, rating])
    for kind, reached, lost in person.milestones:
        lost_month = None if lost is None else months_between(since, lost)
        series[MILESTONES].rows.append([name, kind, months_between(since, reached), lost_month])
    for day, instrument, score in person.screenings:
        series[SCREENINGS].rows.append([name, months_between(since, day), instrument, score])
    counts = Counter((months_between(since, day), service) for day, service in person.referrals)
    for (month, service), count in counts.items():
        series[REFERRALS].rows.append([name, month, service, count])
