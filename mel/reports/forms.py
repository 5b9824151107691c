from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mel.periods import Period

TEXT_LIMIT = 10_000


def report_periods(today: datetime.date | None = None) -> list[Period]:
    """The periods a report may cover: the last eight complete quarters and two complete years."""
    today = today or timezone.localdate()
    quarter = Period.containing(today, "quarter").previous()
    year = Period.containing(today, "year").previous()
    return [*reversed(quarter.last(8)), *reversed(year.last(2))]


class StartForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), help_text=_("A complete quarter or year."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.code, p.code) for p in report_periods()]

    def clean_period(self) -> Period:
        return Period.parse(self.cleaned_data["period"])


class NarrativeForm(forms.Form):
    what_worked = forms.CharField(
        label=_("What worked"), required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 5})
    )
    needed_from_government = forms.CharField(
        label=_("What is needed from central government"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    changes = forms.CharField(
        label=_("What changed in this version"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to issue a corrected version."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)

    def __init__(self, *args, correcting: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not correcting:
            del self.fields["changes"]


class VersionForm(forms.Form):
    """The draft's version the "Issue" or "Correct" button was pressed against."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)
