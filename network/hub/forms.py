"""The forms of the hub's member pages in the administration (issue 18 §12)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateTimeInput
from directory.models import Organisation
from network.hub import actions
from network.hub.models import MemberCity, MemberKey


class MemberForm(forms.ModelForm):
    class Meta:
        model = MemberCity
        fields = ["name", "organisation", "active"]
        help_texts = {"active": _("An inactive member's reports are refused; those it sent stay.")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")


class MemberKeyForm(forms.ModelForm):
    """A city's rotated key: the fingerprint it read out must match the key pasted here."""

    class Meta:
        model = MemberKey
        fields = ["public_key", "fingerprint", "valid_from", "valid_until"]
        widgets = {"valid_from": DateTimeInput, "valid_until": DateTimeInput}
        help_texts = {
            "fingerprint": _("As the city read it to you, on a call you placed."),
            "valid_until": _("Leave empty: give the old key an end instead."),
        }

    def __init__(self, *args, member: MemberCity, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.member = member

    def clean(self) -> dict:
        data = super().clean()
        if data.get("public_key") and data.get("fingerprint"):
            try:
                data["fingerprint"] = actions.checked_key(data["public_key"], data["fingerprint"])
            except actions.EnrolmentError as error:
                self.add_error("fingerprint", str(error))
            else:
                if self.member.keys.filter(fingerprint=data["fingerprint"]).exists():
                    self.add_error("public_key", _("This key is already registered for this member."))
        if data.get("valid_from") and data.get("valid_until") and data["valid_until"] <= data["valid_from"]:
            self.add_error("valid_until", _("The end must come after the start."))
        return data


class EndKeyForm(forms.Form):
    valid_until = forms.DateTimeField(
        label=_("Valid until"),
        widget=DateTimeInput,
        help_text=_("The old key stays valid until then, so that reports signed before the rotation still arrive."),
    )

    def __init__(self, *args, key: MemberKey, **kwargs) -> None:
        kwargs.setdefault("initial", {"valid_until": timezone.localtime().replace(second=0, microsecond=0)})
        super().__init__(*args, **kwargs)
        self.key = key

    def clean_valid_until(self):
        until = self.cleaned_data["valid_until"]
        if until <= self.key.valid_from:
            raise forms.ValidationError(_("The end must come after the start."))
        return until
