import functools
from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.forms.boundfield import BoundWidget
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access import policy
from casework.models import Goal, NeedsDomain
from coordination.models import REFERRAL_CATEGORIES, Conference, Referral, Service, Transfer
from core.categories import Category
from core.forms import DateInput, DateTimeInput, PastDateField, RecordsChoiceField
from directory.models import Jurisdiction, Organisation
from people.models import never_shared_with


def _organisation_label(organisation: Organisation) -> str:
    return f"{organisation.name} · {organisation.get_kind_display()} · {organisation.jurisdiction.local_name}"


def other_organisations(membership):
    """Active organisations a case can be shared with: every one but one's own and network hubs."""
    return (
        Organisation.objects.filter(is_active=True)
        .exclude(pk=membership.organisation_id)
        .exclude(kind=Organisation.Kind.NETWORK_HUB)
        .select_related("jurisdiction")
        .order_by("jurisdiction__name", "name")
    )


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return _organisation_label(obj)


@dataclass(frozen=True)
class CategoryRow:
    widget: BoundWidget
    span: policy.ConsentSpan | None  # consented since, until; None: not consented
    never: bool  # no consent opens it to this kind of organisation
    known: bool  # an organisation is chosen: the marks mean something

    @property
    def disabled(self) -> bool:
        return self.never


