"""Worked examples for the PCL-5 and the PSC-17: totals, clusters and subscales, band edges, missing items, change."""

import copy
import json

import pytest

from instruments.definitions import SHIPPED, DefinitionError, parse, shipped
from instruments.scoring import reliable_change, score

INSTRUMENTS = shipped()
PCL5, PSC17 = INSTRUMENTS["pcl5"], INSTRUMENTS["psc17"]

PCL5_CLUSTERS = {
    "intrusion": range(1, 6),
    "avoidance": range(6, 8),
    "cognition_mood": range(8, 15),
    "arousal_reactivity": range(15, 21),
}
PSC17_SUBSCALES = {
    "internalizing": (2, 6, 9, 11, 15),
    "attention": (1, 3, 7, 13, 17),
    "externalizing": (4, 5, 8, 10, 12, 14, 16),
}


def answers(instrument, *values):
    return dict(zip(instrument.item_ids, values, strict=True))


def psc17(**by_item):
    """Every item "Never" except the ones given, as item_<number>=value."""
    values = dict.fromkeys(PSC17.item_ids, 0)
    values.update({name.removeprefix("item_"): value for name, value in by_item.items()})
    return values


def band(result, subscale=None):
    chosen = result.band if subscale is None else result.subscale_bands[subscale]
    return chosen["label"]["en"] if chosen else None


def test_the_new_files_name_respondent_age_range_and_no_safety_flag():
    assert (PCL5.respondent, PCL5.age_range, PCL5.flags) == ("self", (18, None), ())
    assert (PSC17.respondent, PSC17.age_range, PSC17.flags) == ("caregiver", (4, 16), ())
    assert set(PCL5.languages) == set(PSC17.languages) == {"en"}


def test_every_score_the_instruments_can_give_falls_in_exactly_one_band():
    for instrument, top in ((PCL5, 80), (PSC17, 34)):
        assert (instrument.bands[0]["min"], instrument.bands[-1]["max"]) == (0, top)
    for subscale in PSC17.subscales:
        assert subscale["bands"][0]["min"] == 0
        assert subscale["bands"][-1]["max"] == 2 * len(subscale["items"])


# PCL-5


def test_pcl5_all_not_at_all_scores_zero_below_the_cut_off():
    result = score(PCL5, answers(PCL5, *[0] * 20))
    assert (result.total, band(result)) == (0, "Below the provisional PTSD cut-off (33)")
    assert result.subscales == dict.fromkeys(PCL5_CLUSTERS, 0)


def test_pcl5_all_extremely_scores_80_and_each_cluster_its_maximum():
    result = score(PCL5, answers(PCL5, *[4] * 20))
    assert result.total == 80
    assert band(result) == "At or above the provisional PTSD cut-off (33): further assessment advised"
    assert result.subscales == {"intrusion": 20, "avoidance": 8, "cognition_mood": 28, "arousal_reactivity": 24}
    assert result.flags == []


@pytest.mark.parametrize(
    ("values", "total", "at_or_above"),
    [
        ([2] * 16 + [0] * 4, 32, False),
        ([2] * 16 + [1] + [0] * 3, 33, True),
    ],
)
def test_pcl5_32_is_below_the_cut_off_and_33_is_at_it(values, total, at_or_above):
    result = score(PCL5, answers(PCL5, *values))
    assert result.total == total
    assert band(result).startswith("At or above") is at_or_above


def test_pcl5_clusters_sum_to_the_total():
    values = [4, 3, 2, 1, 0, 2, 3, 1, 1, 2, 3, 4, 0, 1, 2, 2, 3, 0, 4, 1]
    result = score(PCL5, answers(PCL5, *values))
    assert (
        result.subscales
        == {cluster: sum(values[i - 1] for i in items) for cluster, items in PCL5_CLUSTERS.items()}
        == {"intrusion": 10, "avoidance": 5, "cognition_mood": 12, "arousal_reactivity": 12}
    )
    assert sum(result.subscales.values()) == result.total == 39


def test_pcl5_one_missing_item_is_prorated_in_the_total_and_its_cluster():
    result = score(PCL5, answers(PCL5, *[2] * 6, None, *[2] * 13))
    assert (result.scored, result.total, result.missing) == (True, 40.0, ["7"])
    assert result.subscales["avoidance"] == 4.0  # the one answered avoidance item stands in for both


