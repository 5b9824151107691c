from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.experiences.rules import TEXT_LIMIT, check_dates
from community.models import CivicParticipation, StigmaIncident
from core.forms import DateInput, PastDateField
from people.models import Participant

BLANK = [("", _("Choose…"))]


class _DatedForm(forms.Form):
    """A form about one participant whose dates are checked against their year of birth."""

    date_field = ""

    def __init__(self, *args, participant: Participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant

    def clean(self):
        data = super().clean()
        on = data.get(self.date_field)
        if on and not self.errors:
            try:
                check_dates(self.participant, field=self.date_field, on=on, until=data.get("ended_on"))
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field, messages)
        return data


class IncidentForm(_DatedForm):
    date_field = "occurred_on"

    occurred_on = PastDateField(label=_("Date"))
    setting = forms.ChoiceField(label=_("Where it happened"), choices=BLANK + StigmaIncident.Setting.choices)
    what_happened = forms.CharField(
        label=_("What happened"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few neutral words, without names of the people involved."),
    )
    what_was_done = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CivicForm(_DatedForm):
    date_field = "started_on"

    kind = forms.ChoiceField(
        label=_("Type"),
        choices=BLANK + CivicParticipation.Kind.choices,
        help_text=_("Speaking about their experience is recorded only when the participant chose to do so."),
    )
    started_on = PastDateField(label=pgettext_lazy("start of a period", "From"))
    ended_on = forms.DateField(
        label=pgettext_lazy("end of a period", "Until"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty for a single day; a date ahead for something that goes on."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
