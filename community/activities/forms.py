"""The activity form and the list's filter form."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from community.models import MAX_ATTENDANCE, Activity
from core.forms import PastDateField, RecordsChoiceField
from directory.models import Jurisdiction, Organisation
from people.models import CODE_ALPHABET, Participant

ATTENDANCE = ("residents", "young_people", "teachers", "participants", "others")
TEXTS = ("title", "district", "aims", "what_happened", "follow_up")
LONG_TEXT = 5000

# A participant code as people.models.new_code makes it (K7QF-2M9D), with or without its
# hyphen, in either case, standing alone (not inside a longer word or number).
_CODE_CHARACTER = f"[{CODE_ALPHABET}{CODE_ALPHABET.lower()}]"
CODE_SHAPED = re.compile(rf"(?<![A-Za-z0-9]){_CODE_CHARACTER}{{4}}-?{_CODE_CHARACTER}{{4}}(?![A-Za-z0-9])")
PARTICIPANT_CODE_REFUSED = _("Write about the activity, not about a participant: remove the participant code.")


def code_shaped_tokens(text: str) -> set[str]:
    """What in ``text`` could be a participant code, written as codes are stored (K7QF-2M9D)."""
    found = set()
    for match in CODE_SHAPED.finditer(text):
        token = match.group().replace("-", "").upper()
        found.add(f"{token[:4]}-{token[4:]}")
    return found


class OrganisationsField(RecordsChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class ActivityForm(forms.ModelForm):
    """An activity of ``organisation``. Participants are counted, never named: there is no field
    that picks one, and a participant code of the organisation in any text is refused."""

    partners = OrganisationsField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Other organisations of the city that took part in organising it."),
    )

    class Meta:
        model = Activity
        fields = ["kind", "title", "held_on", "district", "partners", *ATTENDANCE, "aims", "what_happened", "follow_up"]
        field_classes = {"held_on": PastDateField}
        help_texts = {
            "district": _("A city district at most: no street or address."),
            "participants": _("How many participants of the programme took part. They are counted here, never named."),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in ("aims", "what_happened", "follow_up")}

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["partners"].queryset = Organisation.objects.filter(
            is_active=True, jurisdiction_id=organisation.jurisdiction_id
        ).exclude(pk=organisation.pk)
        for name in ATTENDANCE:
            self.fields[name].min_value = 0
            self.fields[name].widget.attrs.update({"min": "0", "max": str(MAX_ATTENDANCE), "inputmode": "numeric"})
        for name in ("aims", "what_happened", "follow_up"):
            self.fields[name].validators.append(MaxLengthValidator(LONG_TEXT))
            self.fields[name].widget.attrs["maxlength"] = str(LONG_TEXT)

    def clean(self) -> dict:
        data = super().clean()
        counts = [data.get(name) for name in ATTENDANCE]
        if all(count is not None for count in counts) and sum(counts) < 1:
            raise ValidationError(_("Count at least one person who attended."), code="nobody")
        self._refuse_participant_codes(data)
        return data

    def _refuse_participant_codes(self, data: dict) -> None:
        """Any text naming a participant code of the recorder's organisation is refused, field by field."""
        tokens = {name: code_shaped_tokens(data.get(name) or "") for name in TEXTS}
        wanted = set().union(*tokens.values())
        if not wanted:
            return
        known = set(
            Participant.objects.filter(code__in=sorted(wanted), owner=self.organisation).values_list("code", flat=True)
        )
        for name, found in tokens.items():
            if found & known:
                self.add_error(name, ValidationError(PARTICIPANT_CODE_REFUSED, code="participant_code"))


class ActivityEditForm(ActivityForm):
    """The same, naming the version it started from (lost-update guard)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)


# A DHIS2-style year or quarter: 2026, 2026Q3.
PERIOD = re.compile(r"^(?P<year>\d{4})(?:Q(?P<quarter>[1-4]))?$")


def period_dates(code: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a period code; ``ValueError`` for anything else."""
    match = PERIOD.match(code.strip().upper())
    if match is None or not 1900 <= int(match["year"]) <= 2999:
        raise ValueError(code)
    year = int(match["year"])
    if match["quarter"] is None:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    quarter = int(match["quarter"])
    first = datetime.date(year, 3 * quarter - 2, 1)
    after = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    return first, after - datetime.timedelta(days=1)


class ActivityFilterForm(forms.Form):
    """The list's filters (a GET form). The city filter is only for those who read every city."""

    optional_unmarked = True  # every field of a filter may be empty: saying so would be noise

    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("any")), *Activity.Kind.choices], required=False)
    period = forms.CharField(
        label=_("Year or quarter"),
        required=False,
        max_length=6,
        help_text=_("For example 2026 or 2026Q3."),
    )
    district = forms.ChoiceField(label=_("District"), choices=[], required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organised by"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("any"),
        to_field_name="slug",
    )
    city = forms.ModelChoiceField(
        label=_("City"),
        queryset=Jurisdiction.objects.none(),
        required=False,
        empty_label=_("any"),
        to_field_name="slug",
    )

    def __init__(self, *args, activities: QuerySet[Activity], cities: QuerySet[Jurisdiction] | None, **kwargs):
        super().__init__(*args, **kwargs)
        districts = activities.exclude(district="").order_by("district").values_list("district", flat=True).distinct()
        self.fields["district"].choices = [("", _("any")), *((name, name) for name in districts)]
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=activities.values("organisation"))
        if cities is None:
            del self.fields["city"]
        else:
            self.fields["city"].queryset = cities

    def clean_period(self) -> tuple[datetime.date, datetime.date] | None:
        code = self.cleaned_data["period"]
        if not code:
            return None
        try:
            return period_dates(code)
        except ValueError:
            raise ValidationError(_("Write a year (2026) or a quarter (2026Q3).")) from None

    def narrow(self, activities: QuerySet[Activity]) -> QuerySet[Activity]:
        """The activities the valid filters select."""
        data = self.cleaned_data
        if data.get("kind"):
            activities = activities.filter(kind=data["kind"])
        if data.get("period"):
            first, last = data["period"]
            activities = activities.filter(held_on__range=(first, last))
        if data.get("district"):
            activities = activities.filter(district=data["district"])
        if data.get("organisation"):
            activities = activities.filter(organisation=data["organisation"])
        if data.get("city"):
            activities = activities.filter(city=data["city"])
        return activities