def test_pcl5_a_prorated_score_is_rounded_half_up_before_the_band_is_chosen():
    # 31 points over 19 answered items, prorated to 20: 32.63, shown as 32.6, banded as 33.
    result = score(PCL5, answers(PCL5, *[2] * 12, 1, 1, 1, 1, 1, 1, 1, None))
    assert result.total == 32.6
    assert band(result).startswith("At or above")


def test_pcl5_two_missing_items_leave_the_administration_and_its_clusters_unscored():
    result = score(PCL5, answers(PCL5, None, None, *[3] * 18))
    assert (result.scored, result.total, result.band) == (False, None, None)
    assert result.subscales == dict.fromkeys(PCL5_CLUSTERS)


def test_pcl5_reliable_change_is_ten_points():
    assert reliable_change(PCL5, 45, 35) == "improved"
    assert reliable_change(PCL5, 45, 36) == "no_reliable_change"
    assert reliable_change(PCL5, 30, 40) == "deteriorated"


# PSC-17


def test_psc17_all_never_scores_zero_and_every_band_is_below_its_cut_off():
    result = score(PSC17, psc17())
    assert result.total == 0
    assert result.subscales == {"internalizing": 0, "attention": 0, "externalizing": 0}
    assert band(result) == "Below the PSC-17 total cut-off (15)"
    assert [band(result, s) for s in PSC17_SUBSCALES] == [
        "Below the internalizing cut-off (5)",
        "Below the attention cut-off (7)",
        "Below the externalizing cut-off (7)",
    ]


def test_psc17_all_often_scores_34_and_every_band_is_at_or_above_its_cut_off():
    result = score(PSC17, answers(PSC17, *[2] * 17))
    assert result.total == 34
    assert result.subscales == {"internalizing": 10, "attention": 10, "externalizing": 14}
    assert band(result) == "At or above the PSC-17 total cut-off (15): further assessment advised"
    assert all(band(result, s).startswith("At or above") for s in PSC17_SUBSCALES)
    assert result.flags == []


def test_psc17_subscales_are_the_published_items_and_sum_to_the_total():
    assert {s["code"]: tuple(map(int, s["items"])) for s in PSC17.subscales} == PSC17_SUBSCALES
    values = [2, 1, 0, 1, 2, 0, 1, 2, 1, 0, 2, 1, 0, 2, 1, 0, 2]
    result = score(PSC17, answers(PSC17, *values))
    assert result.subscales == {"internalizing": 5, "attention": 5, "externalizing": 8}
    assert sum(result.subscales.values()) == result.total == 18


@pytest.mark.parametrize(
    ("given", "total", "at_or_above"),
    [
        # Seven items "Often" (14), spread so that no subscale reaches its own cut-off.
        ({"item_2": 2, "item_6": 2, "item_1": 2, "item_3": 2, "item_4": 2, "item_5": 2, "item_8": 2}, 14, False),
        (
            {"item_2": 2, "item_6": 2, "item_1": 2, "item_3": 2, "item_4": 2, "item_5": 2, "item_8": 2, "item_9": 1},
            15,
            True,
        ),
    ],
)
def test_psc17_total_14_is_below_the_cut_off_and_15_is_at_it(given, total, at_or_above):
    result = score(PSC17, psc17(**given))
    assert result.total == total
    assert band(result).startswith("At or above") is at_or_above


@pytest.mark.parametrize(
    ("subscale", "below", "at"),
    [
        ("internalizing", {"item_2": 2, "item_6": 2}, {"item_2": 2, "item_6": 2, "item_9": 1}),
        ("attention", {"item_1": 2, "item_3": 2, "item_7": 2}, {"item_1": 2, "item_3": 2, "item_7": 2, "item_13": 1}),
        (
            "externalizing",
            {"item_4": 2, "item_5": 2, "item_8": 2},
            {"item_4": 2, "item_5": 2, "item_8": 2, "item_10": 1},
        ),
    ],
)
def test_psc17_each_subscale_is_below_its_cut_off_one_point_short_and_at_it_on_the_cut_off(subscale, below, at):
    cutoff = {"internalizing": 5, "attention": 7, "externalizing": 7}[subscale]
    just_below, on_cut_off = score(PSC17, psc17(**below)), score(PSC17, psc17(**at))
    assert (just_below.subscales[subscale], on_cut_off.subscales[subscale]) == (cutoff - 1, cutoff)
    assert band(just_below, subscale) == f"Below the {subscale} cut-off ({cutoff})"
    assert band(on_cut_off, subscale) == f"At or above the {subscale} cut-off ({cutoff}): further assessment advised"
    # The other subscales stay below theirs: a subscale band is that subscale's own.
    assert [band(on_cut_off, s).startswith("Below") for s in PSC17_SUBSCALES if s != subscale] == [True, True]


