"""One date format per language, the day first in each: Kazakh with the month in words, in lower case;
English as "8 Nov 2023", never the American month first."""

import datetime

import pytest
from django.utils import formats, translation

EIGHTH_OF_NOVEMBER = datetime.date(2023, 11, 8)


@pytest.mark.parametrize(
    ("language", "written"),
    [("kk", "8 қараша 2023 ж."), ("ru", "8 ноября 2023 г."), ("en", "8 Nov 2023")],  # noqa: RUF001
)
def test_a_date_is_written_as_the_language_writes_it(language, written):
    with translation.override(language):
        assert formats.date_format(EIGHTH_OF_NOVEMBER) == written


def test_kazakh_short_dates_and_typed_dates_put_the_day_first():
    with translation.override("kk"):
        assert formats.date_format(EIGHTH_OF_NOVEMBER, "SHORT_DATE_FORMAT") == "08.11.2023"
        assert formats.get_format("DATE_INPUT_FORMATS")[:2] == ["%d.%m.%Y", "%Y-%m-%d"]


@pytest.mark.parametrize(
    ("language", "written"),
    [("kk", "8 қараша 2023 ж. 03:07"), ("ru", "8 ноября 2023 г. 3:07"), ("en", "8 Nov 2023, 03:07")],  # noqa: RUF001
)
def test_a_moment_is_written_with_the_day_first_and_a_24_hour_clock(language, written):
    with translation.override(language):
        assert formats.date_format(datetime.datetime(2023, 11, 8, 3, 7), "DATETIME_FORMAT") == written


def test_an_english_date_typed_day_first_is_read_day_first():
    from django import forms

    with translation.override("en"):
        assert forms.DateField().clean("08/11/2023") == EIGHTH_OF_NOVEMBER
        assert forms.DateField().clean("2023-11-08") == EIGHTH_OF_NOVEMBER
