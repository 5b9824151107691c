from __future__ import annotations

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from community.models import SurveyRound
from community.surveys.definitions import Survey, localised, shipped
from core.forms import DateInput

NO_ANSWER = ""


class RoundForm(forms.Form):
    survey = forms.ChoiceField(label=_("Survey"))
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("For example: “Spring baseline”."))
    district = forms.CharField(
        label=_("District"),
        max_length=100,
        required=False,
        help_text=_("Optional: a district of the city at most, never a street or an address."),
    )
    starts_on = forms.DateField(label=_("Collected from"), widget=DateInput)
    ends_on = forms.DateField(label=_("Collected until"), widget=DateInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survey"].choices = [(survey.code, survey.name) for survey in shipped().values()]

    def clean(self) -> dict:
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("A round ends on or after the day it starts."))
        return data

    @property
    def chosen(self) -> Survey:
        return shipped()[self.cleaned_data["survey"]]


class PaperForm(forms.Form):
    """One paper form: every item, each with "no answer", and the day it was filled in."""

    collected_on = forms.DateField(label=_("Filled in on"), widget=DateInput)

    def __init__(self, *args, round: SurveyRound, survey: Survey, language: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.round, self.survey = round, survey
        options = [(str(o["value"]), localised(o["label"], language)) for o in survey.options]
        for number, item in enumerate(survey.items, start=1):
            self.fields[f"item_{item['id']}"] = forms.ChoiceField(
                label=f"{number}. {localised(item['text'], language)}",
                choices=[*options, (NO_ANSWER, _("No answer"))],
                required=False,
                initial=NO_ANSWER,
                widget=forms.RadioSelect,
            )
        self.fields["collected_on"].help_text = _("Between %(start)s and %(end)s.") % {
            "start": date_format(round.starts_on),
            "end": date_format(round.ends_on),
        }

    def item_fields(self) -> list:
        return [self[f"item_{item_id}"] for item_id in self.survey.item_ids]

    def clean_collected_on(self):
        day = self.cleaned_data["collected_on"]
        if not self.round.starts_on <= day <= self.round.ends_on:
            raise forms.ValidationError(_("The form was filled in during the round: pick a day within its dates."))
        return day

    def clean(self) -> dict:
        data = super().clean()
        if not self.errors and not any(self.answers().values()):
            raise forms.ValidationError(_("Every question says “no answer”: there is nothing to save."))
        return data

    def answers(self) -> dict[str, int | None]:
        return {
            item_id: int(value) if (value := self.cleaned_data.get(f"item_{item_id}")) else None
            for item_id in self.survey.item_ids
        }
