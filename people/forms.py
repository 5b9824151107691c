from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.categories import TEAM_ONLY, Category
from core.forms import DateInput, PastDateField
from directory.models import Organisation
from people.models import Consent, Participant, never_shared_with

MAX_PHOTO_BYTES = 2 * 1024 * 1024
PHOTO_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


class HouseholdForm(forms.Form):
    address = forms.CharField(
        label=_("Address"), required=False, max_length=300, help_text=_("Stored encrypted, for every member.")
    )
    returned_on = PastDateField(label=_("Returned to the country on"), required=False)
    arrived_on = PastDateField(label=_("Arrived in the city on"), required=False)
    confirm_duplicates = forms.BooleanField(
        label=_("I have checked the possible duplicates above: register anyway"), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("returned_on") and data.get("arrived_on") and data["arrived_on"] < data["returned_on"]:
            self.add_error("arrived_on", _("Arrival in the city cannot be before the return to the country."))
        return data


class MemberForm(forms.Form):
    # Blank first choices: an untouched extra member form must post nothing, or it would
    # count as filled in and be refused for its missing name.
    household_role = forms.ChoiceField(
        label=_("Role in household"), choices=[("", "—"), *Participant.HouseholdRole.choices]
    )
    full_name = forms.CharField(label=_("Legal name"), max_length=200, help_text=_("Stored encrypted."))
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Participant.Sex.choices])
    date_of_birth = PastDateField(label=_("Date of birth"), required=False)
    birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, help_text=_("If the exact date of birth is not known.")
    )
    document_number = forms.CharField(label=_("Document number"), required=False, max_length=64)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=32)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        born = data.get("date_of_birth")
        year = data.get("birth_year")
        if born:
            data["birth_year"] = born.year
        elif year is None:
            self.add_error("birth_year", _("Give the date of birth, or at least the year."))
        elif not 1900 <= year <= today.year:
            self.add_error("birth_year", _("Give a year between 1900 and %(year)s.") % {"year": today.year})
        if data.get("household_role") == Participant.HouseholdRole.MOTHER and data.get("sex") == "male":
            self.add_error("sex", _("A mother is recorded as female."))
        return data


class BaseMemberFormSet(forms.BaseFormSet):
    row_label = _("Member %(number)s")  # in the error summary (core/templatetags/form_errors.py)

    def clean(self):
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.has_changed() and not self._should_delete_form(f)]
        if not filled:
            raise ValidationError(_("Add at least one member of the household."))


def member_formset_class(extra: int = 0):
    """Member forms: the first is required, ``extra`` more may be left empty."""
    return forms.formset_factory(
        MemberForm, formset=BaseMemberFormSet, extra=extra, min_num=1, max_num=12, validate_max=True
    )


MemberFormSet = member_formset_class()


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to see the identity?"),
        max_length=300,
        widget=forms.TextInput,
        help_text=_("Recorded in the audit log."),
    )


class EmergencyAccessForm(forms.Form):
    code = forms.CharField(label=_("Participant code"), max_length=9)
    reason = forms.CharField(
        label=_("Reason for emergency access"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()


class ConsentForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("What may be shared"),
        choices=[(value, label) for value, label in Category.choices if value not in TEAM_ONLY],
        widget=forms.CheckboxSelectMultiple,
    )
    recipient_organisation = forms.ModelChoiceField(
        label=_("With this organisation"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
    )
    recipient_kind = forms.ChoiceField(
        label=_("Or with any organisation of this kind"),
        choices=[("", "—"), *Organisation.Kind.choices],
        required=False,
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Consent.Purpose.choices)
    given_by = forms.ChoiceField(label=_("Given by"), choices=Consent.GivenBy.choices, widget=forms.RadioSelect)
    guardian = forms.ModelChoiceField(label=_("Guardian"), queryset=Participant.objects.none(), required=False)
    given_on = PastDateField(label=_("Given on"))
    expires_on = forms.DateField(label=_("Valid until"), required=False, widget=DateInput)

    def __init__(self, *args, participant: Participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant
        self.fields["guardian"].queryset = participant.household.members.exclude(pk=participant.pk).filter(
            birth_year__lte=timezone.localdate().year - 18
        )
        self.fields["guardian"].label_from_instance = lambda p: f"{p.code} · {p.get_household_role_display()}"
        self.initial.setdefault("given_on", timezone.localdate())
        self.initial.setdefault("given_by", "guardian" if participant.is_child else "participant")

    def clean(self):
        data = super().clean()
        if bool(data.get("recipient_organisation")) == bool(data.get("recipient_kind")):
            raise ValidationError(_("Choose either one organisation or a kind of organisation."))
        if self.participant.is_child and data.get("given_by") != Consent.GivenBy.GUARDIAN:
            self.add_error("given_by", _("For a child, consent is given by a guardian."))
        if data.get("given_by") == Consent.GivenBy.GUARDIAN and not data.get("guardian"):
            self.add_error("guardian", _("Choose the guardian who gave consent."))
        if data.get("given_by") == Consent.GivenBy.PARTICIPANT:
            data["guardian"] = None
        given, expires = data.get("given_on"), data.get("expires_on")
        if given and expires and expires < given:
            self.add_error("expires_on", _("Consent cannot end before it was given."))
        organisation = data.get("recipient_organisation")
        kind = organisation.kind if organisation else data.get("recipient_kind") or ""
        if refused := never_shared_with(kind) & set(data.get("categories") or ()):
            self.add_error(
                "categories",
                _("%(categories)s are never shared with the police, whatever the consent. Untick them.")
                % {"categories": ", ".join(str(Category(c).label) for c in sorted(refused))},
            )
        return data


def consent_prefill(query) -> dict:
    """What a link may fill in on the consent form (a referral asking for consent): the organisation,
    the purpose and the categories, each only if it is a value the form offers; nothing else."""
    fields = ConsentForm.base_fields
    initial: dict = {}
    raw = str(query.get("recipient_organisation", ""))
    # Only ASCII digits: "²".isdigit() is true, yet no primary key.
    if raw.isascii() and raw.isdigit() and Organisation.objects.filter(pk=raw, is_active=True).exists():
        initial["recipient_organisation"] = raw
    purposes = {value for value, _label in fields["purpose"].choices}
    if query.get("purpose") in purposes:
        initial["purpose"] = query["purpose"]
    offered = {value for value, _label in fields["categories"].choices}
    if categories := [c for c in query.getlist("categories") if c in offered]:
        initial["categories"] = categories
    return initial


def read_photo(upload) -> tuple[bytes, str]:
    """The bytes and type of an uploaded photo, checked by content rather than by name."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("The photo is larger than 2 MB."))
    data = upload.read()
    for magic, content_type in PHOTO_TYPES.items():
        if data.startswith(magic):
            return data, content_type
    raise ValidationError(_("The photo must be a JPEG or PNG image."))
