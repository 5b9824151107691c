"""Worked examples for every shipped instrument: totals, band edges, missing items, flags, change."""

import pytest

from instruments.definitions import shipped
from instruments.scoring import reliable_change, score

INSTRUMENTS = shipped()
PHQ9, GAD7, WHO5 = INSTRUMENTS["phq9"], INSTRUMENTS["gad7"], INSTRUMENTS["who5"]


def answers(instrument, *values):
    return dict(zip(instrument.item_ids, values, strict=True))


def test_the_shipped_instruments_are_exactly_these():
    assert set(INSTRUMENTS) == {"phq9", "gad7", "who5", "pcl5", "psc17", "cries8"}


@pytest.mark.parametrize(
    ("values", "total", "band"),
    [
        ((0, 0, 0, 0, 0, 0, 0, 0, 0), 0, "Minimal"),
        ((1, 1, 1, 1, 0, 0, 0, 0, 0), 4, "Minimal"),
        ((1, 1, 1, 1, 1, 0, 0, 0, 0), 5, "Mild"),
        ((1, 1, 1, 1, 1, 1, 1, 1, 1), 9, "Mild"),
        ((2, 1, 1, 1, 1, 1, 1, 1, 1), 10, "Moderate"),
        ((2, 2, 2, 2, 2, 1, 1, 1, 1), 14, "Moderate"),
        ((2, 2, 2, 2, 2, 2, 1, 1, 1), 15, "Moderately severe"),
        ((3, 2, 2, 2, 2, 2, 2, 2, 2), 19, "Moderately severe"),
        ((3, 3, 2, 2, 2, 2, 2, 2, 2), 20, "Severe"),
        ((3, 3, 3, 3, 3, 3, 3, 3, 3), 27, "Severe"),
    ],
)
def test_phq9_totals_and_band_edges(values, total, band):
    result = score(PHQ9, answers(PHQ9, *values))
    assert (result.total, result.band["label"]["en"]) == (total, band)


def test_phq9_item_9_above_zero_raises_the_safety_flag():
    assert score(PHQ9, answers(PHQ9, 0, 0, 0, 0, 0, 0, 0, 0, 1)).flags[0]["code"] == "self_harm_thoughts"
    assert score(PHQ9, answers(PHQ9, 3, 3, 3, 3, 3, 3, 3, 3, 0)).flags == []


def test_one_missing_phq9_item_is_prorated_two_are_not_scored():
    one_missing = answers(PHQ9, 2, 2, 2, 2, 2, 2, 2, 2, None)
    result = score(PHQ9, one_missing)
    assert (result.scored, result.total, result.missing) == (True, 18.0, ["9"])
    assert score(PHQ9, answers(PHQ9, 1, 1, 1, 1, 0, 0, 1, 1, None)).total == 6.8  # 6 / 8 * 9 = 6.75, half up
    two_missing = score(PHQ9, answers(PHQ9, 2, 2, 2, 2, 2, 2, 2, None, None))
    assert (two_missing.scored, two_missing.total, two_missing.band) == (False, None, None)


@pytest.mark.parametrize(
    ("values", "band"),
    [
        ((1, 1, 1, 1, 0, 0, 0), "Minimal"),
        ((1, 1, 1, 1, 1, 0, 0), "Mild"),
        ((2, 2, 1, 1, 1, 1, 1), "Mild"),
        ((2, 2, 2, 1, 1, 1, 1), "Moderate"),
        ((3, 2, 2, 2, 2, 2, 1), "Moderate"),
        ((3, 3, 2, 2, 2, 2, 1), "Severe"),
        ((3, 3, 3, 3, 3, 3, 3), "Severe"),
    ],
)
def test_gad7_band_edges(values, band):
    assert score(GAD7, answers(GAD7, *values)).band["label"]["en"] == band


def test_who5_is_a_percentage_and_higher_is_better():
    result = score(WHO5, answers(WHO5, 3, 3, 2, 2, 3))
    assert result.total == 52  # raw 13 x 4
    assert result.band["label"]["en"] == "Wellbeing in the usual range"
    assert (
        score(WHO5, answers(WHO5, 2, 2, 1, 1, 1)).band["label"]["en"]
        == "Very low wellbeing: consider further assessment"
    )
    assert score(WHO5, answers(WHO5, 2, 2, 2, 2, None)).scored is False
    assert reliable_change(WHO5, 40, 52) == "improved"
    assert reliable_change(WHO5, 52, 44) == "no_reliable_change"
    assert reliable_change(WHO5, 52, 40) == "deteriorated"


def test_reliable_change_uses_the_published_thresholds():
    assert reliable_change(PHQ9, 18, 12) == "improved"
    assert reliable_change(PHQ9, 18, 13) == "no_reliable_change"
    assert reliable_change(PHQ9, 8, 14) == "deteriorated"
    assert reliable_change(GAD7, 15, 11) == "improved"


def test_the_jacobson_truax_index_is_used_when_reliability_and_sd_are_given():
    from dataclasses import replace

    instrument = replace(PHQ9, change={"test_retest": 0.84, "sd": 5.0, "source": "worked example"})
    # SE of the difference = 5 x sqrt(2) x sqrt(0.16) = 2.83; 1.96 x 2.83 = 5.54 points.
    assert reliable_change(instrument, 15, 9) == "improved"
    assert reliable_change(instrument, 15, 10) == "no_reliable_change"


def test_reverse_scored_items_are_turned_around():
    from dataclasses import replace

    items = tuple({**item, "reverse": item["id"] == "1"} for item in GAD7.items)
    instrument = replace(GAD7, items=items)
    assert score(instrument, answers(instrument, 0, 0, 0, 0, 0, 0, 0)).total == 3


def test_subscales_are_scored_from_their_items():
    from dataclasses import replace

    instrument = replace(GAD7, subscales=({"code": "worry", "items": ["2", "3"]},))
    assert score(instrument, answers(instrument, 0, 2, 3, 0, 0, 0, 0)).subscales == {"worry": 5}


def test_an_answer_that_is_not_an_option_is_refused():
    with pytest.raises(ValueError, match="not an answer option"):
        score(PHQ9, answers(PHQ9, 0, 0, 0, 0, 0, 0, 0, 0, 4))
    with pytest.raises(ValueError, match="unknown item"):
        score(PHQ9, {"10": 1})
