"""Worked examples for the CRIES-8: the 0/1/3/5 answer values, intrusion and avoidance, the cut-off, blanks, change."""

import copy
import json

import pytest

from instruments.definitions import SHIPPED, DefinitionError, parse, shipped
from instruments.scoring import reliable_change, score
from instruments.trends import trend

CRIES8 = shipped()["cries8"]
INTRUSION, AVOIDANCE = ("1", "3", "6", "7"), ("2", "4", "5", "8")


def answers(*values):
    return dict(zip(CRIES8.item_ids, values, strict=True))


def band(result) -> str:
    return result.band["label"]["en"]


def test_the_cries8_is_a_self_report_for_ages_8_to_18_in_english_only_without_a_safety_flag():
    assert (CRIES8.respondent, CRIES8.age_range, CRIES8.flags) == ("self", (8, 18), ())
    assert CRIES8.validated_languages() == ["en"]
    assert "must not be amended" in CRIES8.licence["conditions"]


def test_answers_are_worth_0_1_3_and_5_not_0_to_3():
    assert [(o["value"], o["label"]["en"]) for o in CRIES8.options] == [
        (0, "Not at all"),
        (1, "Rarely"),
        (3, "Sometimes"),
        (5, "Often"),
    ]


def test_the_subscales_are_the_published_intrusion_and_avoidance_items():
    assert {s["code"]: tuple(s["items"]) for s in CRIES8.subscales} == {"intrusion": INTRUSION, "avoidance": AVOIDANCE}


def test_all_not_at_all_scores_zero_below_the_cut_off():
    result = score(CRIES8, answers(*[0] * 8))
    assert (result.total, result.subscales) == (0, {"intrusion": 0, "avoidance": 0})
    assert band(result) == "Below the CRIES-8 cut-off (17)"


def test_all_often_scores_40_with_20_on_each_subscale():
    result = score(CRIES8, answers(*[5] * 8))
    assert (result.total, result.subscales) == (40, {"intrusion": 20, "avoidance": 20})
    assert band(result).startswith("At or above the CRIES-8 cut-off (17)")
    assert result.flags == []


def test_intrusion_and_avoidance_are_summed_from_their_own_items_and_add_up_to_the_total():
    # Items 1-8: Often, Not at all, Sometimes, Rarely, Often, Rarely, Not at all, Sometimes.
    result = score(CRIES8, answers(5, 0, 3, 1, 5, 1, 0, 3))
    assert result.subscales == {"intrusion": 5 + 3 + 1 + 0, "avoidance": 0 + 1 + 5 + 3}
    assert sum(result.subscales.values()) == result.total == 18


@pytest.mark.parametrize(
    ("values", "total", "at_or_above"),
    [
        ((5, 5, 5, 1, 0, 0, 0, 0), 16, False),
        ((5, 5, 5, 1, 1, 0, 0, 0), 17, True),
    ],
)
def test_16_is_below_the_cut_off_and_17_is_at_it(values, total, at_or_above):
    result = score(CRIES8, answers(*values))
    assert result.total == total
    assert band(result).startswith("At or above") is at_or_above


def test_one_blank_item_leaves_the_form_and_both_subscales_unscored():
    result = score(CRIES8, answers(None, *[3] * 7))
    assert (result.scored, result.total, result.band, result.missing) == (False, None, None, ["1"])
    assert result.subscales == {"intrusion": None, "avoidance": None}


def test_without_a_published_change_figure_no_reliable_change_is_claimed():
    assert reliable_change(CRIES8, 30, 5) == "no_published_figure"
    assert reliable_change(CRIES8, 5, 30) == "no_published_figure"


def test_the_trend_still_shows_the_change_from_baseline():
    class Point:
        def __init__(self, total):
            self.total = total

    drawn = trend(CRIES8, [Point(28), Point(19)])
    assert (drawn.difference, drawn.change) == (-9, "no_published_figure")


@pytest.fixture
def cries8_data() -> dict:
    return json.loads((SHIPPED / "cries8.json").read_text(encoding="utf-8"))


def test_saying_no_change_figure_is_published_needs_the_sources_searched(cries8_data):
    del cries8_data["change"]["source"]
    with pytest.raises(DefinitionError) as raised:
        parse(copy.deepcopy(cries8_data))
    assert any("sources searched" in problem for problem in raised.value.problems)


def test_a_change_entry_with_neither_a_figure_nor_none_published_is_refused(cries8_data):
    cries8_data["change"] = {"source": "somewhere"}
    with pytest.raises(DefinitionError) as raised:
        parse(cries8_data)
    assert any("none_published" in problem for problem in raised.value.problems)
