from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access import policy
from access.policy import Opened
from accounts.http import AppRequest
from casework import actions
from casework.caseload import CaseloadFilter, caseload_rows, narrowed_by_other_apps, with_overdue_marks
from casework.forms import (
    ActionForm,
    AssessmentForm,
    ClosureForm,
    GoalForm,
    MilestoneForm,
    MilestoneVersionForm,
    NoteForm,
    PhaseForm,
    PlanForm,
    PlanVersionMixin,
    ReviewForm,
    ReviewOutcomeForm,
    TeamForm,
    action_choices,
)
from casework.milestones import kinds_offered, milestone_writable
from casework.models import Action, CaseReview, Closure, Goal, NeedsDomain, PhaseRecord, TeamMember
from casework.sections import plan_context
from core.categories import Category
from core.http import int_parameter
from core.sections import back_to_section, case_url, confirm, form_response
from directory.models import Membership, Role
from people import actions as people_actions
from people.forms import HouseholdForm, MemberFormSet, member_formset_class
from people.models import Participant


@login_required
def register_household(request: AppRequest) -> HttpResponse:
    if not policy.may_register(request):
        raise Http404
    context = {"duplicates": []}
    if request.method == "POST":
        household_form = HouseholdForm(request.POST)
        formset = MemberFormSet(request.POST, prefix="member")
        if household_form.is_valid() and formset.is_valid():
            members = [f.cleaned_data for f in formset.forms if f.cleaned_data]
            try:
                context["duplicates"] = people_actions.find_duplicates(actor=request.actor, members=members)
            except people_actions.TooManyChecks:
                household_form.add_error(
                    None, _("Too many registrations were checked in the last hour. Please try again later.")
                )
            else:
                if not context["duplicates"] or household_form.cleaned_data["confirm_duplicates"]:
                    return _registered(request, household_form.cleaned_data, members)
                messages.warning(request, _("Some members may already be registered. Please check before going on."))
    else:
        household_form = HouseholdForm()
        # Empty member forms to start with (a mother and two children by default); the page's
        # "Add a member" button adds more without a round trip.
        count = int_parameter(request, "members", default=3, low=1, high=MemberFormSet.max_num)
        formset = member_formset_class(extra=count - 1)(prefix="member")
    context |= {"household_form": household_form, "formset": formset}
    return render(request, "people/register.html", context)


def _registered(request: AppRequest, data: dict, members: list[dict]) -> HttpResponse:
    household = actions.register_household(
        actor=request.actor,
        address=data["address"],
        returned_on=data["returned_on"],
        arrived_on=data["arrived_on"],
        members=members,
    )
    messages.success(
        request,
        _(
            "Household %(code)s registered. Next: record each member's current phase and who is on their team "
            "(Phases and Case team, on each member's page)."
        )
        % {"code": household.code},
    )
    return HttpResponseRedirect(case_url(household.members.order_by("birth_year").first().code))


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
def team_assign(request: AppRequest, code: str) -> HttpResponse:
    opened = policy.open_participant(request, code, need=lambda access: access.manages_team)
    participant = opened.participant
    form = TeamForm(request.POST or None, candidates=_team_candidates(participant))
    if request.method == "POST" and form.is_valid():
        actions.assign_team_member(
            actor=request.actor,
            participant=participant,
            membership=form.cleaned_data["membership"],
            is_lead=form.cleaned_data["is_lead"],
        )
        return back_to_section(request, opened, "team", _("Team updated."))
    return render(request, "casework/team_form.html", {"participant": participant, "form": form})


@login_required
@require_POST
def team_remove(request: AppRequest, code: str, place_id: int) -> HttpResponse:
    opened = policy.open_participant(request, code, need=lambda access: access.manages_team)
    participant = opened.participant
    place = get_object_or_404(TeamMember.objects.current(), participant=participant, pk=place_id)
    actions.end_team_place(actor=request.actor, place=place)
    return back_to_section(request, opened, "team", _("Removed from the team."))


