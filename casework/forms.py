from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.actions import check_milestone_dates
from casework.models import Action, Closure, ContactNote, MilestoneKind, NeedsDomain, Phase, Rating
from core.forms import DateInput, PastDateField, RecordsChoiceField
from directory.models import Membership, Organisation, Role


class TeamForm(forms.Form):
    membership = forms.ModelChoiceField(label=_("Practitioner"), queryset=None)
    is_lead = forms.BooleanField(label=_("Lead case worker"), required=False)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = candidates
        self.fields["membership"].label_from_instance = lambda m: (
            f"{m.user.get_full_name() or m.user.username} · {m.role_label} · {m.organisation}"
        )

    def clean(self):
        data = super().clean()
        membership = data.get("membership")
        if data.get("is_lead") and membership and membership.role != "case_worker":
            self.add_error("is_lead", _("The lead is a case worker."))
        return data


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=[])
    started_on = PastDateField(label=_("Started on"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = Phase.choices


class NoteForm(forms.Form):
    occurred_on = PastDateField(label=_("Date"))
    kind = forms.ChoiceField(label=_("Type"), choices=[])
    domains = RecordsChoiceField(
        label=_("Domains touched"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 6}))
    sensitivity = forms.ChoiceField(label=_("Who may read it"), choices=[], widget=forms.RadioSelect)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, clinical_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ContactNote.Kind.choices
        self.fields["domains"].queryset = NeedsDomain.objects.filter(is_active=True)
        self.fields["domains"].label_from_instance = lambda domain: domain.name
        choices = ContactNote.Sensitivity.choices
        self.fields["sensitivity"].choices = choices if clinical_allowed else choices[:1]
        self.initial.setdefault("sensitivity", ContactNote.Sensitivity.TEAM)


class AssessmentForm(forms.Form):
    """One rating (1 to 5), strengths and a note for each domain that applies to the participant."""

    assessed_on = PastDateField(label=_("Assessed on"))

    def __init__(self, *args, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = list(domains)
        for domain in self.domains:
            choices = [("", _("not assessed")), *Rating.choices] if domain.is_optional else Rating.choices
            self.fields[f"rating_{domain.pk}"] = forms.TypedChoiceField(
                label=domain.name,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=not domain.is_optional,
                widget=forms.RadioSelect,
            )
            self.fields[f"strengths_{domain.pk}"] = forms.CharField(
                label=_("Strengths"), max_length=300, required=False
            )
            self.fields[f"note_{domain.pk}"] = forms.CharField(label=_("Note"), max_length=300, required=False)

    def rows(self):
        for domain in self.domains:
            yield domain, self[f"rating_{domain.pk}"], self[f"strengths_{domain.pk}"], self[f"note_{domain.pk}"]

    def ratings(self) -> list[tuple]:
        return [
            (
                d,
                self.cleaned_data[f"rating_{d.pk}"],
                self.cleaned_data[f"strengths_{d.pk}"],
                self.cleaned_data[f"note_{d.pk}"],
            )
            for d in self.domains
            if self.cleaned_data.get(f"rating_{d.pk}") is not None
        ]


class PlanVersionMixin(forms.Form):
    """Every change to a plan names the plan version it started from (lost-update guard)."""

    plan_version = forms.IntegerField(widget=forms.HiddenInput)


class PlanForm(PlanVersionMixin):
    review_on = forms.DateField(label=_("Next review"), required=False, widget=DateInput)


class GoalForm(PlanVersionMixin):
    domain = forms.ModelChoiceField(label=_("Domain"), queryset=NeedsDomain.objects.filter(is_active=True))
    what_matters = forms.CharField(
        label=_("What matters to me"),
        max_length=300,
        help_text=_("In the participant's own words."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].label_from_instance = lambda domain: domain.name


class ActionForm(PlanVersionMixin):
    description = forms.CharField(label=_("Action"), max_length=300)
    responsible_organisation = forms.ModelChoiceField(label=_("Responsible organisation"), queryset=None)
    responsible_person = forms.ModelChoiceField(label=_("Responsible person"), queryset=None, required=False)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DateInput)
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    blocked_reason = forms.ChoiceField(
        label=_("Why blocked"), choices=[("", "—"), *Action.BlockedReason.choices], required=False
    )

    def __init__(self, *args, organisations, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_organisation"].queryset = organisations
        self.fields["responsible_person"].queryset = people
        self.fields["responsible_person"].label_from_instance = lambda m: (
            f"{m.user.get_full_name() or m.user.username} · {m.role_label} · {m.organisation}"
        )

    def clean(self):
        data = super().clean()
        if data.get("status") == Action.Status.BLOCKED and not data.get("blocked_reason"):
            self.add_error("blocked_reason", _("Say why the action is blocked."))
        if data.get("status") != Action.Status.BLOCKED:
            data["blocked_reason"] = ""
        person, organisation = data.get("responsible_person"), data.get("responsible_organisation")
        if person and organisation and person.organisation_id != organisation.pk:
            self.add_error("responsible_person", _("This person is not in the responsible organisation."))
        return data


def action_choices(participant) -> dict:
    """The organisations and people an action may be given to: those of the participant's city."""
    organisations = Organisation.objects.filter(is_active=True, jurisdiction=participant.owner.jurisdiction_id)
    people = (
        Membership.objects.active()
        .filter(organisation__in=organisations)
        .exclude(role__in=[Role.ME_OFFICER, Role.NETWORK_EDITOR, Role.ADMINISTRATOR])
        .select_related("user", "organisation")
    )
    return {"organisations": organisations, "people": people}


class ReviewForm(forms.Form):
    scheduled_on = forms.DateField(label=_("Review on"), widget=DateInput)


class ReviewOutcomeForm(forms.Form):
    held_on = PastDateField(label=_("Held on"))
    outcome = forms.CharField(label=_("Outcome"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class ClosureForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why close the case?"), choices=Closure.Reason.choices, widget=forms.RadioSelect)


class MilestoneForm(forms.Form):
    """A new milestone (with its kind) or an edit of one (dates and note; the kind stays)."""

    kind = forms.ModelChoiceField(label=_("Milestone"), queryset=None, empty_label=None)
    reached_on = PastDateField(label=_("Reached on"))
    lost_on = PastDateField(
        label=_("Ended on"), required=False, help_text=_("If it no longer holds: a job ended, the family moved.")
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is None:  # an edit: the kind is the milestone's
            del self.fields["kind"]
        else:
            self.fields["kind"].queryset = MilestoneKind.objects.filter(pk__in=[kind.pk for kind in kinds])
            self.fields["kind"].label_from_instance = lambda kind: kind.name
            del self.fields["lost_on"]  # a new milestone holds: it ends by an edit

    def clean(self):
        data = super().clean()
        if data.get("reached_on") and "lost_on" not in self.errors:
            try:
                check_milestone_dates(data["reached_on"], data.get("lost_on"))
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    if field not in self.errors:
                        self.add_error(field, messages)
        return data


class MilestoneVersionForm(forms.Form):
    """A removal names the version it saw (lost-update guard)."""

    version = forms.IntegerField(min_value=0, max_value=2**31 - 1)


# --- Needs domains and milestone kinds, kept by administrators (issue 18 §12) ----------------


def referred_to(item: models.Model) -> bool:
    """Whether any row refers to ``item`` (a rating, goal, service, referral, milestone, or a history
    row of one): every reverse relation of its model is asked, those without a related name too, so
    that a relation added later is covered without a change here."""
    for relation in item._meta.get_fields(include_hidden=True):
        reverse = relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)
        if reverse and relation.related_model._base_manager.filter(**{relation.field.name: item}).exists():
            return True
    return False


class ReferenceForm(forms.ModelForm):
    """A needs domain's or milestone kind's form. Its code is fixed once anything refers to it:
    the indicators, extracts and the DHIS2 mapping name domains and kinds by their codes, so a
    changed code would split a series in two."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and referred_to(self.instance):
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("Records refer to this code: it cannot change.")
        else:
            self.fields["code"].help_text = _("Lower-case letters, digits, hyphens and underscores, e.g. housing.")
        self.fields["is_active"].help_text = _("Never deleted: one no longer offered is taken out of use here.")
        self.fields["order"].help_text = _("Lists show lower numbers first.")


class NeedsDomainForm(ReferenceForm):
    class Meta:
        model = NeedsDomain
        fields = [
            "code",
            "name_en",
            "name_ru",
            "name_kk",
            "category",
            "applies_to",
            "is_optional",
            "is_active",
            "order",
        ]


class MilestoneKindForm(ReferenceForm):
    class Meta:
        model = MilestoneKind
        fields = ["code", "name_en", "name_ru", "name_kk", "category", "applies_to", "is_active", "order"]