def test_psc17_up_to_three_blank_items_count_as_zero_and_are_not_prorated():
    result = score(PSC17, answers(PSC17, None, None, None, *[1] * 14))
    assert (result.scored, result.total, result.missing) == (True, 14, ["1", "2", "3"])
    assert band(result).startswith("Below")  # prorating would have given 17, above the cut-off
    assert result.subscales == {"internalizing": 4, "attention": 3, "externalizing": 7}


def test_psc17_four_blank_items_make_the_questionnaire_invalid_so_nothing_is_scored():
    result = score(PSC17, answers(PSC17, None, None, None, None, *[2] * 13))
    assert (result.scored, result.total, result.band) == (False, None, None)
    assert result.subscales == dict.fromkeys(PSC17_SUBSCALES)
    assert result.subscale_bands == dict.fromkeys(PSC17_SUBSCALES)


def test_psc17_reliable_change_is_seven_points_by_the_jacobson_truax_index():
    # SE of the difference = 5.62 x sqrt(2) x sqrt(0.15) = 3.08; 1.96 x 3.08 = 6.03 points.
    assert reliable_change(PSC17, 20, 13) == "improved"
    assert reliable_change(PSC17, 20, 14) == "no_reliable_change"
    assert reliable_change(PSC17, 10, 17) == "deteriorated"


# Subscale bands in the schema


@pytest.fixture
def psc17_data() -> dict:
    return json.loads((SHIPPED / "psc17.json").read_text(encoding="utf-8"))


def _problems(data) -> list[str]:
    with pytest.raises(DefinitionError) as raised:
        parse(data)
    return raised.value.problems


def test_subscale_bands_are_checked_like_the_total_bands(psc17_data):
    overlapping = copy.deepcopy(psc17_data)
    overlapping["subscales"][0]["bands"][1]["min"] = 4
    assert any("internalizing" in p and "overlap" in p for p in _problems(overlapping))
    gap = copy.deepcopy(psc17_data)
    gap["subscales"][1]["bands"][1]["min"] = 8
    assert any("attention" in p and "gap" in p for p in _problems(gap))


def test_a_subscale_band_without_an_english_label_or_a_number_is_refused(psc17_data):
    no_label = copy.deepcopy(psc17_data)
    del no_label["subscales"][2]["bands"][0]["label"]
    assert any("externalizing" in p and "English label" in p for p in _problems(no_label))
    not_a_list = copy.deepcopy(psc17_data)
    not_a_list["subscales"][2]["bands"] = {"min": 0}
    assert any("externalizing" in p for p in _problems(not_a_list))
    not_a_number = copy.deepcopy(psc17_data)
    not_a_number["subscales"][0]["bands"][0]["max"] = "4"
    assert any("internalizing" in p for p in _problems(not_a_number))


def test_subscale_bands_are_sorted_when_a_definition_is_read(psc17_data):
    psc17_data["subscales"][0]["bands"].reverse()
    instrument = parse(psc17_data)
    assert [b["min"] for b in instrument.subscales[0]["bands"]] == [0, 5]
    assert score(instrument, psc17(item_2=2, item_6=2, item_9=1)).subscale_bands["internalizing"]["min"] == 5


def test_a_missing_item_allowance_must_be_a_whole_number_of_0_or_more(psc17_data):
    psc17_data["scoring"]["count_missing_as_zero_if_at_most"] = -1
    psc17_data["scoring"]["prorate_if_missing_at_most"] = 1.5
    problems = _problems(psc17_data)
    assert any("count_missing_as_zero_if_at_most" in p for p in problems)
    assert any("prorate_if_missing_at_most" in p for p in problems)