class ReferralForm(forms.Form):
    to_organisation = OrganisationChoiceField(label=_("Refer to"), queryset=Organisation.objects.none())
    domain = forms.ModelChoiceField(label=_("Needs domain"), queryset=NeedsDomain.objects.filter(is_active=True))
    what = forms.CharField(
        label=_("What is asked"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The service you ask for. Do not write names or contact details here."),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Referral.Urgency.choices, initial=Referral.Urgency.ROUTINE)
    categories = forms.MultipleChoiceField(
        label=_("Data shared with the organisation"),
        choices=[(c, Category(c).label) for c in REFERRAL_CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
    )
    lawful_basis = forms.ChoiceField(
        label=_("Lawful basis for sharing beyond consent"),
        choices=[("", _("None: share only what is consented")), *Referral.LawfulBasis.choices],
        required=False,
    )
    expires_on = forms.DateField(
        label=_("Access ends on"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty for the usual period."),
    )

    def __init__(self, *args, participant, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant
        self.fields["to_organisation"].queryset = other_organisations(membership)
        self.may_override = policy.may_override_consent(membership)
        if not self.may_override:
            # The server refuses an override from anyone else whatever is posted (actions.py).
            del self.fields["lawful_basis"]

    @functools.cached_property
    def organisation(self) -> Organisation | None:
        """The organisation chosen (posted, or asked about), if it is one the case may be shared with."""
        # Only ASCII digits: "²".isdigit() is true, yet no primary key.
        raw = str(self.data.get("to_organisation") or self.initial.get("to_organisation") or "")
        if not (raw.isascii() and raw.isdigit()):
            return None
        return self.fields["to_organisation"].queryset.filter(pk=raw).first()

    @functools.cached_property
    def spans(self) -> dict[str, policy.ConsentSpan]:
        """Each category consented for the organisation chosen, with since when and until when."""
        if self.organisation is None:
            return {}
        return policy.referral_consent_spans(self.participant, self.organisation)

    def consented(self) -> frozenset[str]:
        """Categories consented for the organisation chosen (or asked about), for the form's marks."""
        return frozenset(self.spans)

    def never_shared(self) -> frozenset[str]:
        """Categories no consent opens to the organisation chosen (health and history to the police)."""
        return never_shared_with(self.organisation.kind) if self.organisation else frozenset()

    def missing(self) -> list[str]:
        """Categories consent could still open to the organisation chosen but does not, in the form's order."""
        if self.organisation is None:
            return []
        closed = self.consented() | self.never_shared()
        return [c for c in REFERRAL_CATEGORIES if c not in closed]

    def category_rows(self) -> list[CategoryRow]:
        """Each category's check box with what consent says of it for the organisation chosen."""
        never = self.never_shared()
        return [
            CategoryRow(
                widget=choice,
                span=self.spans.get(choice.data["value"]),
                never=choice.data["value"] in never,
                known=self.organisation is not None,
            )
            for choice in self["categories"]
        ]

    def tickable(self, categories) -> list[str]:
        """The categories that may stay ticked for the organisation chosen: none that no consent can
        open, and none that are not referral categories."""
        never = self.never_shared()
        return [c for c in categories if c in REFERRAL_CATEGORIES and c not in never]

    def clean_expires_on(self):
        day = self.cleaned_data.get("expires_on")
        if day and day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date after today."))
        return day

    def clean(self):
        data = super().clean()
        day, organisation = data.get("expires_on"), data.get("to_organisation")
        if day and organisation:
            latest = policy.referral_access_ends_by(self.participant, organisation, data.get("categories") or ())
            if day > latest:
                self.add_error(
                    "expires_on",
                    _("Access can last until %(date)s at the latest (the usual maximum, or when consent ends).")
                    % {"date": latest.isoformat()},
                )
        return data


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why you decline"), choices=Referral.DeclineReason.choices)


class ServiceRecordForm(forms.Form):
    given_on = PastDateField(label=_("Date"), initial=timezone.localdate)
    description = forms.CharField(label=_("Service given"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class TransferForm(forms.Form):
    to_organisation = OrganisationChoiceField(label=_("Transfer to"), queryset=Organisation.objects.none())
    whole_household = forms.BooleanField(
        label=_("Transfer the whole household"),
        required=False,
        help_text=_("Every member of the household whose case your organisation owns moves together."),
    )
    handover_note = forms.CharField(
        label=_("Handover note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the receiving team needs to know to continue the work."),
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = (
            Organisation.objects.filter(
                is_active=True,
                kind__in=[Organisation.Kind.SOCIAL_SERVICES, Organisation.Kind.REHABILITATION_CENTRE],
            )
            .exclude(pk=membership.organisation_id)
            .select_related("jurisdiction")
            .order_by("jurisdiction__name", "name")
        )


class TransferDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept the case")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Why you decline"), choices=[("", "—"), *Transfer.DeclineReason.choices], required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("reason"):
            self.add_error("reason", _("Say why you decline."))
        return data


class ServiceFilterForm(forms.Form):
    optional_unmarked = True  # every field of a filter may be empty: saying so would be noise

    city = forms.ModelChoiceField(label=_("City"), queryset=None, required=False, empty_label=_("any"))
    domain = forms.ModelChoiceField(
        label=_("Needs domain"),
        queryset=NeedsDomain.objects.filter(is_active=True),
        required=False,
        empty_label=_("any"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("any")), *Organisation.Kind.choices], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = Jurisdiction.objects.filter(level=Jurisdiction.Level.CITY)


# --- Case conferences --------------------------------------------------------------------


class OrganisationsChoiceField(RecordsChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return _organisation_label(obj)


class ConferenceForm(forms.Form):
    scheduled_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput)
    place = forms.CharField(
        label=_("Place or call link"),
        max_length=200,
        required=False,
        help_text=_("An office and room, or a call link. Never the family's address."),
    )
    whole_household = forms.BooleanField(
        label=_("About the whole household"),
        required=False,
        help_text=_("The conference concerns every member of the household, not only this participant."),
    )
    organisations = OrganisationsChoiceField(
        label=_("Organisations to invite"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Invite at least one organisation.")},
        help_text=_(
            "Each invited organisation sees only what the participants consented to share with it for case "
            "conferences, and only the decisions it is responsible for."
        ),
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        # The convening organisation is there already: it is not invited to its own conference.
        self.fields["organisations"].queryset = other_organisations(membership)

    def clean_scheduled_at(self):
        when = self.cleaned_data["scheduled_at"]
        if when <= timezone.now():
            raise forms.ValidationError(_("Choose a date and time in the future."))
        return when


ATTENDANCE = [("", _("Not recorded")), ("yes", _("Attended")), ("no", _("Did not attend"))]
ATTENDED = {"": None, "yes": True, "no": False}


class ConferenceRecordForm(forms.Form):
    """Attendance of each invited organisation, the discussion summary and the status."""

    status = forms.ChoiceField(label=_("The conference"), choices=Conference.Status.choices, widget=forms.RadioSelect)
    summary = forms.CharField(
        label=_("Discussion summary"),
        max_length=6000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Only the participants' case teams read it, never the invited organisations. Write codes, not names."
        ),
    )

    def __init__(self, *args, conference, **kwargs):
        self.invitations = list(conference.invitations.select_related("organisation"))
        initial = {"status": conference.status, "summary": conference.summary}
        for invitation in self.invitations:
            initial[self._name(invitation)] = {None: "", True: "yes", False: "no"}[invitation.attended]
        super().__init__(*args, initial={**initial, **kwargs.pop("initial", {})}, **kwargs)
        self.conference = conference
        attendance = {
            self._name(invitation): forms.ChoiceField(
                label=_("Attendance: %(organisation)s") % {"organisation": invitation.organisation.name},
                choices=ATTENDANCE,
                required=False,
            )
            for invitation in self.invitations
        }
        # Attendance first, in the order of the invitations; then the status and the summary.
        self.fields = {**attendance, **self.fields}

    @staticmethod
    def _name(invitation) -> str:
        return f"attended_{invitation.pk}"

    def attendance(self) -> dict[int, bool | None]:
        return {
            invitation.pk: ATTENDED[self.cleaned_data.get(self._name(invitation)) or ""]
            for invitation in self.invitations
        }

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status == Conference.Status.CANCELLED and any(data.get(self._name(i)) == "yes" for i in self.invitations):
            self.add_error(None, _("Nobody attends a cancelled conference: leave the attendance unrecorded."))
        if status == Conference.Status.HELD and self.conference.scheduled_at > timezone.now():
            self.add_error("status", _("The conference is scheduled for later: it cannot be marked held yet."))
        return data


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Goal) -> str:
        return f"{obj.plan.participant.code} · {obj.domain.name}: {obj.what_matters}"


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What will be done. It becomes an action in the participant's plan. Write codes, not names."),
    )
    participant = forms.ChoiceField(label=_("Participant"))
    goal = GoalChoiceField(
        label=_("Plan goal"),
        queryset=Goal.objects.none(),
        required=False,
        help_text=_("The goal of the participant's plan that the action serves."),
    )
    responsible_organisation = OrganisationChoiceField(
        label=_("Responsible organisation"), queryset=Organisation.objects.none()
    )
    due_on = forms.DateField(label=_("Due"), required=False, widget=DateInput)

    def __init__(self, *args, subjects, organisations, **kwargs):
        """``subjects``: (participant, the user's access to it) for each subject of the conference the user may read."""
        super().__init__(*args, **kwargs)
        self.subjects = {subject.code: subject for subject, _access in subjects}
        self.accesses = {subject.code: access for subject, access in subjects}
        self.fields["participant"].choices = [
            ("", "—"),
            *((s.code, f"{s.code} · {s.get_household_role_display()}") for s in self.subjects.values()),
        ]
        self.fields["goal"].queryset = (
            Goal.objects.filter(plan__participant__in=list(self.subjects.values()))
            .select_related("plan__participant", "domain")
            .order_by("plan__participant__birth_year", "order", "pk")
        )
        self.fields["responsible_organisation"].queryset = organisations.select_related("jurisdiction").order_by(
            "jurisdiction__name", "name"
        )

    def clean_participant(self):
        return self.subjects[self.cleaned_data["participant"]]

    def clean_due_on(self):
        day = self.cleaned_data.get("due_on")
        if day and day < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return day

    def clean(self):
        data = super().clean()
        participant, goal = data.get("participant"), data.get("goal")
        if participant is None:
            return data
        code = {"code": participant.code}
        access = self.accesses[participant.code]
        if access.closed:
            self.add_error(
                "participant", _("The case of %(code)s is closed: it cannot get new actions. Reopen it first.") % code
            )
        elif not access.can_write(Category.NEEDS_PLAN):
            self.add_error("participant", _("You cannot change the plan of %(code)s.") % code)
        elif not Goal.objects.filter(plan__participant=participant).exists():
            self.add_error("goal", _("%(code)s has no goal in the plan yet: add a goal to the plan first.") % code)
        elif goal is None:
            self.add_error("goal", _("Choose the goal of the plan that this decision serves."))
        elif goal.plan.participant_id != participant.pk:
            self.add_error("goal", _("This goal is in the plan of another participant: choose one of %(code)s.") % code)
        return data


# --- The service directory, kept by administrators (issue 18 §12) ----------------------------


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["domain", "description", "contact_point", "accepts_referrals", "is_active"]
        help_texts = {"is_active": _("A service is never deleted: one no longer offered is made inactive.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        domains = NeedsDomain.objects.filter(is_active=True)
        if self.instance.pk:  # a retired domain stays choosable for the entry that already has it
            domains = NeedsDomain.objects.filter(Q(is_active=True) | Q(pk=self.instance.domain_id))
        self.fields["domain"].queryset = domains
