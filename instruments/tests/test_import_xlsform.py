"""Importing an instrument from an XLSForm workbook: the same checks and two steps as a definition file."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from instruments import xlsform
from instruments.definitions import DefinitionError, parse
from instruments.models import Administration, ImportedDefinition
from instruments.scoring import score

ADD = "admin_instrument_import"
# A made-up four-item instrument: the workbook's shape is what is under test, not the wording.
SHEETS = {
    "survey": [
        ["type", "name", "label", "scoring"],
        ["start", "start", "", ""],
        ["note", "intro", "Over the last week, how often:", ""],
        ["select_one freq", "1", "Test item one", "alpha"],
        ["select_one freq", "2", "Test item two", "alpha reverse"],
        ["select_one freq", "3", "Test item three", "beta"],
        ["select_one freq", "4", "Test item four", "beta, flag>0"],
        ["end", "end", "", ""],
    ],
    "choices": [
        ["list_name", "name", "label"],
        ["freq", "0", "Never"],
        ["freq", "1", "Sometimes"],
        ["freq", "2", "Often"],
        ["other", "x", "Not used by any item"],
    ],
    "settings": [["form_id", "form_title", "version"], ["test4", "Test instrument (four items)", "2024"]],
    "homecoming": [
        ["key", "value"],
        ["respondent", "self"],
        ["age_min", 8],
        ["age_max", 17],
        ["prorate_if_missing_at_most", 1],
        ["licence_text", "Synthetic test instrument; free to use."],
        ["licence_conditions", "Verbatim only."],
        ["change_reliable_change", 3],
        ["change_source", "Test figure"],
        ["source", "Test source A"],
        ["source", "Test source B"],
    ],
    "bands": [
        ["subscale", "min", "max", "label"],
        ["", 0, 3, "Low"],
        ["", 4, 8, "High"],
        ["beta", 0, 1, "Beta low"],
        ["beta", 2, 4, "Beta high"],
    ],
}


def workbook(sheets=None, **replaced) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in {**(sheets or SHEETS), **replaced}.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def problems(content: bytes) -> list[str]:
    with pytest.raises(DefinitionError) as raised:
        parse(xlsform.definition(content))
    return raised.value.problems


def test_a_workbook_with_a_scoring_column_becomes_items_subscales_reverse_items_a_flag_and_bands():
    instrument = parse(xlsform.definition(workbook()))
    assert (instrument.code, instrument.name, instrument.version) == ("test4", "Test instrument (four items)", "2024")
    assert (instrument.respondent, instrument.age_range) == ("self", (8, 17))
    assert instrument.stem == {"en": "Over the last week, how often:"}
    assert [(i["id"], i["text"]["en"], i.get("reverse", False)) for i in instrument.items] == [
        ("1", "Test item one", False),
        ("2", "Test item two", True),
        ("3", "Test item three", False),
        ("4", "Test item four", False),
    ]
    assert instrument.option_values == [0, 1, 2]
    assert {s["code"]: s["items"] for s in instrument.subscales} == {"alpha": ["1", "2"], "beta": ["3", "4"]}
    assert [(f["item"], f["above"]) for f in instrument.flags] == [("4", 0)]
    assert [b["label"]["en"] for b in instrument.bands] == ["Low", "High"]
    assert (instrument.change, instrument.sources) == (
        {"reliable_change": 3, "source": "Test figure"},
        ("Test source A", "Test source B"),
    )
    # Item 2 is reverse-scored (2 - 0 = 2), and item 4's answer above 0 raises the flag.
    result = score(instrument, {"1": 0, "2": 0, "3": 1, "4": 1})
    assert (result.total, result.subscales, result.subscale_bands["beta"]["label"]["en"]) == (
        4,
        {"alpha": 2, "beta": 2},
        "Beta high",
    )
    assert [flag["item"] for flag in result.flags] == ["4"]


def test_labels_in_a_validated_language_become_that_translation():
    survey = [[*row, f"Пункт {row[1]}" if row[0].startswith("select_one") else ""] for row in SHEETS["survey"]]
    survey[0][-1] = "label::Russian (ru)"
    choices = [[*row, {"0": "Никогда", "1": "Иногда", "2": "Часто"}.get(row[1], "")] for row in SHEETS["choices"]]
    choices[0][-1] = "label::Russian (ru)"
    bands = [[*row, f"{row[3]} (ru)"] for row in SHEETS["bands"]]
    bands[0][-1] = "label::Russian (ru)"
    survey[2][-1] = "Вопросы о последней неделе:"  # noqa: RUF001 (Russian text)
    homecoming = [*SHEETS["homecoming"], ["validated_languages", "en, ru"]]
    instrument = parse(xlsform.definition(workbook(survey=survey, choices=choices, bands=bands, homecoming=homecoming)))
    assert instrument.validated_languages() == ["en", "ru"]
    assert instrument.items[0]["text"] == {"en": "Test item one", "ru": "Пункт 1"}
    assert instrument.options[2]["label"] == {"en": "Often", "ru": "Часто"}


def test_a_translation_not_marked_validated_is_refused_rather_than_dropped():
    survey = [[*row, "Пункт" if row[0].startswith("select_one") else ""] for row in SHEETS["survey"]]
    survey[0][-1] = "label::Russian (ru)"
    assert any("“ru”" in p and "validated_languages" in p for p in problems(workbook(survey=survey)))


def test_every_problem_in_a_workbook_is_named_by_sheet_and_row():
    survey = [*SHEETS["survey"][:-1], ["text", "comment", "Anything else?", ""], SHEETS["survey"][-1]]
    choices = [*SHEETS["choices"], ["freq", "often", "Very often"]]
    homecoming = [*SHEETS["homecoming"], ["colour", "blue"], ["age_max", "seventeen"]]
    bands = [*SHEETS["bands"], ["gamma", 0, 1, "No such subscale"]]
    found = problems(workbook(survey=survey, choices=choices, homecoming=homecoming, bands=bands))
    assert "survey, row 8: “text” questions cannot be scored; only select_one questions and notes are imported." in (
        found
    )
    assert "choices, row 6: the answer's name must be its value, a whole number." in found
    assert "homecoming, row 12: unknown key “colour”." in found
    assert "homecoming, row 13: “age_max” must be a number." in found
    assert "bands, row 6: no item belongs to the subscale “gamma”." in found


def test_a_workbook_without_the_extra_sheets_is_told_which_are_missing():
    found = problems(workbook({name: rows for name, rows in SHEETS.items() if name not in ("homecoming", "bands")}))
    assert found == ["The workbook has no “homecoming” sheet.", "The workbook has no “bands” sheet."]


def test_items_on_two_answer_lists_are_refused():
    survey = [*SHEETS["survey"]]
    survey[3] = ["select_one other", "1", "Test item one", "alpha"]
    assert any("same answer list" in p for p in problems(workbook(survey=survey)))


def test_the_definition_check_still_applies_so_a_missing_licence_is_named():
    homecoming = [row for row in SHEETS["homecoming"] if row[0] != "licence_text"]
    assert "The licence text is missing." in problems(workbook(homecoming=homecoming))


def test_a_file_that_is_not_a_workbook_or_unpacks_too_large_is_refused():
    assert problems(b"not a zip") == ["The file is not an .xlsx workbook."]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (xlsform.MAX_UNPACKED_BYTES + 1))
    assert problems(bomb.getvalue()) == ["The workbook unpacks to more than 8 MB; it cannot be an instrument."]
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", b"hello")
    assert problems(broken.getvalue()) == ["The workbook could not be read; save it again as .xlsx."]


def _upload(client, content: bytes):
    return client.post(reverse(ADD), {"file": SimpleUploadedFile("test4.xlsx", content)})


def test_an_administrator_imports_a_workbook_in_the_same_two_steps_and_it_can_be_used(
    client, administrator, psychologist, family
):
    client.force_login(administrator)
    checked = _upload(client, workbook())
    assert "Synthetic test instrument; free to use." in checked.content.decode()
    assert not ImportedDefinition.objects.exists()
    signed = checked.context["confirm"].initial["definition"]
    client.post(reverse(ADD), {"definition": signed, "licence_allows_use": "on"})
    assert ImportedDefinition.objects.get().code == "test4"

    client.force_login(psychologist)
    data = {"administered_on": "2026-03-01", "mode": "paper", "item_1": 2, "item_2": 0, "item_3": 2, "item_4": 0}
    client.post(reverse("screening_new", args=[family.daughter.code, "test4"]), data)
    assert Administration.objects.get().total == 6


def test_a_refused_workbook_lists_its_problems_and_stores_nothing(client, administrator):
    client.force_login(administrator)
    page = _upload(client, workbook(choices=[*SHEETS["choices"], ["freq", "often", "Very often"]])).content.decode()
    assert "choices, row 6: the answer&#x27;s name must be its value, a whole number." in page
    assert "Nothing was saved." in page
    assert not ImportedDefinition.objects.exists()


def test_a_label_column_without_a_language_code_is_named():
    survey = [[*row, ""] for row in SHEETS["survey"]]
    survey[0][-1] = "label::Russian"
    assert any("“label::russian” does not name its language code" in p for p in problems(workbook(survey=survey)))


def test_a_figure_that_is_not_a_finite_number_is_refused():
    homecoming = [*SHEETS["homecoming"], ["change_sd", "nan"]]
    assert "homecoming, row 12: “change_sd” must be a number." in problems(workbook(homecoming=homecoming))
