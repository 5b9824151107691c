"""Case conferences: a coordinator convenes organisations about a participant or a household.

Who sees what is decided in access/policy/conferences.py. The subjects' case teams see the whole
conference; an invited organisation sees the date, the place and who is invited, what each
subject consented to share with it for conferences, and the decisions it is responsible
for — never the discussion summary.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access import policy
from accounts.http import AppRequest
from casework.actions import Conflict
from coordination import actions
from coordination.forms import ConferenceForm, ConferenceRecordForm, DecisionForm
from coordination.models import Conference
from coordination.shared import shared_record
from core.audit import AuditAction, for_participant
from core.categories import Category
from directory.models import Organisation
from people.models import Participant


@login_required
def conference_new(request: AppRequest, code: str) -> HttpResponse:
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN, need=lambda access: access.manages_team)
    form = ConferenceForm(request.POST or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        conference = actions.schedule_conference(
            actor=request.actor,
            participant=opened.participant,
            whole_household=data["whole_household"],
            scheduled_at=data["scheduled_at"],
            place=data["place"],
            organisations=data["organisations"],
        )
        messages.success(request, _("Conference scheduled. The invited organisations have been told."))
        return HttpResponseRedirect(reverse("conference", args=[conference.pk]))
    context = {"participant": opened.participant, "access": opened.access, "form": form}
    return render(request, "coordination/conference_form.html", context)


def _chairs(opened: policy.OpenedConference) -> bool:
    """Records the conference and its decisions: a coordinator managing a subject's team."""
    return opened.side == "team" and any(access.manages_team for _subject, access in opened.subjects)


def _chaired(request: AppRequest, conference_id: int) -> policy.OpenedConference:
    """A conference the acting user chairs, not cancelled: 404 to anyone else, 403 once
    cancelled; checked before any form is read."""
    opened = policy.open_conference(request, conference_id)
    if not _chairs(opened):
        raise Http404
    if opened.conference.status == Conference.Status.CANCELLED:
        raise PermissionDenied
    return opened


def _decision_form(opened: policy.OpenedConference, data=None, initial=None) -> DecisionForm:
    conference = opened.conference
    # Those present, and the organisations of the city that convened, may take on an action.
    organisations = (
        Organisation.objects.filter(is_active=True)
        .exclude(kind=Organisation.Kind.NETWORK_HUB)
        .filter(
            Q(pk=conference.organisation_id)
            | Q(conference_invitations__conference=conference)
            | Q(jurisdiction=conference.organisation.jurisdiction_id)
        )
        .distinct()
    )
    readable = [(subject, access) for subject, access in opened.subjects if access.can_read(Category.NEEDS_PLAN)]
    return DecisionForm(data, initial=initial, subjects=readable, organisations=organisations)


def _without_goals(form: DecisionForm) -> list[Participant]:
    """Subjects that cannot get a decision yet: their plan has no goal to put the action under."""
    with_goals = set(form.fields["goal"].queryset.values_list("plan__participant", flat=True))
    return [subject for subject in form.subjects.values() if subject.pk not in with_goals]


def _team_context(opened: policy.OpenedConference, *, record_form=None, decision_form=None) -> dict:
    conference = opened.conference
    context = {
        "conference": conference,
        "side": opened.side,
        "subjects": opened.subjects,
        "openable": {subject.pk for subject, access in opened.subjects if access.can_read(Category.SUMMARY)},
        "invitations": conference.invitations.select_related("organisation__jurisdiction"),
        "decisions": conference.decisions.select_related("participant", "responsible_organisation", "action"),
        "chairs": _chairs(opened) and conference.status != Conference.Status.CANCELLED,
    }
    if context["chairs"]:
        context["record_form"] = record_form or ConferenceRecordForm(conference=conference)
        context["decision_form"] = decision_form or _decision_form(opened)
        context["without_goals"] = _without_goals(context["decision_form"])
    return context


def _invited_context(request: AppRequest, opened: policy.OpenedConference) -> dict:
    """Only what consent allows, for each subject; only the decisions this organisation carries."""
    conference = opened.conference
    organisation = request.membership.organisation
    records = []
    # A cancelled conference shares nothing any more.
    if conference.status != Conference.Status.CANCELLED:
        for subject, _access in opened.subjects:
            categories = policy.shared_with_invitee(conference, subject, organisation)
            why = f"conference={conference.pk}"
            for_participant(
                AuditAction.CONFERENCE_VIEWED,
                subject,
                actor=request.actor,
                reason=f"{why} categories={','.join(sorted(categories))}",
            )
            # A subject whose consent does not cover this organisation is not even named.
            if categories:
                records.append(
                    {"participant": subject, "record": shared_record(subject, categories, actor=request.actor, why=why)}
                )
    return {
        "conference": conference,
        "side": opened.side,
        "records": records,
        "cancelled": conference.status == Conference.Status.CANCELLED,
        "invitations": conference.invitations.select_related("organisation__jurisdiction"),
        "decisions": conference.decisions.filter(responsible_organisation=organisation).select_related("participant"),
    }


@login_required
def conference_detail(request: AppRequest, conference_id: int) -> HttpResponse:
    opened = policy.open_conference(request, conference_id)
    context = _invited_context(request, opened) if opened.side == "invited" else _team_context(opened)
    return render(request, "coordination/conference.html", context)


@login_required
@require_POST
def conference_record(request: AppRequest, conference_id: int) -> HttpResponse:
    opened = _chaired(request, conference_id)
    conference = opened.conference
    form = ConferenceRecordForm(request.POST, conference=conference)
    if not form.is_valid():
        return render(request, "coordination/conference.html", _team_context(opened, record_form=form), status=400)
    data = form.cleaned_data
    actions.record_conference(
        actor=request.actor,
        conference=conference,
        status=data["status"],
        summary=data["summary"],
        attendance=form.attendance(),
    )
    if data["status"] == Conference.Status.CANCELLED:
        messages.success(request, _("Conference cancelled. The invited organisations have been told."))
    else:
        messages.success(request, _("Conference record saved."))
    return HttpResponseRedirect(reverse("conference", args=[conference.pk]))


@login_required
def decision_new(request: AppRequest, conference_id: int) -> HttpResponse:
    opened = _chaired(request, conference_id)
    conference = opened.conference
    form = _decision_form(opened, request.POST or None, initial={"participant": request.GET.get("participant", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = actions.record_decision(
                actor=request.actor,
                conference=conference,
                participant=data["participant"],
                goal=data["goal"],
                text=data["text"],
                responsible_organisation=data["responsible_organisation"],
                due_on=data["due_on"],
            )
        except Conflict:
            # Someone saved the plan at this very moment: nothing was saved, the form keeps what was typed.
            form.add_error(None, _("The plan changed while you were saving. Check the decision and save it again."))
        else:
            messages.success(
                request,
                _("Decision recorded and added to the plan of %(code)s. The plan needs a new approval.")
                % {"code": decision.participant.code},
            )
            return HttpResponseRedirect(reverse("conference", args=[conference.pk]) + "#decisions")
    context = {"conference": conference, "form": form, "without_goals": _without_goals(form)}
    return render(request, "coordination/decision_form.html", context)
