from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access import audit, policy
from access.categories import Category
from access.models import AuditEvent
from casework import actions
from casework.forms import AssessmentForm, NoteForm, PhaseForm, TeamForm
from casework.models import NeedsDomain, PhaseRecord, TeamMember
from casework.needs import needs_overview
from directory.models import Discipline, Membership, Role
from people.models import Participant
from people.views import consent_context, identity_context


def _page_context(request: HttpRequest, participant: Participant) -> dict:
    """The case page: summary and household, then each section the user may read."""
    context = {
        **identity_context(request, participant),
        **consent_context(participant),
        "household_members": participant.household.members.order_by("birth_year"),
        "visible_codes": set(
            policy.participants_visible_to(request)
            .filter(household=participant.household_id)
            .values_list("code", flat=True)
        ),
        "team": TeamMember.objects.current()
        .filter(participant=participant)
        .select_related("membership__user", "membership__organisation"),
        "phases": participant.phases.all(),
    }
    access = participant.access
    if access.can_read(Category.NEEDS_PLAN):
        context["needs"] = needs_overview(participant)
        context["notes"] = (
            policy.notes_visible_to(request, participant).select_related("author").prefetch_related("domains")
        )
    if participant.access.sees_audit_trail:
        context["audit_trail"] = (
            AuditEvent.objects.filter(object_type="participant", object_ref=participant.code)
            .select_related("actor", "organisation")
            .order_by("-id")[:50]
        )
    return context


@login_required
def participant_detail(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code)
    if participant.access.is_emergency_only:
        # The page promises that every read under emergency access is recorded.
        audit.for_participant("participant.viewed_in_emergency", participant, request=request)
    return render(request, "casework/participant.html", _page_context(request, participant))


def _team_candidates(participant: Participant):
    """Case workers and specialists of organisations in the participant's city."""
    return (
        Membership.objects.active()
        .filter(
            role__in=[Role.CASE_WORKER, Role.SPECIALIST],
            organisation__jurisdiction=participant.owner.jurisdiction_id,
        )
        .select_related("user", "organisation")
        .order_by("organisation__name", "role", "user__username")
    )


@login_required
def team_assign(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code)
    if not participant.access.manages_team:
        raise Http404
    form = TeamForm(request.POST or None, candidates=_team_candidates(participant))
    if request.method == "POST" and form.is_valid():
        actions.assign_team_member(
            request=request,
            participant=participant,
            membership=form.cleaned_data["membership"],
            is_lead=form.cleaned_data["is_lead"],
        )
        messages.success(request, _("Team updated."))
        return HttpResponseRedirect(reverse("participant", args=[participant.code]) + "#team")
    return render(request, "casework/team_form.html", {"participant": participant, "form": form})


@login_required
@require_POST
def team_remove(request: HttpRequest, code: str, place_id: int) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code)
    if not participant.access.manages_team:
        raise Http404
    place = get_object_or_404(TeamMember.objects.current(), participant=participant, pk=place_id)
    actions.end_team_place(request=request, place=place)
    messages.success(request, _("Removed from the team."))
    return HttpResponseRedirect(reverse("participant", args=[participant.code]) + "#team")


def _back(participant: Participant, section: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("participant", args=[participant.code]) + f"#{section}")


@login_required
def phase_new(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.SUMMARY, write=True)
    form = PhaseForm(request.POST or None, initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        actions.start_phase(request=request, participant=participant, **form.cleaned_data)
        messages.success(request, _("Phase recorded."))
        return _back(participant, "phases")
    return render(
        request, "casework/form.html", {"participant": participant, "form": form, "title": _("Record a phase")}
    )


@login_required
@require_POST
def phase_end(request: HttpRequest, code: str, record_id: int) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.SUMMARY, write=True)
    record = get_object_or_404(PhaseRecord.objects.current(), participant=participant, pk=record_id)
    actions.end_phase(request=request, record=record, ended_on=timezone.localdate())
    messages.success(request, _("Phase ended."))
    return _back(participant, "phases")


@login_required
def assessment_new(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.NEEDS_PLAN, write=True)
    domains = [d for d in NeedsDomain.objects.filter(is_active=True) if d.applies_to_participant(participant)]
    form = AssessmentForm(request.POST or None, domains=domains, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        actions.record_assessment(
            request=request,
            participant=participant,
            assessed_on=form.cleaned_data["assessed_on"],
            ratings=form.ratings(),
        )
        messages.success(request, _("Needs assessment saved."))
        return _back(participant, "needs")
    return render(request, "casework/assessment_form.html", {"participant": participant, "form": form})


def _may_write_clinical(participant: Participant) -> bool:
    return bool(participant.access.places & set(Discipline.values))


@login_required
def note_new(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.NEEDS_PLAN, write=True)
    form = NoteForm(
        request.POST or None,
        clinical_allowed=_may_write_clinical(participant),
        initial={"occurred_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        actions.write_note(request=request, participant=participant, data=form.cleaned_data)
        messages.success(request, _("Note saved."))
        return _back(participant, "notes")
    return render(request, "casework/note_form.html", {"participant": participant, "form": form})


@login_required
def note_edit(request: HttpRequest, code: str, note_id: int) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.NEEDS_PLAN, write=True)
    note = get_object_or_404(policy.notes_visible_to(request, participant), pk=note_id, author=request.user)
    initial = {
        "occurred_on": note.occurred_on,
        "kind": note.kind,
        "domains": list(note.domains.all()),
        "text": note.text,
        "sensitivity": note.sensitivity,
        "version": note.version,
    }
    form = NoteForm(request.POST or None, initial=initial, clinical_allowed=_may_write_clinical(participant))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_note(
                request=request, note=note, data=form.cleaned_data, expected_version=form.cleaned_data["version"] or 0
            )
        except actions.Conflict as clash:
            # Nothing is lost: the other save stays, and this form keeps what was typed.
            conflict = clash.current
            data = request.POST.copy()
            data["version"] = conflict.version  # saving again now overwrites knowingly
            form = NoteForm(data, clinical_allowed=_may_write_clinical(participant))
        else:
            messages.success(request, _("Note saved."))
            return _back(participant, "notes")
    return render(
        request,
        "casework/note_form.html",
        {"participant": participant, "form": form, "note": note, "conflict": conflict},
        status=409 if conflict else 200,
    )
