from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access import audit, policy
from access.models import AuditEvent
from casework import actions
from casework.forms import TeamForm
from casework.models import TeamMember
from directory.models import Membership, Role
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
    }
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
        audit.record(
            action="participant.viewed_in_emergency",
            object_type="participant",
            object_ref=participant.code,
            request=request,
        )
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