@login_required
def phase_new(request: AppRequest, code: str) -> HttpResponse:
    opened = policy.open_participant(request, code, Category.SUMMARY, write=True)
    participant = opened.participant
    form = PhaseForm(request.POST or None, initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        actions.start_phase(actor=request.actor, participant=participant, **form.cleaned_data)
        return back_to_section(request, opened, "phases", _("Phase recorded."))
    return form_response(
        request,
        "casework/form.html",
        "phases",
        {"participant": participant, "form": form, "title": _("Record a phase")},
    )


@login_required
@require_POST
def phase_end(request: AppRequest, code: str, record_id: int) -> HttpResponse:
    opened = policy.open_participant(request, code, Category.SUMMARY, write=True)
    participant = opened.participant
    record = get_object_or_404(PhaseRecord.objects.current(), participant=participant, pk=record_id)
    actions.end_phase(actor=request.actor, record=record, ended_on=timezone.localdate())
    return back_to_section(request, opened, "phases", _("Phase ended."))


@login_required
def assessment_new(request: AppRequest, code: str) -> HttpResponse:
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN, write=True)
    participant = opened.participant
    domains = [d for d in NeedsDomain.objects.filter(is_active=True) if d.applies_to_participant(participant)]
    form = AssessmentForm(request.POST or None, domains=domains, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        actions.record_assessment(
            actor=request.actor,
            participant=participant,
            assessed_on=form.cleaned_data["assessed_on"],
            ratings=form.ratings(),
        )
        return back_to_section(request, opened, "needs", _("Needs assessment saved."))
    return form_response(request, "casework/assessment_form.html", "needs", {"participant": participant, "form": form})


@login_required
def note_new(request: AppRequest, code: str) -> HttpResponse:
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN, write=True)
    participant = opened.participant
    form = NoteForm(
        request.POST or None,
        clinical_allowed=bool(opened.access.clinical_disciplines),
        initial={"occurred_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        actions.write_note(actor=request.actor, participant=participant, data=form.cleaned_data)
        return back_to_section(request, opened, "notes", _("Note saved."))
    return form_response(request, "casework/note_form.html", "notes", {"participant": participant, "form": form})


@login_required
def note_edit(request: AppRequest, code: str, note_id: int) -> HttpResponse:
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN, write=True)
    participant = opened.participant
    note = get_object_or_404(
        policy.notes_visible_to(request, participant, opened.access), pk=note_id, author=request.user
    )
    actions.record_clinical_read(actor=request.actor, participant=participant, notes=[note], why="note edit")
    initial = {
        "occurred_on": note.occurred_on,
        "kind": note.kind,
        "domains": list(note.domains.all()),
        "text": note.text,
        "sensitivity": note.sensitivity,
        "version": note.version,
    }
    form = NoteForm(request.POST or None, initial=initial, clinical_allowed=bool(opened.access.clinical_disciplines))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_note(
                actor=request.actor,
                note=note,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except actions.Conflict as clash:
            # Nothing is lost: the other save stays, and this form keeps what was typed.
            conflict = clash.current
            data = request.POST.copy()
            data["version"] = conflict.version  # saving again now overwrites knowingly
            form = NoteForm(data, clinical_allowed=bool(opened.access.clinical_disciplines))
        else:
            return back_to_section(request, opened, "notes", _("Note saved."))
    return form_response(
        request,
        "casework/note_form.html",
        "notes",
        {"participant": participant, "form": form, "note": note},
        conflict=conflict,
    )


def _plan_form_page(request: AppRequest, opened: Opened, form, title, conflict=None) -> HttpResponse:
    context = {"participant": opened.participant, "form": form, "title": title}
    return form_response(request, "casework/plan_form.html", "plan", context, conflict=conflict)


def _plan_change(
    request: AppRequest, opened: Opened, form_class, title, apply, initial=None, plan=None, **form_kwargs
) -> HttpResponse:
    """The shared shape of every plan change: a form, the lost-update guard, back to the plan."""
    plan = plan or actions.plan_for(opened.participant)
    form = form_class(request.POST or None, initial={"plan_version": plan.version, **(initial or {})}, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            apply(plan, form.cleaned_data)
        except actions.Conflict as clash:
            # Nothing is lost: the other change stays, this form keeps what was typed, and
            # saving again (now against the newer version) is a knowing choice.
            data = request.POST.copy()
            data["plan_version"] = clash.current.version
            return _plan_form_page(request, opened, form_class(data, **form_kwargs), title, clash.current)
        return back_to_section(request, opened, "plan", _("Plan saved."))
    return _plan_form_page(request, opened, form, title)


@login_required
def plan_edit(request: AppRequest, code: str) -> HttpResponse:
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN, write=True)
    participant = opened.participant
    plan = actions.plan_for(participant)
    return _plan_change(
        request,
        opened,
        PlanForm,
        _("Plan review date"),
        lambda plan, data: actions.update_plan(
            actor=request.actor, plan=plan, expected_version=data["plan_version"], review_on=data["review_on"]
        ),
        initial={"review_on": plan.review_on},
        plan=plan,
    )


@login_required
def goal_new(request: AppRequest, code: str) -> HttpResponse:
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN, write=True)
    return _plan_change(
        request,
        opened,
        GoalForm,
        _("New goal"),
        lambda plan, data: actions.add_goal(
            actor=request.actor,
            plan=plan,
            expected_version=data["plan_version"],
            domain=data["domain"],
            what_matters=data["what_matters"],
        ),
    )


@login_required
def action_new(request: AppRequest, code: str, goal_id: int) -> HttpResponse:
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN, write=True)
    participant = opened.participant
    goal = get_object_or_404(Goal, plan__participant=participant, pk=goal_id)
    return _plan_change(
        request,
        opened,
        ActionForm,
        _("New action"),
        lambda plan, data: actions.save_action(
            actor=request.actor, plan=plan, expected_version=data["plan_version"], goal=goal, data=data
        ),
        initial={"responsible_organisation": participant.owner_id, "status": Action.Status.PLANNED},
        **action_choices(participant),
    )


