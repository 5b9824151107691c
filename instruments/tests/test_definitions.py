import copy
import json

import pytest

from instruments.definitions import SHIPPED, DefinitionError, load, parse


@pytest.fixture
def phq9() -> dict:
    return json.loads((SHIPPED / "phq9.json").read_text(encoding="utf-8"))


def _problems(data) -> list[str]:
    with pytest.raises(DefinitionError) as raised:
        parse(data)
    return raised.value.problems


def test_every_shipped_file_records_its_licence_sources_and_validated_english():
    for path in SHIPPED.glob("*.json"):
        instrument = load(path)
        assert instrument.licence["text"] and instrument.sources and instrument.change["source"]
        assert "en" in instrument.validated_languages()


def test_no_language_is_offered_without_a_validated_translation():
    for path in SHIPPED.glob("*.json"):
        instrument = load(path)
        # Russian and Kazakh appear only with a published validated translation (none shipped yet).
        assert set(instrument.languages) == set(instrument.validated_languages())


def test_a_subscale_naming_an_unknown_item_is_refused(phq9):
    phq9["subscales"] = [{"code": "somatic", "items": ["3", "4", "12"]}]
    assert any("somatic" in p and "12" in p for p in _problems(phq9))


def test_overlapping_bands_are_refused(phq9):
    phq9["bands"][1]["min"] = 4
    assert any("overlap" in p for p in _problems(phq9))


def test_a_gap_between_bands_is_refused(phq9):
    phq9["bands"][1]["min"] = 6
    assert any("gap" in p for p in _problems(phq9))


def test_a_missing_licence_is_refused(phq9):
    del phq9["licence"]
    assert any("licence" in p for p in _problems(phq9))


def test_every_problem_is_named_at_once(phq9):
    broken = copy.deepcopy(phq9)
    del broken["licence"]
    broken["bands"][1]["min"] = 4
    broken["respondent"] = "anyone"
    assert len(_problems(broken)) == 3


def test_instruments_that_need_permission_are_never_accepted(phq9):
    phq9["code"] = "SDQ"
    assert any("permission" in p for p in _problems(phq9))


def test_a_change_figure_needs_its_source(phq9):
    phq9["change"] = {"reliable_change": 6}
    assert any("source" in p for p in _problems(phq9))


def test_a_flag_on_an_unknown_item_is_refused(phq9):
    phq9["flags"][0]["item"] = "10"
    assert any("unknown item" in p for p in _problems(phq9))


def test_a_file_that_is_not_json_is_refused_with_the_reason(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{ not json")
    with pytest.raises(DefinitionError, match="Not valid JSON"):
        load(path)


def test_each_shipped_instrument_has_its_published_short_name():
    from instruments.definitions import shipped

    assert {code: instrument.short_name for code, instrument in shipped().items()} == {
        "cries8": "CRIES-8",
        "gad7": "GAD-7",
        "pcl5": "PCL-5",
        "phq9": "PHQ-9",
        "psc17": "PSC-17",
        "who5": "WHO-5",
    }
