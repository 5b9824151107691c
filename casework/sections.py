"""Case work's pieces of the pages: sections of the case page and panels of the home page."""

from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access import policy
from access.policy import Opened
from accounts.http import AppRequest
from casework import actions
from casework.milestones import categories_read, kind_writable, kinds_offered, milestones_readable
from casework.models import Action, Closure, ContactNote, Goal, Plan, TeamMember
from casework.needs import needs_overview
from casework.timeline import timeline
from core.areas import on_a_city
from core.audit import AuditAction, describe
from core.categories import Category
from core.models import AuditEvent
from core.sections import (
    AdminArea,
    CaseSection,
    Decision,
    HomePanel,
    case_url,
    register_admin_area,
    register_case_section,
    register_home_panel,
    row,
    shared,
)
from directory.models import Role
from people.models import Participant
from people.sections import consents_of

# Each home panel shows its first few items; the inbox and the caseload have the rest.
PANEL_ROWS = 8


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


def visible_notes(request: AppRequest, opened: Opened) -> list[ContactNote]:
    """The notes this reader may see, fetched (and their clinical reads audited) once for the
    notes section and the timeline alike."""

    def fetch() -> list[ContactNote]:
        notes = list(
            policy.notes_visible_to(request, opened.participant, opened.access)
            .select_related("author")
            .prefetch_related("domains")
        )
        actions.record_clinical_read(actor=request.actor, participant=opened.participant, notes=notes, why="notes")
        return notes

    return shared(request, f"notes:{opened.participant.pk}", fetch)


def visible_milestones(request: AppRequest, opened: Opened) -> list:
    """The milestones this reader may see, each marked ``editable`` if they may change it; fetched
    once for the outcomes section and the timeline alike."""

    def fetch() -> list:
        milestones = list(milestones_readable(opened.participant, opened.access))
        for milestone in milestones:
            milestone.editable = kind_writable(milestone.kind, opened.access)
        return milestones

    return shared(request, f"milestones:{opened.participant.pk}", fetch)


def outcomes_context(request: AppRequest, opened: Opened) -> dict:
    return {
        "milestones": visible_milestones(request, opened),
        "may_record_milestone": bool(kinds_offered(opened.participant, opened.access)),
    }


def phases_context(request: AppRequest, opened: Opened) -> dict:
    prefetch_related_objects([opened.participant], "phases")
    return {"phases": opened.participant.phases.all()}


def needs_context(request: AppRequest, opened: Opened) -> dict:
    return {"needs": needs_overview(opened.participant, readable=opened.access.read)}


def plan_section_context(request: AppRequest, opened: Opened) -> dict:
    return plan_context(opened.participant) | {"plan_editable": opened.access.can_write(Category.NEEDS_PLAN)}


def notes_context(request: AppRequest, opened: Opened) -> dict:
    return {"notes": visible_notes(request, opened)}


def reviews_context(request: AppRequest, opened: Opened) -> dict:
    participant = opened.participant
    prefetch_related_objects([participant], "reviews", "closures")
    return {
        "reviews": participant.reviews.all(),
        "pending_closure": next((c for c in participant.closures.all() if c.approved is None), None),
    }


def plan_decisions(request: AppRequest, opened: Opened, context: dict) -> list[Decision]:
    """A plan with goals and not yet approved, for the coordinator who approves it."""
    plan = context["plan"]
    if plan is None or plan.approved_at or not opened.access.approves_plans or not context["goals"]:
        return []
    return [Decision(_("The plan waits for your approval."), case_url(opened.participant.code, "plan"))]


def reviews_decisions(request: AppRequest, opened: Opened, context: dict) -> list[Decision]:
    """A closure request for the coordinator who decides it; past reviews without an outcome
    for whoever may record it."""
    access, here = opened.access, case_url(opened.participant.code, "reviews")
    waiting = []
    if context["pending_closure"] is not None and access.decides_closure and not access.closed:
        waiting.append(Decision(_("A request to close the case waits for your decision."), here))
    if access.can_write(Category.NEEDS_PLAN):
        today = timezone.localdate()
        waiting += [
            Decision(
                _("The review of %(date)s is overdue: record its outcome.")
                % {"date": formats.date_format(review.scheduled_on)},
                here,
            )
            for review in context["reviews"]
            if review.held_on is None and review.scheduled_on < today
        ]
    return waiting


def timeline_context(request: AppRequest, opened: Opened) -> dict:
    """Reads the records the other sections fetched (fetching them here if they did not)."""
    participant, access = opened.participant, opened.access
    prefetch_related_objects([participant], "phases", "reviews", "closures", "assessments")
    notes = visible_notes(request, opened) if access.can_read(Category.NEEDS_PLAN) else []
    milestones = visible_milestones(request, opened)
    return {
        "timeline": timeline(participant, access, notes=notes, consents=consents_of(participant), milestones=milestones)
    }


def team_context(request: AppRequest, opened: Opened) -> dict:
    return {
        "team": TeamMember.objects.current()
        .filter(participant=opened.participant)
        .select_related("membership__user", "membership__organisation")
    }


