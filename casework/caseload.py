"""The caseload: the participants a user works with, filtered and sorted in the database."""

import datetime

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models import Action, NeedsAssessment, NeedsDomain, NeedsRating, Phase, PhaseRecord, Rating
from core import listings
from people.models import AGE_BANDS, Participant

SORTS = {
    "code": ("code",),
    "age": ("-birth_year", "code"),
    "review": ("plan__review_on", "code"),
    "registered": ("-created_at", "code"),
    "household": ("household__code", "birth_year"),
}


class CaseloadFilter(forms.Form):
    optional_unmarked = True  # every field of a filter may be empty: saying so would be noise

    code = forms.CharField(label=_("Code"), required=False, max_length=9)
    phase = forms.ChoiceField(label=_("Current phase"), required=False, choices=[("", _("any")), *Phase.choices])
    need_domain = forms.ModelChoiceField(
        label=_("Need in domain"),
        queryset=NeedsDomain.objects.filter(is_active=True),
        required=False,
        empty_label=_("any domain"),
    )
    need_at_most = forms.TypedChoiceField(
        label=_("Latest rating at most"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("any")), *Rating.choices],
    )
    overdue = forms.BooleanField(label=_("With overdue actions"), required=False)
    review_within = forms.TypedChoiceField(
        label=_("Review due within"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("any time")), (7, _("7 days")), (30, _("30 days")), (90, _("90 days"))],
    )
    age_band = forms.ChoiceField(label=_("Age band"), required=False, choices=[])
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", _("any")), *Participant.Sex.choices])
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("household", _("Household")),
            ("code", _("Code")),
            ("age", _("Youngest first")),
            ("review", _("Next review")),
            ("registered", _("Newest first")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bands = [
            (f"{low}-{high or ''}", f"{low}+" if high is None else f"{low}\u2013{high}") for low, high in AGE_BANDS
        ]
        self.fields["age_band"].choices = [("", _("any")), *bands]
        self.fields["need_domain"].label_from_instance = lambda domain: domain.name

    def apply(self, participants: QuerySet) -> QuerySet:
        data = self.cleaned_data if self.is_valid() else {}
        today = timezone.localdate()
        if data.get("code"):
            query = data["code"].strip().upper()
            participants = participants.filter(Q(code__contains=query) | Q(household__code__contains=query))
        if data.get("phase"):
            current = PhaseRecord.objects.current().filter(participant=OuterRef("pk"), phase=data["phase"])
            participants = participants.filter(Exists(current))
        if data.get("need_at_most"):
            participants = _latest_rating_at_most(participants, data["need_at_most"], data.get("need_domain"))
        if data.get("overdue"):
            participants = participants.filter(Exists(_overdue_actions(today)))
        if data.get("review_within"):
            participants = participants.filter(
                plan__review_on__lte=today + datetime.timedelta(days=data["review_within"])
            )
        if data.get("age_band"):
            low, high = data["age_band"].split("-")
            participants = participants.filter(birth_year__lte=today.year - int(low))
            if high:
                participants = participants.filter(birth_year__gte=today.year - int(high))
        if data.get("sex"):
            participants = participants.filter(sex=data["sex"])
        return participants.order_by(*SORTS.get(data.get("sort") or "household", SORTS["household"]))


def _overdue_actions(today: datetime.date) -> QuerySet:
    return Action.objects.filter(goal__plan__participant=OuterRef("pk"), due_on__lt=today).exclude(
        status=Action.Status.DONE
    )


def _latest_rating_at_most(participants: QuerySet, at_most: int, domain) -> QuerySet:
    """Participants with a rating at or below ``at_most`` in their latest assessment; with a domain,
    in the latest assessment that rated that domain. One lookup per listed participant, by index:
    a rating joined back to "the latest assessment" was re-planned for every rating of the domain."""
    if domain is None:
        latest_id = NeedsAssessment.objects.filter(participant=OuterRef(OuterRef("pk"))).order_by("-assessed_on", "-pk")
        low = NeedsRating.objects.filter(rating__lte=at_most, assessment=Subquery(latest_id.values("pk")[:1]))
        return participants.filter(Exists(low))
    # From the participant's assessments (by participant), each asked for its rating of the domain
    # (by assessment and domain): SQLite without statistics otherwise starts from every rating of
    # the domain.
    rated = NeedsRating.objects.filter(assessment=OuterRef("pk"), domain=domain).values("rating")[:1]
    latest = (
        NeedsAssessment.objects.filter(participant=OuterRef("pk"))
        .annotate(rating=Subquery(rated))
        .filter(rating__isnull=False)
        .order_by("-assessed_on", "-pk")
        .values("rating")[:1]
    )
    return participants.alias(latest_rating=Subquery(latest)).filter(latest_rating__lte=at_most)


def narrowed_by_other_apps(request, participants: QuerySet) -> tuple[QuerySet, list[listings.Narrowed], str]:
    """The caseload narrowed by the filters other apps registered (core/listings.py), e.g. the
    people an indicator counts: their notes, and the message of a filter that refused."""
    try:
        narrowed, notes = listings.narrow(request, participants)
    except listings.Refused as refused:
        return participants.none(), [], refused.message
    return narrowed, notes, ""


def caseload_rows(participants: QuerySet) -> QuerySet:
    """What each row shows, in a fixed number of queries whatever the caseload's size."""
    return participants.select_related("household", "plan").prefetch_related("phases")


def with_overdue_marks(page: list[Participant]) -> list[Participant]:
    """Marks the rows of one page that have overdue actions (``has_overdue``), in one query.

    Asked of the page's rows only: as a column of the list's query, PostgreSQL planned it as a
    hashed subplan over every overdue action of the database, before sorting and paging."""
    today = timezone.localdate()
    overdue = set(
        Action.objects.filter(goal__plan__participant__in=[p.pk for p in page], due_on__lt=today)
        .exclude(status=Action.Status.DONE)
        .values_list("goal__plan__participant_id", flat=True)
    )
    for participant in page:
        participant.has_overdue = participant.pk in overdue
    return page
