"""A round's results as aggregates only, with small numbers hidden (DESIGN.md §5, §8).

Nobody reads a respondent's row: the page shows the number of respondents, and from k
respondents on (``settings.HOMECOMING_MIN_CELL``) the mean scores and, per item, how many chose
each option. The rules mirror mel's disclosure control (community may not import mel):

- primary suppression: an option (or "no answer") chosen by 1 to k-1 respondents is hidden;
  zero is shown, as in mel (it tells nothing about anyone);
- complementary suppression: an item's counts add up to the number of respondents, which is
  shown, so the hidden ones have a known sum. Further counts are hidden, smallest first, until
  the hidden ones are two or more and sum to k or more: then each could be anything from 0 to
  that sum, at least k values, and none can be worked out by subtraction;
- a mean is shown only when it rests on k respondents or more.

Everything is counted in the database, one query for the counts and one for the trend.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, FloatField, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from community.models import SurveyRound
from community.surveys.definitions import Survey, localised

PRIMARY = "primary"
COMPLEMENTARY = "complementary"


def min_cell() -> int:
    return int(getattr(settings, "HOMECOMING_MIN_CELL", 5))


@dataclass(frozen=True)
class Cell:
    label: str
    count: int | None  # None when hidden
    share: float | None  # percent of all respondents, one decimal; None when hidden
    hidden: str = ""  # PRIMARY or COMPLEMENTARY


@dataclass(frozen=True)
class ItemResult:
    number: int
    text: str
    reverse: bool
    cells: tuple[Cell, ...]  # the options in order, then "no answer"


@dataclass(frozen=True)
class ScaleResult:
    name: str
    mean: float | None  # None when fewer than k respondents have this scale's score
    scored: int


@dataclass(frozen=True)
class Results:
    k: int
    respondents: int
    headline: ScaleResult | None  # None (as all below) under k respondents
    scales: tuple[ScaleResult, ...]
    items: tuple[ItemResult, ...]

    @property
    def shown(self) -> bool:
        return self.respondents >= self.k


def protect_item(counts: list[int], k: int) -> list[str]:
    """Why each of an item's counts (which add up to a shown total) is hidden: "" when shown."""
    reasons = [PRIMARY if 0 < count < k else "" for count in counts]

    def hidden() -> list[int]:
        return [i for i, reason in enumerate(reasons) if reason]

    while hidden() and (len(hidden()) < 2 or sum(counts[i] for i in hidden()) < k):
        shown = [i for i, reason in enumerate(reasons) if not reason]
        if not shown:
            break
        # The smallest non-zero count first (a zero adds nothing to the hidden sum), then zeros.
        pick = min(shown, key=lambda i: (counts[i] == 0, counts[i], i))
        reasons[pick] = COMPLEMENTARY
    return reasons


def _key(item_id: str, value) -> str:
    return f"n_{item_id}_{value}"


def results_for(round_: SurveyRound, survey: Survey, language: str, k: int | None = None) -> Results:
    k = min_cell() if k is None else k
    counts = {"respondents": Count("pk")}
    for item in survey.items:
        for value in survey.option_values:
            counts[_key(item["id"], value)] = Count("pk", filter=Q(**{f"answers__{item['id']}": value}))
    for scale in survey.scales:
        as_number = Cast(KeyTextTransform(scale["id"], "scores"), FloatField())
        counts[f"mean_{scale['id']}"] = Avg(as_number)
        counts[f"scored_{scale['id']}"] = Count(as_number)
    row = round_.responses.aggregate(**counts)
    respondents = row["respondents"]
    if respondents < k:
        return Results(k, respondents, None, (), ())
    scales = {
        scale["id"]: ScaleResult(
            name=localised(scale["name"], language),
            mean=round(row[f"mean_{scale['id']}"], 1) if row[f"scored_{scale['id']}"] >= k else None,
            scored=row[f"scored_{scale['id']}"],
        )
        for scale in survey.scales
    }
    labels = [localised(option["label"], language) for option in survey.options]
    items = []
    for number, item in enumerate(survey.items, start=1):
        chosen = [row[_key(item["id"], value)] for value in survey.option_values]
        item_counts = [*chosen, respondents - sum(chosen)]
        reasons = protect_item(item_counts, k)
        cells = tuple(
            Cell(label, None, None, reason) if reason else Cell(label, count, round(count * 100 / respondents, 1), "")
            for label, count, reason in zip([*labels, _("No answer")], item_counts, reasons, strict=True)
        )
        items.append(ItemResult(number, localised(item["text"], language), bool(item.get("reverse")), cells))
    others = tuple(result for code, result in scales.items() if code != survey.headline)
    return Results(k, respondents, scales[survey.headline], others, tuple(items))


@dataclass(frozen=True)
class TrendPoint:
    round: SurveyRound
    respondents: int
    mean: float


def trend_for(round_: SurveyRound, k: int | None = None) -> list[TrendPoint]:
    """Every closed round of the city with this survey, k respondents or more, oldest first,
    with its mean headline score (itself shown from k scored respondents)."""
    k = min_cell() if k is None else k
    rounds = (
        SurveyRound.objects.filter(city=round_.city_id, survey=round_.survey, status=SurveyRound.Status.CLOSED)
        .annotate(respondents=Count("responses"), scored=Count("responses__score"), mean=Avg("responses__score"))
        .filter(respondents__gte=k, scored__gte=k)
        .order_by("ends_on", "pk")
    )
    return [TrendPoint(r, r.respondents, round(r.mean, 1)) for r in rounds]
