from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PastDateField
from instruments.definitions import Instrument, localised
from instruments.models import Administration


class AdministrationForm(forms.Form):
    """Every item of the instrument, worded exactly as published, in a validated language."""

    administered_on = PastDateField(label=_("Date"))
    mode = forms.ChoiceField(label=_("How"), choices=Administration.Mode.choices, widget=forms.RadioSelect)

    def __init__(self, *args, instrument: Instrument, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        # The instruction above the questions, in the same language as they are.
        self.stem = localised(instrument.stem, language) if instrument.stem.get("en") else ""
        choices = [(option["value"], localised(option["label"], language)) for option in instrument.options]
        for item in instrument.items:
            self.fields[f"item_{item['id']}"] = forms.TypedChoiceField(
                label=f"{item['id']}. {localised(item['text'], language)}",
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        self.initial.setdefault("administered_on", timezone.localdate())
        self.initial.setdefault("mode", Administration.Mode.IN_SESSION)

    def item_fields(self):
        return [self[f"item_{item['id']}"] for item in self.instrument.items]

    def answers(self) -> dict:
        return {item["id"]: self.cleaned_data.get(f"item_{item['id']}") for item in self.instrument.items}
