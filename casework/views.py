from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access import policy
from casework import actions
from casework.caseload import CaseloadFilter, caseload_rows
from casework.forms import (
    ActionForm,
    AssessmentForm,
    ClosureForm,
    GoalForm,
    NoteForm,
    PhaseForm,
    PlanForm,
    ReviewForm,
    ReviewOutcomeForm,
    TeamForm,
)
from casework.models import Action, CaseReview, Closure, Goal, NeedsDomain, PhaseRecord, Plan, TeamMember
from casework.needs import needs_overview
from casework.timeline import timeline
from coordination.views import coordination_context
from core import audit
from core.categories import Category
from core.models import AuditEvent
from directory.models import Membership, Organisation, Role
from instruments.views import screenings_context
from people import actions as people_actions
from people.forms import HouseholdForm, MemberFormSet, member_formset_class
from people.models import Participant
from people.views import consent_context, identity_context


def _page_context(request: HttpRequest, participant: Participant) -> dict:
    """The case page: summary and household, then each section the user may read."""
    # Fetched once for the sections and the timeline alike.
    prefetch_related_objects([participant], "phases", "reviews", "closures", "assessments")
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
        "reviews": participant.reviews.all(),
        "pending_closure": next((c for c in participant.closures.all() if c.approved is None), None),
    }
    access = participant.access
    if access.can_read(Category.NEEDS_PLAN):
        context["needs"] = needs_overview(participant)
        context.update(plan_context(participant), plan_editable=access.can_write(Category.NEEDS_PLAN))
        context["notes"] = list(
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
    # Screenings are health data: read (and audited) on the full page only, not on section swaps.
    context = (
        _page_context(request, participant)
        | screenings_context(request, participant)
        | coordination_context(request, participant)
    )
    context["timeline"] = timeline(participant, notes=context.get("notes", []))
    return render(request, "casework/participant.html", context)


@login_required
def register_household(request: HttpRequest) -> HttpResponse:
    if not policy.may_register(request):
        raise Http404
    duplicates = []
    if request.method == "POST":
        household_form = HouseholdForm(request.POST)
        formset = MemberFormSet(request.POST, prefix="member")
        if household_form.is_valid() and formset.is_valid():
            members = [f.cleaned_data for f in formset.forms if f.cleaned_data]
            duplicates = _describe_duplicates(request, people_actions.possible_duplicates(members))
            if duplicates and not household_form.cleaned_data["confirm_duplicates"]:
                messages.warning(request, _("Some members may already be registered. Please check before going on."))
            else:
                household = actions.register_household(
                    actor=request.actor,
                    address=household_form.cleaned_data["address"],
                    returned_on=household_form.cleaned_data["returned_on"],
                    arrived_on=household_form.cleaned_data["arrived_on"],
                    members=members,
                )
                messages.success(request, _("Household %(code)s registered.") % {"code": household.code})
                first = household.members.order_by("birth_year").first()
                return HttpResponseRedirect(reverse("participant", args=[first.code]))
    else:
        household_form = HouseholdForm()
        # Empty member forms to start with (a mother and two children by default); the page's
        # "Add a member" button adds more without a round trip.
        wanted = request.GET.get("members", "3")
        count = min(max(int(wanted), 1), MemberFormSet.max_num) if wanted.isdigit() else 3
        formset = member_formset_class(extra=count - 1)(prefix="member")
    return render(
        request,
        "people/register.html",
        {"household_form": household_form, "formset": formset, "duplicates": duplicates},
    )


def _describe_duplicates(request: HttpRequest, found) -> list[dict]:
    """What the registering user may be told: codes they may open, else only that a match exists."""
    visible = set(policy.participants_visible_to(request).values_list("pk", flat=True))
    described = []
    for index, kind, matches in found:
        described.append(
            {
                "member": index + 1,
                "kind": kind,
                "codes": [p.code for p in matches if p.pk in visible],
                "elsewhere": any(p.pk not in visible for p in matches),
            }
        )
    return described


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


SECTIONS = ("phases", "needs", "plan", "notes", "reviews")


def _section(request: HttpRequest, participant: Participant, section: str) -> HttpResponse:
    """One section, for the participant the view already opened (with its access) through the policy."""
    return render(request, f"casework/_{section}.html", _page_context(request, participant))


def _back(request: HttpRequest, participant: Participant, section: str, message: str) -> HttpResponse:
    """After a change: for htmx the updated section in place, else the page at that section."""
    if request.htmx:
        return _section(request, participant, section)
    messages.success(request, message)
    return HttpResponseRedirect(reverse("participant", args=[participant.code]) + f"#{section}")


def _form(request: HttpRequest, template: str, section: str, context: dict, *, conflict=None) -> HttpResponse:
    """A form page; for htmx only the form, in place of its section (so the page does not reload)."""
    context = {"section": section, "conflict": conflict, **context}
    if request.htmx:
        # 200 even for a conflict: htmx swaps only successful answers, and the form must show.
        return render(request, f"{template}#inline", context)
    return render(request, template, context, status=409 if conflict else 200)


@login_required
def participant_section(request: HttpRequest, code: str, section: str) -> HttpResponse:
    """One section of the case page, e.g. to put it back after a cancelled inline edit."""
    if section not in SECTIONS:
        raise Http404
    participant = policy.get_participant_for_user(request, code)
    if section in ("needs", "plan", "notes") and not participant.access.can_read(Category.NEEDS_PLAN):
        raise Http404
    return _section(request, participant, section)


@login_required
def phase_new(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.SUMMARY, write=True)
    form = PhaseForm(request.POST or None, initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        actions.start_phase(request=request, participant=participant, **form.cleaned_data)
        return _back(request, participant, "phases", _("Phase recorded."))
    return _form(
        request,
        "casework/form.html",
        "phases",
        {"participant": participant, "form": form, "title": _("Record a phase")},
    )


@login_required
@require_POST
def phase_end(request: HttpRequest, code: str, record_id: int) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.SUMMARY, write=True)
    record = get_object_or_404(PhaseRecord.objects.current(), participant=participant, pk=record_id)
    actions.end_phase(request=request, record=record, ended_on=timezone.localdate())
    return _back(request, participant, "phases", _("Phase ended."))


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
        return _back(request, participant, "needs", _("Needs assessment saved."))
    return _form(request, "casework/assessment_form.html", "needs", {"participant": participant, "form": form})


@login_required
def note_new(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.NEEDS_PLAN, write=True)
    form = NoteForm(
        request.POST or None,
        clinical_allowed=bool(participant.access.clinical_disciplines),
        initial={"occurred_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        actions.write_note(request=request, participant=participant, data=form.cleaned_data)
        return _back(request, participant, "notes", _("Note saved."))
    return _form(request, "casework/note_form.html", "notes", {"participant": participant, "form": form})


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
    form = NoteForm(
        request.POST or None, initial=initial, clinical_allowed=bool(participant.access.clinical_disciplines)
    )
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
            form = NoteForm(data, clinical_allowed=bool(participant.access.clinical_disciplines))
        else:
            return _back(request, participant, "notes", _("Note saved."))
    return _form(
        request,
        "casework/note_form.html",
        "notes",
        {"participant": participant, "form": form, "note": note},
        conflict=conflict,
    )


def _plan_form_page(request, participant, form, title, conflict=None) -> HttpResponse:
    context = {"participant": participant, "form": form, "title": title}
    return _form(request, "casework/plan_form.html", "plan", context, conflict=conflict)


def _plan_change(
    request, participant, form_class, title, apply, initial=None, plan=None, **form_kwargs
) -> HttpResponse:
    """The shared shape of every plan change: a form, the lost-update guard, back to the plan."""
    plan = plan or actions.plan_for(participant)
    form = form_class(request.POST or None, initial={"plan_version": plan.version, **(initial or {})}, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            apply(plan, form.cleaned_data)
        except actions.Conflict as clash:
            # Nothing is lost: the other change stays, this form keeps what was typed, and
            # saving again (now against the newer version) is a knowing choice.
            data = request.POST.copy()
            data["plan_version"] = clash.current.version
            return _plan_form_page(request, participant, form_class(data, **form_kwargs), title, clash.current)
        return _back(request, participant, "plan", _("Plan saved."))
    return _plan_form_page(request, participant, form, title)


@login_required
def plan_edit(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.NEEDS_PLAN, write=True)
    plan = actions.plan_for(participant)
    return _plan_change(
        request,
        participant,
        PlanForm,
        _("Plan review date"),
        lambda plan, data: actions.update_plan(
            request=request, plan=plan, expected_version=data["plan_version"], review_on=data["review_on"]
        ),
        initial={"review_on": plan.review_on},
        plan=plan,
    )


@login_required
def goal_new(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.NEEDS_PLAN, write=True)
    return _plan_change(
        request,
        participant,
        GoalForm,
        _("New goal"),
        lambda plan, data: actions.add_goal(
            request=request,
            plan=plan,
            expected_version=data["plan_version"],
            domain=data["domain"],
            what_matters=data["what_matters"],
        ),
    )


def _action_choices(participant: Participant) -> dict:
    organisations = Organisation.objects.filter(is_active=True, jurisdiction=participant.owner.jurisdiction_id)
    people = (
        Membership.objects.active()
        .filter(organisation__in=organisations)
        .exclude(role__in=[Role.ME_OFFICER, Role.NETWORK_EDITOR, Role.ADMINISTRATOR])
        .select_related("user", "organisation")
    )
    return {"organisations": organisations, "people": people}


@login_required
def action_new(request: HttpRequest, code: str, goal_id: int) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.NEEDS_PLAN, write=True)
    goal = get_object_or_404(Goal, plan__participant=participant, pk=goal_id)
    return _plan_change(
        request,
        participant,
        ActionForm,
        _("New action"),
        lambda plan, data: actions.save_action(
            request=request, plan=plan, expected_version=data["plan_version"], goal=goal, data=data
        ),
        initial={"responsible_organisation": participant.owner_id, "status": Action.Status.PLANNED},
        **_action_choices(participant),
    )


@login_required
def action_edit(request: HttpRequest, code: str, action_id: int) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.NEEDS_PLAN, write=True)
    action = get_object_or_404(Action, goal__plan__participant=participant, pk=action_id)
    initial = {
        name: getattr(action, name)
        for name in (
            "description",
            "responsible_organisation",
            "responsible_person",
            "due_on",
            "status",
            "blocked_reason",
        )
    }
    return _plan_change(
        request,
        participant,
        ActionForm,
        _("Edit action"),
        lambda plan, data: actions.save_action(
            request=request,
            plan=plan,
            expected_version=data["plan_version"],
            goal=action.goal,
            data=data,
            action=action,
        ),
        initial=initial,
        **_action_choices(participant),
    )


@login_required
@require_POST
def plan_approve(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code)
    if not participant.access.approves_plans:
        raise Http404
    plan = actions.plan_for(participant)
    try:
        actions.approve_plan(request=request, plan=plan, expected_version=int(request.POST.get("plan_version", 0)))
    except actions.Conflict:
        messages.error(request, _("The plan changed while you were reading it. Please read it again before approving."))
        return HttpResponseRedirect(reverse("participant", args=[participant.code]) + "#plan")
    return _back(request, participant, "plan", _("Plan approved."))


def plan_context(participant: Participant) -> dict:
    plan = Plan.objects.filter(participant=participant).select_related("approved_by").first()
    goals = (
        plan.goals.select_related("domain").prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("responsible_organisation", "responsible_person__user"),
            )
        )
        if plan
        else []
    )
    return {"plan": plan, "goals": goals}


