# ruff: noqa: RUF001 (Russian text)
"""An instrument with a validated translation is shown whole in the user's language: the instruction,
the questions, the screening bands, the subscales and the safety flags, never English mixed in."""

import copy
import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from instruments.actions import import_definition
from instruments.definitions import parse
from instruments.models import Administration
from instruments.tests.builders import screening
from instruments.trends import trend
from instruments.views import subscale_rows
from people.tests.builders import actor_of

# An invented instrument, as an administrator would import it, with a Russian translation.
DEFINITION = {
    "code": "testru",
    "name": "Test questionnaire",
    "version": "1",
    "respondent": "self",
    "age_range": [0, None],
    "higher_is": "worse",
    "stem": {"en": "How often in the past week:", "ru": "Как часто за последнюю неделю:"},
    "options": [
        {"value": 0, "label": {"en": "Never", "ru": "Никогда"}},
        {"value": 1, "label": {"en": "Sometimes", "ru": "Иногда"}},
        {"value": 2, "label": {"en": "Often", "ru": "Часто"}},
        {"value": 3, "label": {"en": "Always", "ru": "Всегда"}},
    ],
    "items": [
        {"id": "1", "text": {"en": "Slept badly", "ru": "Плохо спал(а)"}},
        {"id": "2", "text": {"en": "Felt tense", "ru": "Чувствовал(а) напряжение"}},
        {"id": "3", "text": {"en": "Felt unsafe", "ru": "Чувствовал(а) себя в опасности"}},
    ],
    "subscales": [
        {
            "code": "first",
            "label": {"en": "Sleep and tension", "ru": "Сон и напряжение"},
            "items": ["1", "2"],
            "bands": [
                {"min": 0, "max": 2, "label": {"en": "Within range", "ru": "В пределах нормы"}},
                {"min": 3, "max": 6, "label": {"en": "Above range", "ru": "Выше нормы"}},
            ],
        }
    ],
    "scoring": {"method": "sum"},
    "bands": [
        {"min": 0, "max": 3, "label": {"en": "Low", "ru": "Низкий"}},
        {"min": 4, "max": 9, "label": {"en": "High", "ru": "Высокий"}},
    ],
    "flags": [{"item": "3", "above": 0, "code": "unsafe", "label": {"en": "Feels unsafe", "ru": "Чувство опасности"}}],
    "change": {"reliable_change": 3, "source": "Invented for this test."},
    "licence": {"text": "Invented for this test."},
    "languages": {"en": {"validated": True}, "ru": {"validated": True, "source": "Invented for this test."}},
    "sources": ["Invented for this test."],
}
ENGLISH = ["How often in the past week:", "Slept badly", "Low", "High", "Above range", "Feels unsafe"]


def _imported(administrator, data=DEFINITION) -> dict:
    import_definition(actor=actor_of(administrator), instrument=parse(data))
    return data


@pytest.fixture
def russian_psychologist(psychologist):
    psychologist.language = "ru"
    psychologist.save(update_fields=["language"])
    return psychologist


def _record(client, participant, answers) -> str:
    data = {"administered_on": "2026-03-01", "mode": "paper", **{f"item_{i}": v for i, v in answers.items()}}
    response = client.post(reverse("screening_new", args=[participant.code, "testru"]), data)
    assert response.status_code == 302
    return response["Location"]


def test_the_one_page_form_shows_the_instruction_in_the_language_of_the_questions(
    client, family, russian_psychologist, administrator
):
    _imported(administrator)
    client.force_login(russian_psychologist)
    form = client.get(reverse("screening_new", args=[family.mother.code, "testru"])).content.decode()
    assert "Как часто за последнюю неделю:" in form and "Плохо спал(а)" in form and "Никогда" in form
    assert "How often in the past week:" not in form and "Slept badly" not in form


def test_an_unvalidated_translation_is_never_shown(client, family, russian_psychologist, administrator):
    data = copy.deepcopy(DEFINITION)
    data["languages"]["ru"]["validated"] = False
    _imported(administrator, data)
    client.force_login(russian_psychologist)
    form = client.get(reverse("screening_new", args=[family.mother.code, "testru"])).content.decode()
    assert "How often in the past week:" in form and "Slept badly" in form
    assert "Как часто за последнюю неделю:" not in form and "Плохо спал(а)" not in form


def test_the_result_and_the_case_page_label_bands_subscales_and_flags_in_that_language(
    client, family, russian_psychologist, administrator
):
    _imported(administrator)
    client.force_login(russian_psychologist)
    result = client.get(_record(client, family.mother, {"1": 2, "2": 2, "3": 1})).content.decode()
    assert Administration.objects.get().total == 5
    for russian in ("Высокий", "Сон и напряжение", "Выше нормы", "Чувство опасности"):
        assert russian in result
    assert not [english for english in ENGLISH if f">{english}<" in result]
    case_page = client.get(reverse("participant", args=[family.mother.code])).content.decode()
    assert "<title>Высокий</title>" in case_page and "<title>High</title>" not in case_page


def test_an_english_speaking_user_sees_the_english_original(client, family, psychologist, administrator):
    _imported(administrator)
    client.force_login(psychologist)
    result = client.get(_record(client, family.mother, {"1": 2, "2": 2, "3": 1})).content.decode()
    for english in ("High", "Sleep and tension", "Above range", "Feels unsafe"):
        assert english in result
    assert "Высокий" not in result


def test_the_labels_follow_the_language_they_are_given():
    instrument = parse(DEFINITION)

    class Stored:
        subscales = {"first": 4}

    class Point:
        total = 5

    assert subscale_rows(instrument, Stored, "ru") == [{"label": "Сон и напряжение", "score": 4, "band": "Выше нормы"}]
    assert subscale_rows(instrument, Stored, "en")[0]["band"] == "Above range"
    assert [band["label"] for band in trend(instrument, [Point()], language="ru").bands] == ["Низкий", "Высокий"]
    assert [band["label"] for band in trend(instrument, [Point()]).bands] == ["Low", "High"]


def test_the_shared_record_names_the_band_in_a_validated_language_only(family, psychologist, administrator):
    _imported(administrator)
    administration = screening(
        family.mother,
        by=psychologist,
        instrument=parse(DEFINITION),
        answers={"1": 3, "2": 2, "3": 0},
        administered_on=datetime.date(2026, 3, 1),
    )
    assert administration.band == DEFINITION["bands"][1]
    label = Template("{% load screenings %}{{ administration|band_label }}")
    for language, expected in (("ru", "Высокий"), ("kk", "High"), ("en", "High")):
        with translation.override(language):
            assert label.render(Context({"administration": administration})) == expected
