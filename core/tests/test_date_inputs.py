"""Date fields follow the page's language, not the browser's (issue 18 §9): a date is shown and typed
as the language writes it, an example under the field says how, and ISO dates are still accepted."""

import datetime

import pytest
from django import forms
from django.utils import translation

from core.forms import DateInput, DateTimeInput

EIGHTH_OF_NOVEMBER = datetime.date(2023, 11, 8)


class Visit(forms.Form):
    held_on = forms.DateField(label="Held on", widget=DateInput)
    starts_at = forms.DateTimeField(label="Starts at", widget=DateTimeInput, required=False)


@pytest.mark.parametrize(
    ("language", "shown", "example"),
    [
        ("en", "08/11/2023", "For example, 27/03/2026"),
        ("ru", "08.11.2023", "Например, 27.03.2026"),
        ("kk", "08.11.2023", "Мысалы, 27.03.2026"),
    ],
)
def test_a_date_field_shows_the_date_and_an_example_as_the_language_writes_them(language, shown, example):
    with translation.override(language):
        html = str(Visit(initial={"held_on": EIGHTH_OF_NOVEMBER})["held_on"])
    assert 'type="text"' in html
    assert f'value="{shown}"' in html
    assert 'aria-describedby="id_held_on_format"' in html
    assert f'<span class="helptext" id="id_held_on_format">{example}</span>' in html


@pytest.mark.parametrize(
    ("language", "typed"),
    [("en", "08/11/2023"), ("ru", "08.11.2023"), ("kk", "08.11.2023"), ("ru", "2023-11-08"), ("en", "2023-11-08")],
)
def test_a_date_typed_as_the_example_shows_or_in_iso_is_read_day_first(language, typed):
    with translation.override(language):
        form = Visit(data={"held_on": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["held_on"] == EIGHTH_OF_NOVEMBER


def test_an_american_month_first_date_is_refused_in_english():
    with translation.override("en"):
        form = Visit(data={"held_on": "11/30/2023"})
        assert not form.is_valid()
    assert "held_on" in form.errors


@pytest.mark.parametrize(("language", "typed"), [("en", "08/11/2023 14:30"), ("ru", "08.11.2023 14:30")])
def test_a_moment_is_shown_and_typed_with_the_date_as_the_language_writes_it(language, typed, settings):
    settings.TIME_ZONE = "UTC"
    moment = datetime.datetime(2023, 11, 8, 14, 30, tzinfo=datetime.UTC)
    with translation.override(language):
        assert f'value="{typed}"' in str(Visit(initial={"starts_at": moment})["starts_at"])
        form = Visit(data={"held_on": "2023-11-08", "starts_at": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == moment


def test_the_error_and_the_example_both_describe_a_refused_date():
    form = Visit(data={"held_on": "tomorrow"})
    html = str(form["held_on"])
    assert 'aria-describedby="id_held_on_error id_held_on_format"' in html
    assert 'aria-invalid="true"' in html