@login_required
def household_plans(request: HttpRequest, household_code: str) -> HttpResponse:
    """All members' plans together, for the members the user may read the plan of."""
    members = (
        policy.participants_visible_to(request).filter(household__code=household_code.upper()).order_by("birth_year")
    )
    readable = []
    for member in members.select_related("household", "owner"):
        member.access = policy.access_to(request, member)
        if member.access.can_read(Category.NEEDS_PLAN):
            readable.append((member, plan_context(member)))
    if not readable:
        raise Http404
    return render(
        request, "casework/household_plans.html", {"household": readable[0][0].household, "members": readable}
    )


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    """The participants the user works with: a case worker's own, a coordinator's organisation's."""
    if not policy.may_list_participants(request):
        raise Http404
    filters = CaseloadFilter(request.GET or None)
    participants = caseload_rows(filters.apply(policy.participants_visible_to(request)))
    page = Paginator(participants, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "casework/caseload.html",
        {"page": page, "filters": filters, "query": query.urlencode(), "may_register": policy.may_register(request)},
    )


@login_required
def review_new(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.NEEDS_PLAN, write=True)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.schedule_review(
            request=request, participant=participant, scheduled_on=form.cleaned_data["scheduled_on"]
        )
        return _back(request, participant, "reviews", _("Review scheduled."))
    context = {"participant": participant, "form": form, "title": _("Schedule a review")}
    return _form(request, "casework/form.html", "reviews", context)