# Rows whose reason names a screening (its instrument, e.g. PHQ-9): health data in itself.
HEALTH_ACTIONS = frozenset({AuditAction.HEALTH_VIEWED, AuditAction.SCREENING_RECORDED, AuditAction.SAFETY_FLAG})


def audit_context(request: AppRequest, opened: Opened) -> dict:
    """The latest rows about the participant, each with its reason in words: for a reader outside the
    health team, a screening's row says that it happened but not with which instrument."""
    events = (
        AuditEvent.objects.filter(object_type="participant", object_ref=opened.participant.code)
        .select_related("actor", "organisation")
        .order_by("-id")[:50]
    )
    health = opened.access.can_read(Category.HEALTH)
    return {
        "audit_trail": [
            (event, describe(event.reason) if health or event.action not in HEALTH_ACTIONS else "—") for event in events
        ]
    }


NEEDS_PLAN = Category.NEEDS_PLAN
for declared in (
    CaseSection("phases", "casework/_phases.html", phases_context, order=20, title=gettext_lazy("Phases")),
    CaseSection(
        "needs", "casework/_needs.html", needs_context, order=30, reads=NEEDS_PLAN, title=gettext_lazy("Needs")
    ),
    CaseSection(
        "plan",
        "casework/_plan.html",
        plan_section_context,
        order=40,
        reads=NEEDS_PLAN,
        title=gettext_lazy("Plan"),
        decisions=plan_decisions,
    ),
    CaseSection(
        "notes", "casework/_notes.html", notes_context, order=50, reads=NEEDS_PLAN, title=gettext_lazy("Contact notes")
    ),
    # Shown to whoever may read one category of milestone (casework/milestones.py).
    CaseSection(
        "outcomes",
        "casework/_outcomes.html",
        outcomes_context,
        order=60,
        shows=lambda a: bool(categories_read(a)),
        title=gettext_lazy("Outcomes"),
    ),
    CaseSection(
        "reviews",
        "casework/_reviews.html",
        reviews_context,
        order=70,
        title=gettext_lazy("Reviews and closure"),
        decisions=reviews_decisions,
    ),
    # Brings the other sections together: shown on the full page only.
    CaseSection(
        "timeline",
        "casework/_timeline.html",
        timeline_context,
        order=90,
        swappable=False,
        title=gettext_lazy("Timeline"),
    ),
    CaseSection("team", "casework/_team.html", team_context, order=120, title=gettext_lazy("Case team")),
    CaseSection(
        "audit",
        "casework/_audit.html",
        audit_context,
        order=130,
        shows=lambda access: access.sees_audit_trail,
        title=gettext_lazy("Audit trail"),
    ),
):
    register_case_section(declared)


# --- Home page -------------------------------------------------------------------------


def participant_count(request: AppRequest) -> int:
    return policy.participants_visible_to(request).count()


def approvals(request: AppRequest) -> list[dict]:
    """Plans to approve and closures to decide in the coordinator's organisation."""
    owned = Q(participant__owner=request.membership.organisation_id, participant__status=Participant.Status.ACTIVE)
    has_goals = Exists(Goal.objects.filter(plan=OuterRef("pk")))
    plans = Plan.objects.filter(owned, has_goals, approved_at__isnull=True).order_by("pk")
    closures = Closure.objects.filter(owned, approved__isnull=True)
    return [
        row(p.participant.code, case_url(p.participant.code, "plan"), _("plan to approve"))
        for p in plans.select_related("participant")[:PANEL_ROWS]
    ] + [
        row(c.participant.code, case_url(c.participant.code, "summary"), _("closure to decide"))
        for c in closures.select_related("participant")[:PANEL_ROWS]
    ]


PARTICIPANTS_TITLES = {
    Role.COORDINATOR: gettext_lazy("Caseload"),
    Role.CASE_WORKER: gettext_lazy("My participants"),
    Role.SPECIALIST: gettext_lazy("Participants on my team"),
}

register_home_panel(
    HomePanel(
        "participants",
        lambda membership: PARTICIPANTS_TITLES[membership.role],
        participant_count,
        roles=frozenset(PARTICIPANTS_TITLES),
        order=10,
        template="casework/_participants_panel.html",
    )
)
register_home_panel(
    HomePanel(
        "approvals",
        gettext_lazy("Plans and closures to approve"),
        approvals,
        roles=frozenset({Role.COORDINATOR}),
        order=50,
        empty=gettext_lazy("Nothing to approve."),
    )
)


# --- The administrator's areas (issue 18 §12) ------------------------------------------------

register_admin_area(
    AdminArea(
        name="needs_domains",
        title=gettext_lazy("Needs domains"),
        url_name="admin_needs_domains",
        order=60,
        shows=on_a_city,
    )
)
register_admin_area(
    AdminArea(
        name="milestone_kinds",
        title=gettext_lazy("Milestone kinds"),
        url_name="admin_milestone_kinds",
        order=70,
        shows=on_a_city,
    )
)
