"""One date format per language: Kazakh puts the day first and the month in words, in lower case."""

import datetime

import pytest
from django.utils import formats, translation

EIGHTH_OF_NOVEMBER = datetime.date(2023, 11, 8)


@pytest.mark.parametrize(
    ("language", "written"),
    [("kk", "8 қараша 2023 ж."), ("ru", "8 ноября 2023 г."), ("en", "Nov. 8, 2023")],  # noqa: RUF001
)
def test_a_date_is_written_as_the_language_writes_it(language, written):
    with translation.override(language):
        assert formats.date_format(EIGHTH_OF_NOVEMBER) == written


def test_kazakh_short_dates_and_typed_dates_put_the_day_first():
    with translation.override("kk"):
        assert formats.date_format(EIGHTH_OF_NOVEMBER, "SHORT_DATE_FORMAT") == "08.11.2023"
        assert formats.get_format("DATE_INPUT_FORMATS")[:2] == ["%d.%m.%Y", "%Y-%m-%d"]