@login_required
def review_outcome(request: HttpRequest, code: str, review_id: int) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.NEEDS_PLAN, write=True)
    review = get_object_or_404(CaseReview, participant=participant, pk=review_id)
    form = ReviewOutcomeForm(request.POST or None, initial={"held_on": timezone.localdate(), "outcome": review.outcome})
    if request.method == "POST" and form.is_valid():
        actions.record_review(request=request, review=review, **form.cleaned_data)
        return _back(request, participant, "reviews", _("Review outcome recorded."))
    context = {"participant": participant, "form": form, "title": _("Review outcome")}
    return _form(request, "casework/form.html", "reviews", context)


@login_required
def closure_request(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code)
    if not participant.access.requests_closure:
        raise Http404
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        closure = actions.request_closure(request=request, participant=participant, reason=form.cleaned_data["reason"])
        if participant.access.decides_closure:
            actions.decide_closure(request=request, closure=closure, approve=True)
            return _back(request, participant, "reviews", _("The case is closed."))
        return _back(request, participant, "reviews", _("Closure requested: the coordinator will decide."))
    context = {"participant": participant, "form": form, "title": _("Close the case")}
    return _form(request, "casework/form.html", "reviews", context)


@login_required
@require_POST
def closure_decide(request: HttpRequest, code: str, closure_id: int) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code)
    if not participant.access.decides_closure or participant.access.closed:
        raise Http404
    closure = get_object_or_404(Closure, participant=participant, pk=closure_id, approved__isnull=True)
    approve = request.POST.get("decision") == "approve"
    actions.decide_closure(request=request, closure=closure, approve=approve)
    message = _("The case is closed.") if approve else _("Closure declined: the case stays open.")
    return _back(request, participant, "reviews", message)


@login_required
@require_POST
def case_reopen(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code)
    if not (participant.access.decides_closure and participant.access.closed):
        raise Http404
    actions.reopen(request=request, participant=participant)
    return _back(request, participant, "reviews", _("The case is open again."))
