"""The forms of evaluation extracts: the M&E officer's request and the coordinator's decision."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mel.extracts.models import ExtractRequest
from mel.periods import Period, PeriodError
from mel.scope import Scope


class RequestForm(forms.Form):
    variables = forms.MultipleChoiceField(
        label=_("Variables"), choices=ExtractRequest.Variable.choices, widget=forms.CheckboxSelectMultiple
    )
    period = forms.CharField(label=_("Period"), max_length=10, help_text=_("A quarter (2026Q3) or a year (2026)."))
    jurisdiction = forms.ChoiceField(label=_("City"), required=False)
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The evaluation this dataset is for, and why it needs these variables."),
    )

    def __init__(self, data=None, *, scope: Scope) -> None:
        super().__init__(data)
        self.scope = scope
        everywhere = _("Every city you see") if len(scope.cities) > 1 else _("Your whole view")
        self.fields["jurisdiction"].choices = [("", everywhere), *((c.slug, c.name) for c in scope.cities)]

    def clean_period(self) -> Period:
        try:
            period = Period.parse(self.cleaned_data["period"])
        except PeriodError as error:
            raise ValidationError(str(error)) from None
        if period.kind == "month":
            raise ValidationError(_("An extract covers a quarter or a year."))
        return period

    def clean_purpose(self) -> str:
        purpose = self.cleaned_data["purpose"].strip()
        if not purpose:
            raise ValidationError(_("Say what the extract is for."))
        return purpose

    def narrowed_scope(self) -> Scope:
        slug = self.cleaned_data.get("jurisdiction")
        return self.scope.narrowed_to(slug) if slug else self.scope


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for a refusal"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why the request is refused."))
        return cleaned
