"""Forms of the practice library: drafting, the search and filters, review, attachments."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from network.library.codes import Domain, Phase, TargetGroup
from network.library.models import Practice, PracticeTranslation

# The practice's own fields a network editor writes (the city, organisation and workflow are set by actions).
EDITABLE = [
    "title",
    "summary",
    "language",
    "phases",
    "target_groups",
    "domains",
    "actors_involved",
    "what_was_done",
    "resources_staff",
    "resources_money",
    "resources_time",
    "outcomes",
    "indicators",
    "instruments_used",
    "status",
    "evidence_strength",
    "evidence_text",
    "transferability",
    "safeguarding_notes",
    "started_on",
]


def indicator_choices() -> list[tuple[str, str]]:
    from mel.indicators import CATALOGUE

    return [(code, f"{code} · {indicator.name}") for code, indicator in CATALOGUE.items()]


class PracticeForm(forms.ModelForm):
    phases = forms.MultipleChoiceField(
        label=_("Phases"), choices=Phase.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"), choices=TargetGroup.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    domains = forms.MultipleChoiceField(
        label=_("Needs domains"), choices=Domain.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    indicators = forms.MultipleChoiceField(
        label=_("Indicators used"), choices=indicator_choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    evidence_text = forms.CharField(
        label=_("Evidence and evaluation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What shows that the practice works, and how it was evaluated (required)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Practice
        fields = EDITABLE
        widgets = {"started_on": DateInput}
        help_texts = {
            "started_on": _("With indicators, the practice page compares the quarter before with the latest one."),
            "transferability": _("What depends on the local context, e.g. the role of religious institutions."),
        }

    def clean_evidence_text(self) -> str:
        text = self.cleaned_data["evidence_text"].strip()
        if not text:
            raise forms.ValidationError(_("Say what the evidence is and how the practice was evaluated."))
        return text

    def practice_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE}


class LibraryFilter(forms.Form):
    optional_unmarked = True  # every field of a filter may be empty: saying so would be noise

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=[("", _("Any")), *Phase.choices])
    domain = forms.ChoiceField(label=_("Needs domain"), required=False, choices=[("", _("Any")), *Domain.choices])
    group = forms.ChoiceField(label=_("Target group"), required=False, choices=[("", _("Any")), *TargetGroup.choices])
    evidence = forms.ChoiceField(
        label=_("Strength of evidence"), required=False, choices=[("", _("Any")), *Practice.Evidence.choices]
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any")), *Practice.Status.choices])

    def value(self, name: str) -> str:
        """The filter's value if the form is valid; "" for an unknown or odd value (it filters nothing)."""
        if not self.is_valid():
            return self.cleaned_data.get(name, "") if hasattr(self, "cleaned_data") else ""
        return self.cleaned_data.get(name) or ""


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Publish")), ("return", _("Send back to draft"))])
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the practice goes back to draft."))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ShareForm(forms.Form):
    shared = forms.ChoiceField(choices=[("yes", _("Share")), ("no", _("Stop sharing"))])


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, DOCX, PNG or JPEG)"))


class TranslationForm(forms.ModelForm):
    class Meta:
        model = PracticeTranslation
        fields = ["title", "summary", "what_was_done"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "what_was_done": forms.Textarea(attrs={"rows": 8})}
