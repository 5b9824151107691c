"""Stigma experienced and civic participation, recorded and removed from the case page.

Every view opens the participant through the policy for writing the record's category: the
case team for stigma experienced (its own category, read by nobody else), the team and the
owning coordinator for civic participation (like the plan). A closed case opens for no writing.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access import policy
from accounts.http import AppRequest
from community.experiences import actions
from community.experiences.forms import CivicForm, IncidentForm
from community.experiences.rules import may_remove
from community.models import CivicParticipation, StigmaIncident
from core.categories import Category
from core.sections import back_to_section, form_response

FORM = "community/experiences/form.html"


@login_required
def stigma_new(request: AppRequest, code: str) -> HttpResponse:
    opened = policy.open_participant(request, code, Category.EXPERIENCES, write=True)
    form = IncidentForm(request.POST or None, participant=opened.participant)
    if request.method == "POST" and form.is_valid():
        actions.record_incident(actor=request.actor, participant=opened.participant, **form.cleaned_data)
        return back_to_section(request, opened, "stigma", _("Incident recorded."))
    context = {
        "participant": opened.participant,
        "form": form,
        "title": _("Record stigma or discrimination"),
        "intro": _("Seen by the case team only: never shared by consent, a referral or a handover."),
    }
    return form_response(request, FORM, "stigma", context)


@login_required
@require_POST
def stigma_remove(request: AppRequest, code: str, incident_id: int) -> HttpResponse:
    opened = policy.open_participant(request, code, Category.EXPERIENCES, write=True)
    incident = get_object_or_404(StigmaIncident, participant=opened.participant, pk=incident_id)
    if not may_remove(incident, opened.access, request.user):
        raise Http404
    actions.remove_incident(actor=request.actor, incident=incident)
    return back_to_section(request, opened, "stigma", _("Incident removed."))


@login_required
def civic_new(request: AppRequest, code: str) -> HttpResponse:
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN, write=True)
    form = CivicForm(request.POST or None, participant=opened.participant)
    if request.method == "POST" and form.is_valid():
        actions.record_civic(actor=request.actor, participant=opened.participant, **form.cleaned_data)
        return back_to_section(request, opened, "civic", _("Civic participation recorded."))
    context = {"participant": opened.participant, "form": form, "title": _("Record taking part in community life")}
    return form_response(request, FORM, "civic", context)


@login_required
@require_POST
def civic_remove(request: AppRequest, code: str, civic_id: int) -> HttpResponse:
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN, write=True)
    civic = get_object_or_404(CivicParticipation, participant=opened.participant, pk=civic_id)
    if not may_remove(civic, opened.access, request.user):
        raise Http404
    actions.remove_civic(actor=request.actor, civic=civic)
    return back_to_section(request, opened, "civic", _("Civic participation removed."))
