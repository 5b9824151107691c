"""Surveys as data: the shipped demo survey loads, a faulty definition is refused whole with every
problem named, and the scoring turns reverse-worded items round (worked by hand)."""

import copy
import json

import pytest

from community.surveys.definitions import DefinitionError, load, parse, shipped
from community.surveys.tests.helpers import DEMO

STIGMATISING = ("terrorist", "extremist", "jihadist", "radical")


def _raw() -> dict:
    return copy.deepcopy(shipped()[DEMO].raw)


def test_the_demo_survey_loads_with_its_items_options_scales_and_three_languages():
    survey = shipped()[DEMO]
    assert survey.name == "Community acceptance (Homecoming demo survey)"
    assert len(survey.items) == 8 and survey.option_values == [1, 2, 3, 4, 5]
    assert survey.headline == "acceptance"
    assert set(survey.languages) == {"en", "ru", "kk"}
    for item in survey.items:
        assert set(item["text"]) == {"en", "ru", "kk"}
    assert {item["id"] for item in survey.items if item["reverse"]} == {"a3", "a6", "a8"}


def test_the_demo_survey_says_it_is_not_validated_and_not_for_comparing_with_studies():
    survey = shipped()[DEMO]
    assert survey.validated is False
    assert not any(language["validated"] for language in survey.languages.values())
    assert "Written for Homecoming as a demonstration" in survey.licence["text"]
    assert "not a validated instrument" in survey.licence["text"]
    assert "must not be used to compare with published studies" in survey.licence["text"]


def test_the_demo_survey_uses_no_stigmatising_word_in_any_language():
    text = json.dumps(shipped()[DEMO].raw, ensure_ascii=False).lower()
    assert not any(word in text for word in STIGMATISING)


def test_reverse_worded_items_are_turned_round_before_the_mean_is_mapped_to_0_100():
    # a3, a6 and a8 are reversed (6 - value): 5, 4, (6-2)=4, 3, 5, (6-1)=5, a7 skipped, (6-4)=2.
    # Acceptance: mean of 7 answered = 28 / 7 = 4.0 -> (4 - 1) / (5 - 1) * 100 = 75.0.
    # Closeness (a1 a3 a4 a6): 5, 4, 3, 5 -> 4.25 -> 81.25. Inclusion (a2 a5 a7 a8): 4, 5, 2 -> 3.667 -> 66.67.
    answers = {"a1": 5, "a2": 4, "a3": 2, "a4": 3, "a5": 5, "a6": 1, "a8": 4}
    headline, scores = shipped()[DEMO].score(answers)
    assert headline == 75.0
    assert scores == {"acceptance": 75.0, "closeness": 81.25, "inclusion": 66.67}


def test_a_scale_with_too_few_answered_items_has_no_score():
    # Acceptance needs 6 of its 8 items; closeness 3 of 4, inclusion 3 of 4.
    headline, scores = shipped()[DEMO].score({"a1": 5, "a2": 5, "a3": 1, "a4": 5, "a5": 5})
    assert headline is None
    assert scores == {"acceptance": None, "closeness": 100.0, "inclusion": None}


def test_every_answer_at_the_accepting_end_scores_100_and_at_the_other_end_0():
    survey = shipped()[DEMO]
    accepting = {item["id"]: 1 if item["reverse"] else 5 for item in survey.items}
    rejecting = {item["id"]: 5 if item["reverse"] else 1 for item in survey.items}
    assert survey.score(accepting)[0] == 100.0
    assert survey.score(rejecting)[0] == 0.0


def test_a_faulty_definition_is_refused_whole_with_every_problem_named():
    raw = _raw()
    raw["validated"] = "no"
    del raw["licence"]
    raw["items"].append(copy.deepcopy(raw["items"][0]))  # a1 twice
    del raw["items"][2]["text"]["kk"]
    raw["items"][3]["reverse"] = "yes"
    raw["scales"][1]["items"].append("z9")
    raw["scales"][2]["scoring"]["min_answered"] = 9
    raw["headline"] = "happiness"
    with pytest.raises(DefinitionError) as refused:
        parse(raw)
    problems = "\n".join(refused.value.problems)
    assert "“validated” must be true or false." in problems
    assert "The licence text is missing." in problems
    assert "Item ids must be unique" in problems
    assert "Item 3 has no text in: kk." in problems
    assert "Item 4: “reverse” must be true or false." in problems
    assert "Scale 2 names unknown items: z9." in problems
    assert "Scale 3: “scoring.min_answered” must be a whole number" in problems
    assert "The headline “happiness” is not one of the scales." in problems
    assert len(refused.value.problems) == 8


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"options": []}, "“options” must be a non-empty list of objects."),
        ({"options": [{"value": 1, "label": {"en": "Yes"}}]}, "at least two answer options"),
        ({"languages": {"ru": {"validated": False}}}, "English must be one of the languages."),
        ({"languages": {"en": {}, "ru": {"validated": False}, "kk": {"validated": False}}}, "“validated”"),
        (
            {"scales": [{"id": "acceptance", "name": {"en": "A"}, "items": ["a1"], "scoring": {"method": "sum"}}]},
            "“mean”",
        ),
        ({"source": ""}, "“source” is missing"),
    ],
)
def test_each_kind_of_problem_is_named(change, problem):
    with pytest.raises(DefinitionError) as refused:
        parse(_raw() | change)
    assert any(problem in text for text in refused.value.problems), refused.value.problems


def test_something_that_is_not_an_object_is_refused_with_a_named_problem():
    with pytest.raises(DefinitionError) as refused:
        parse(["not", "a", "survey"])
    assert refused.value.problems == ["A definition is a JSON object."]


def test_a_file_must_be_named_after_its_code_and_be_json(tmp_path):
    wrong_name = tmp_path / "other.json"
    wrong_name.write_text(json.dumps(_raw()), encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"must be named hc-acceptance-demo\.json"):
        load(wrong_name)
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(DefinitionError, match="Not valid JSON"):
        load(broken)