@login_required
def action_edit(request: AppRequest, code: str, action_id: int) -> HttpResponse:
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN, write=True)
    participant = opened.participant
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
        opened,
        ActionForm,
        _("Edit action"),
        lambda plan, data: actions.save_action(
            actor=request.actor,
            plan=plan,
            expected_version=data["plan_version"],
            goal=action.goal,
            data=data,
            action=action,
        ),
        initial=initial,
        **action_choices(participant),
    )


@login_required
@require_POST
def plan_approve(request: AppRequest, code: str) -> HttpResponse:
    opened = policy.open_participant(request, code, need=lambda access: access.approves_plans)
    participant = opened.participant
    plan = actions.plan_for(participant)
    form = PlanVersionMixin(request.POST)
    if not form.is_valid():  # a page always posts the version it showed: anything else is a 400
        raise BadRequest("plan_version must be a whole number")
    try:
        actions.approve_plan(actor=request.actor, plan=plan, expected_version=form.cleaned_data["plan_version"])
    except actions.Conflict:
        message = _("The plan changed while you were reading it. Please read it again before approving.")
        confirm(request, "plan", message, messages.ERROR)
        return HttpResponseRedirect(case_url(participant.code, "plan"))
    return back_to_section(request, opened, "plan", _("Plan approved."))


@login_required
def household_plans(request: AppRequest, household_code: str) -> HttpResponse:
    """All members' plans together, for the members the user may read the plan of."""
    members = policy.visible_among(
        request, Participant.objects.filter(household__code=household_code.upper())
    ).order_by("birth_year")
    readable = [
        (member, plan_context(member))
        for member in members.select_related("household", "owner")
        if policy.access_to(request, member).can_read(Category.NEEDS_PLAN)
    ]
    if not readable:
        raise Http404
    return render(
        request, "casework/household_plans.html", {"household": readable[0][0].household, "members": readable}
    )


@login_required
def caseload(request: AppRequest) -> HttpResponse:
    """The participants the user works with: a case worker's own, a coordinator's organisation's."""
    if not policy.may_list_participants(request):
        raise Http404
    filters = CaseloadFilter(request.GET or None)
    # Always within what the policy lets this reader open; another app's filter only narrows it.
    visible, notes, refused = narrowed_by_other_apps(request, policy.participants_visible_to(request))
    participants = caseload_rows(filters.apply(visible))
    page = Paginator(participants, 25).get_page(request.GET.get("page"))
    page.object_list = with_overdue_marks(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filters": filters, "query": query.urlencode(), "notes": notes, "refused": refused}
    context["may_register"] = policy.may_register(request)
    return render(request, "casework/caseload.html", context, status=400 if refused else 200)


@login_required
def review_new(request: AppRequest, code: str) -> HttpResponse:
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN, write=True)
    participant = opened.participant
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.schedule_review(
            actor=request.actor, participant=participant, scheduled_on=form.cleaned_data["scheduled_on"]
        )
        return back_to_section(request, opened, "reviews", _("Review scheduled."))
    context = {"participant": participant, "form": form, "title": _("Schedule a review")}
    return form_response(request, "casework/form.html", "reviews", context)


@login_required
def review_outcome(request: AppRequest, code: str, review_id: int) -> HttpResponse:
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN, write=True)
    participant = opened.participant
    review = get_object_or_404(CaseReview, participant=participant, pk=review_id)
    form = ReviewOutcomeForm(request.POST or None, initial={"held_on": timezone.localdate(), "outcome": review.outcome})
    if request.method == "POST" and form.is_valid():
        actions.record_review(actor=request.actor, review=review, **form.cleaned_data)
        return back_to_section(request, opened, "reviews", _("Review outcome recorded."))
    context = {"participant": participant, "form": form, "title": _("Review outcome")}
    return form_response(request, "casework/form.html", "reviews", context)


