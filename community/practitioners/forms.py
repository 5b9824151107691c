"""Forms of practitioner training and support, and the filter of the training page."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import MAX_ATTENDANCE, Attendance, Course, SupportSession
from core.forms import DateInput, PastDateField, RecordsChoiceField
from directory.models import Membership, Organisation

# Nothing is recorded from before the programme's records began, nor planned more than a year ahead.
EARLIEST = datetime.date(2000, 1, 1)
PLANNED_AHEAD_DAYS = 365
GROUP_ROWS = 6


def not_too_early(day: datetime.date) -> None:
    if day < EARLIEST:
        raise ValidationError(_("Give a date from %(year)s on.") % {"year": EARLIEST.year})


def member_label(membership: Membership) -> str:
    user = membership.user
    return f"{user.get_full_name() or user.username} · {membership.role_label}"


class CourseForm(forms.ModelForm):
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.5"), max_value=Decimal("1000"), max_digits=5, decimal_places=1
    )

    class Meta:
        model = Course
        fields = ["title", "topic", "hours", "organisation", "description", "materials", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"materials": _("Where the course materials are: an address or a reference.")}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None


class TrainingSessionForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())
    held_on = forms.DateField(
        label=_("Date"), widget=DateInput, help_text=_("A session planned up to a year ahead may be recorded.")
    )
    trainer_organisation = forms.ModelChoiceField(label=_("Trainer organisation"), queryset=Organisation.objects.none())
    hours = forms.DecimalField(
        label=_("Hours"),
        required=False,
        min_value=Decimal("0.5"),
        max_value=Decimal("1000"),
        max_digits=5,
        decimal_places=1,
        help_text=_("Leave empty for the course's hours."),
    )
    named = RecordsChoiceField(
        label=_("Named attendees from your organisation"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The session then shows in their training record. Only your organisation sees their names."),
    )

    def __init__(self, *args, courses, trainers, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        self.fields["trainer_organisation"].queryset = trainers
        self.fields["named"].queryset = members
        self.fields["named"].label_from_instance = member_label

    def clean_held_on(self) -> datetime.date:
        day = self.cleaned_data["held_on"]
        not_too_early(day)
        if day > timezone.localdate() + datetime.timedelta(days=PLANNED_AHEAD_DAYS):
            raise ValidationError(_("A session more than a year ahead cannot be recorded yet."))
        return day


class GroupForm(forms.Form):
    """A group of practitioners who attended, counted by organisation kind and discipline."""

    # Blank first choices: an untouched row posts nothing and is left out.
    organisation_kind = forms.ChoiceField(
        label=_("Organisation kind"), required=False, choices=[("", "—"), *Organisation.Kind.choices]
    )
    discipline = forms.ChoiceField(
        label=_("Discipline"), required=False, choices=[("", "—"), *Attendance.Discipline.choices]
    )
    count = forms.IntegerField(label=_("How many"), required=False, min_value=1, max_value=MAX_ATTENDANCE)

    def clean(self):
        data = super().clean()
        filled = [name for name in ("organisation_kind", "discipline", "count") if data.get(name)]
        if filled and len(filled) < 3:
            raise ValidationError(_("Give the organisation kind, the discipline and how many, or leave the row empty."))
        return data

    @property
    def row(self) -> tuple[str, str, int] | None:
        data = getattr(self, "cleaned_data", {})
        if not data.get("count"):
            return None
        return data["organisation_kind"], data["discipline"], data["count"]


GroupFormSet = forms.formset_factory(GroupForm, extra=GROUP_ROWS, max_num=GROUP_ROWS, validate_max=True)


def group_formset(data=None) -> forms.BaseFormSet:
    return GroupFormSet(data, prefix="group")


class SupportSessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=SupportSession.Kind.choices)
    held_on = PastDateField(label=_("Date"))
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.5"), max_value=Decimal("24"), max_digits=4, decimal_places=1
    )
    external = forms.BooleanField(label=_("Led by someone from outside the organisation"), required=False)
    attendees = RecordsChoiceField(
        label=_("Who attended"), queryset=Membership.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members
        self.fields["attendees"].label_from_instance = member_label
        self.initial.setdefault("held_on", timezone.localdate())

    def clean_held_on(self) -> datetime.date:
        day = self.cleaned_data["held_on"]
        not_too_early(day)
        return day


PERIODS = {"3": 3, "12": 12, "24": 24, "all": None}


class TrainingFilter(forms.Form):
    optional_unmarked = True  # every field of a filter may be empty: saying so would be noise

    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=[("", _("any")), *Course.Topic.choices])
    period = forms.ChoiceField(
        label=_("Sessions held"),
        required=False,
        choices=[
            ("12", _("in the last 12 months")),
            ("3", _("in the last 3 months")),
            ("24", _("in the last 24 months")),
            ("all", _("at any time")),
        ],
    )
    city = forms.ChoiceField(label=_("City"), required=False)

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = [("", _("all")), *((city.slug, city.local_name) for city in cities)]
        if len(cities) < 2:
            del self.fields["city"]

    def value(self, name: str) -> str:
        """The chosen value, or the default of a field left empty or refused."""
        self.is_valid()  # cleans the fields; a refused one keeps its default, the others still apply
        return getattr(self, "cleaned_data", {}).get(name) or ""

    @property
    def months(self) -> int | None:
        return PERIODS[self.value("period") or "12"]
