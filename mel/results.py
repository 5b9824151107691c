"""What the indicator catalogue declares, what the database measured, and what may be shown.

Three steps, three types, so that nothing reaches a page without passing disclosure control:

- ``Indicator``: the declaration (``mel/indicators``), read by people on the indicator's page;
- ``Measured``: exact tallies, straight from aggregate SQL, for one indicator, scope and period;
- ``Published``: the figures a reader may see, made only by ``mel.disclosure.publish`` (which
  suppresses small cells for aggregate-only readers and leaves them for the case team's coordinator).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from mel.periods import Period


class Unit(models.TextChoices):
    COUNT = "count", _("count")
    SHARE = "share", _("share")
    MEAN = "mean", _("mean")
    MEDIAN_DAYS = "median_days", _("median days")


class PeriodRule(models.TextChoices):
    STATE_AT_END = "state_at_end", _("State on the last day of the period")
    EVENTS_WITHIN = "events_within", _("Events within the period")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")
    NEUTRAL = "neutral", _("Neither: a measure of volume")


class Dimension(models.TextChoices):
    """The disaggregations (DESIGN.md §8)."""

    SEX = "sex", _("Sex")
    AGE_BAND = "age_band", _("Age band")
    PHASE = "phase", _("Phase")
    JURISDICTION = "jurisdiction", _("City")
    MONTHS_SINCE_RETURN = "months_since_return", _("Months since return")
    COHORT = "cohort", _("Quarter of arrival")
    # Only for the indicators that declare them; their categories may overlap (not additive).
    REASON = "reason", _("Reason")
    DOMAIN = "domain", _("Needs domain")
    # Only for the new arrivals of a period: the calendar months of the period.
    ARRIVAL_MONTH = "arrival_month", _("Month of arrival")
    # Only for the community and practitioner indicators that declare them.
    ACTIVITY_KIND = "activity_kind", _("Type of activity")
    SETTING = "setting", _("Where it happened")
    DISCIPLINE = "discipline", _("Discipline")
    ORGANISATION_KIND = "organisation_kind", _("Kind of organisation")
    SUPPORT_KIND = "support_kind", _("Kind of support")


STANDARD_DIMENSIONS = (
    Dimension.SEX,
    Dimension.AGE_BAND,
    Dimension.PHASE,
    Dimension.JURISDICTION,
    Dimension.MONTHS_SINCE_RETURN,
    Dimension.COHORT,
)


@dataclass(frozen=True)
class Indicator:
    """One indicator, declared once. Texts are lazy translations, read by practitioners."""

    code: str  # stable, e.g. "HC-EDU-01"; never reused for another meaning
    name: str
    definition: str
    numerator: str
    denominator: str  # "" for a count
    unit: Unit
    period_rule: PeriodRule
    eligible: str  # the eligible population, in words
    direction: Direction
    source: str  # the document that proposed it
    group: str  # coverage, continuity, outcomes, wellbeing, unmet needs (for the catalogue page)
    dimensions: tuple[Dimension, ...] = STANDARD_DIMENSIONS
    # Screening figures: health data, aggregates only outside the case team.
    health: bool = False
    # Figures of a category only the case team reads (stigma experienced): aggregates only for everyone
    # else, the owning coordinator included.
    team_only: bool = False
    # False where the rows are not people (activities, answers, trainings): no number opens a list.
    counts_people: bool = True

    @property
    def aggregate_only(self) -> bool:
        """Suppressed below k for every reader, the coordinator included."""
        return self.health or self.team_only

    @property
    def opens_lists(self) -> bool:
        """Whether a coordinator's number may open the caseload of the people it counts."""
        return self.counts_people and not self.aggregate_only


@dataclass(frozen=True)
class Tally:
    """What the database counted for one group of people: one category of a breakdown, or everyone.

    - COUNT: ``count`` is the count (people or events); ``eligible`` is 0.
    - SHARE: ``count`` is the numerator, ``eligible`` the denominator.
    - MEAN, MEDIAN_DAYS: ``count`` is how many people (or events) the ``value`` rests on.
    ``no_data`` counts the eligible people without the data the indicator needs (no assessment
    yet, a single screening), shown beside the value so that totals add up.
    """

    key: str  # the category's stable key ("female", "0-4", "almaty", "2026Q3"); "" for everyone
    label: str
    count: int = 0
    eligible: int = 0
    value: float | None = None  # MEAN / MEDIAN_DAYS only; None when nobody has a value
    no_data: int = 0


@dataclass(frozen=True)
class Breakdown:
    dimension: Dimension
    tallies: tuple[Tally, ...]  # every category of the dimension, zero rows included, in display order
    # True when every person (or event) of the total falls in exactly one category, so that the
    # categories add up to the total; False where a person may count in several (needs domains).
    additive: bool = True


@dataclass(frozen=True)
class Measured:
    indicator: Indicator
    period: Period
    total: Tally
    breakdowns: tuple[Breakdown, ...] = ()
    # The total for each of the previous periods, oldest first, ending with this one.
    trend: tuple[tuple[Period, Tally], ...] = ()


@dataclass(frozen=True)
class Figure:
    """One cell as the reader sees it. A suppressed figure carries no number at all."""

    key: str
    label: str
    value: float | None  # count, share (0..1), mean or median; None if suppressed or no one has a value
    count: int | None  # numerator / count / people it rests on; None if suppressed
    eligible: int | None  # denominator of a share; None otherwise or if suppressed
    no_data: int | None  # None if suppressed
    suppressed: bool = False
    reason: str = ""  # "primary" or "complementary" when suppressed


@dataclass(frozen=True)
class PublishedBreakdown:
    dimension: Dimension
    figures: tuple[Figure, ...]
    additive: bool = True


@dataclass(frozen=True)
class Published:
    indicator: Indicator
    period: Period
    total: Figure
    breakdowns: tuple[PublishedBreakdown, ...] = ()
    trend: tuple[tuple[Period, Figure], ...] = ()
    k: int = 5  # the threshold applied; 0 when the reader may see exact numbers (the coordinator)
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def any_suppressed(self) -> bool:
        cells = [self.total, *(f for b in self.breakdowns for f in b.figures), *(f for _p, f in self.trend)]
        return any(f.suppressed for f in cells)