@login_required
def closure_request(request: AppRequest, code: str) -> HttpResponse:
    opened = policy.open_participant(request, code, need=lambda access: access.requests_closure)
    participant = opened.participant
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        closure = actions.request_closure(
            actor=request.actor, participant=participant, reason=form.cleaned_data["reason"]
        )
        if opened.access.decides_closure:
            actions.decide_closure(actor=request.actor, closure=closure, approve=True)
            return back_to_section(request, opened, "reviews", _("The case is closed."))
        return back_to_section(request, opened, "reviews", _("Closure requested: the coordinator will decide."))
    context = {"participant": participant, "form": form, "title": _("Close the case")}
    return form_response(request, "casework/form.html", "reviews", context)


@login_required
@require_POST
def closure_decide(request: AppRequest, code: str, closure_id: int) -> HttpResponse:
    opened = policy.open_participant(request, code, need=lambda access: access.decides_closure and not access.closed)
    participant = opened.participant
    closure = get_object_or_404(Closure, participant=participant, pk=closure_id, approved__isnull=True)
    approve = request.POST.get("decision") == "approve"
    actions.decide_closure(actor=request.actor, closure=closure, approve=approve)
    message = _("The case is closed.") if approve else _("Closure declined: the case stays open.")
    return back_to_section(request, opened, "reviews", message)


@login_required
@require_POST
def case_reopen(request: AppRequest, code: str) -> HttpResponse:
    opened = policy.open_participant(request, code, need=lambda access: access.decides_closure and access.closed)
    participant = opened.participant
    actions.reopen(actor=request.actor, participant=participant)
    return back_to_section(request, opened, "reviews", _("The case is open again."))


@login_required
def milestone_new(request: AppRequest, code: str) -> HttpResponse:
    opened = policy.open_participant(request, code)
    participant = opened.participant
    kinds = kinds_offered(participant, opened.access)
    if not kinds:  # nothing this reader may record here
        raise Http404
    form = MilestoneForm(request.POST or None, kinds=kinds, initial={"reached_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.record_milestone(
            actor=request.actor,
            participant=participant,
            kind=data["kind"],
            reached_on=data["reached_on"],
            note=data["note"],
        )
        return back_to_section(request, opened, "outcomes", _("Milestone recorded."))
    context = {"participant": participant, "form": form}
    return form_response(request, "casework/milestone_form.html", "outcomes", context)


@login_required
def milestone_edit(request: AppRequest, code: str, milestone_id: int) -> HttpResponse:
    opened = policy.open_participant(request, code)
    milestone = milestone_writable(opened.participant, opened.access, milestone_id)
    if milestone is None:
        raise Http404
    initial = {name: getattr(milestone, name) for name in ("reached_on", "lost_on", "note", "version")}
    form = MilestoneForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.edit_milestone(
                actor=request.actor,
                milestone=milestone,
                expected_version=data["version"] or 0,
                reached_on=data["reached_on"],
                lost_on=data["lost_on"],
                note=data["note"],
            )
        except actions.Conflict as clash:
            # Nothing is lost: the other save stays, and this form keeps what was typed.
            conflict = clash.current
            data = request.POST.copy()
            data["version"] = conflict.version  # saving again now overwrites knowingly
            form = MilestoneForm(data)
        else:
            return back_to_section(request, opened, "outcomes", _("Milestone saved."))
    context = {"participant": opened.participant, "form": form, "milestone": milestone}
    return form_response(request, "casework/milestone_form.html", "outcomes", context, conflict=conflict)


@login_required
@require_POST
def milestone_remove(request: AppRequest, code: str, milestone_id: int) -> HttpResponse:
    opened = policy.open_participant(request, code)
    milestone = milestone_writable(opened.participant, opened.access, milestone_id)
    if milestone is None:
        raise Http404
    form = MilestoneVersionForm(request.POST)
    if not form.is_valid():  # the page always posts the version it showed: anything else is a 400
        raise BadRequest("version must be a whole number")
    try:
        actions.remove_milestone(
            actor=request.actor, milestone=milestone, expected_version=form.cleaned_data["version"]
        )
    except actions.Conflict as clash:
        # Removed nothing: show what was saved meanwhile, to edit or remove knowingly.
        current = clash.current
        initial = {name: getattr(current, name) for name in ("reached_on", "lost_on", "note", "version")}
        context = {"participant": opened.participant, "form": MilestoneForm(initial=initial), "milestone": current}
        return form_response(request, "casework/milestone_form.html", "outcomes", context, conflict=current)
    return back_to_section(request, opened, "outcomes", _("Milestone removed."))
