"""Scoring an administration: totals, subscales, screening bands, flags, and reliable change."""

import math
from dataclasses import dataclass, field

from instruments.definitions import Instrument


@dataclass
class Result:
    scored: bool
    total: float | None = None
    subscales: dict[str, float | None] = field(default_factory=dict)
    band: dict | None = None
    # The screening band of each subscale that has its own bands (e.g. the PSC-17's cut-offs).
    subscale_bands: dict[str, dict | None] = field(default_factory=dict)
    flags: list[dict] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _round(value: float) -> float:
    """Half up, to one decimal: prorated scores are not whole numbers."""
    return math.floor(value * 10 + 0.5) / 10


def _item_value(instrument: Instrument, item: dict, answer: int) -> int:
    if item.get("reverse"):
        values = instrument.option_values
        return max(values) + min(values) - answer
    return answer


def _combine(instrument: Instrument, values: list[int], count: int) -> float | None:
    """Sum or mean of ``count`` items of which ``values`` were answered; None if too many are missing.

    Missing items are either prorated (the mean of the answered items stands in for them) or,
    where the instrument's published rule says so, counted as 0.
    """
    scoring = instrument.scoring
    rule = missing_rule(instrument, answered=len(values), count=count)
    if rule == PRORATED:
        total = sum(values) * count / len(values)
    elif rule == AS_ZERO:
        total = sum(values)
    else:
        return None
    raw = total / count if scoring["method"] == "mean" else total
    return _round(raw * scoring.get("multiplier", 1))


PRORATED, AS_ZERO = "prorated", "as_zero"


def missing_rule(instrument: Instrument, *, answered: int, count: int) -> str | None:
    """What stands in for the skipped items of ``count``: their mean (PRORATED), 0 (AS_ZERO), or
    nothing, when more are skipped than the instrument's rule allows (None: not scored)."""
    scoring = instrument.scoring
    missing = count - answered
    if answered and missing <= scoring.get("prorate_if_missing_at_most", 0):
        return PRORATED
    if missing <= scoring.get("count_missing_as_zero_if_at_most", 0):
        return AS_ZERO
    return None


def band_for(bands, value: float | None) -> dict | None:
    """The band a score falls in, the score rounded half up to a whole number first."""
    if value is None:
        return None
    whole = math.floor(value + 0.5)
    return next((band for band in bands if band["min"] <= whole <= band["max"]), None)


def score(instrument: Instrument, answers: dict[str, int | None]) -> Result:
    """``answers`` maps item id to the chosen option's value; None or absent is missing."""
    valid = set(instrument.option_values)
    for item_id, answer in answers.items():
        if item_id not in instrument.item_ids:
            raise ValueError(f"unknown item {item_id!r}")
        if answer is not None and answer not in valid:
            raise ValueError(f"item {item_id!r}: {answer!r} is not an answer option")
    by_id = {item["id"]: item for item in instrument.items}
    scored_values = {
        item_id: _item_value(instrument, by_id[item_id], answer)
        for item_id, answer in answers.items()
        if answer is not None
    }
    missing = [item_id for item_id in instrument.item_ids if item_id not in scored_values]
    total = _combine(instrument, list(scored_values.values()), len(instrument.items))
    # An administration is scored whole or not at all: when the total is not scored, no subscale is.
    subscales, subscale_bands = {}, {}
    for subscale in instrument.subscales:
        values = [scored_values[i] for i in subscale["items"] if i in scored_values]
        value = None if total is None else _combine(instrument, values, len(subscale["items"]))
        subscales[subscale["code"]] = value
        if "bands" in subscale:
            subscale_bands[subscale["code"]] = band_for(subscale["bands"], value)
    flags = [
        flag
        for flag in instrument.flags
        if answers.get(flag["item"]) is not None and answers[flag["item"]] > flag.get("above", 0)
    ]
    return Result(
        scored=total is not None,
        total=total,
        subscales=subscales,
        band=band_for(instrument.bands, total),
        subscale_bands=subscale_bands,
        flags=flags,
        missing=missing,
    )


def reliable_change(instrument: Instrument, baseline: float, follow_up: float) -> str:
    """ "improved", "deteriorated", "no_reliable_change", or "no_published_figure".

    Jacobson-Truax reliable change index where test-retest reliability and SD are given;
    otherwise the published reliable-change or minimal important change threshold. Without a
    published figure nothing is judged: a made-up threshold would look like evidence.
    """
    change = instrument.change
    if change.get("none_published"):
        return "no_published_figure"
    difference = follow_up - baseline
    if "test_retest" in change and "sd" in change:
        standard_error_of_difference = change["sd"] * math.sqrt(2) * math.sqrt(1 - change["test_retest"])
        reliable = abs(difference / standard_error_of_difference) > 1.96
    else:
        threshold = change.get("reliable_change", change.get("minimal_important_change"))
        reliable = abs(difference) >= threshold
    if not reliable:
        return "no_reliable_change"
    better = difference < 0 if instrument.higher_is == "worse" else difference > 0
    return "improved" if better else "deteriorated"
