"""Participants and their case records: every read opens the participant through the access
policy (404 alike for "does not exist" and "not allowed"), every write runs the pages' action."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Header, Query, Router, Schema, Status
from pydantic import Field

from access import policy
from access.policy import Opened
from api import etags, forms, pagination, serialise
from api.schemas import (
    AssessmentOut,
    GoalIn,
    GoalOut,
    HouseholdOut,
    MilestoneOut,
    NoteIn,
    NoteOut,
    NotePage,
    ParticipantOut,
    ParticipantPage,
    PhaseOut,
    PlanIn,
    PlanOut,
    ScreeningOut,
)
from api.status import ETAG, READ_ERRORS, WRITE_ERRORS
from casework import actions
from casework.caseload import CaseloadFilter
from casework.forms import GoalForm, NoteForm, PlanForm
from casework.milestones import milestones_readable
from casework.models import ContactNote, Goal, NeedsAssessment, NeedsDomain, PhaseRecord
from core import audit
from core.audit import AuditAction
from core.categories import Category, domain_readable
from people.models import Household, Participant

router = Router(tags=["participants"])


def item(participant: Participant) -> dict:
    """A caseload row: what opening the participant shows first (phases prefetched)."""
    current = next((p.phase for p in participant.phases.all() if p.ended_on is None), None)
    return {
        "code": participant.code,
        "household": participant.household.code,
        "household_role": participant.household_role,
        "sex": participant.sex,
        "age_band": serialise.band(participant),
        "status": participant.status,
        "phase": current,
        "organisation": participant.owner.name,
    }


def summary(participant: Participant, access) -> dict:
    return {**item(participant), "you_read": sorted(access.read), "you_write": sorted(access.write)}


class CaseloadQuery(Schema):
    code: str | None = Field(None, max_length=9, description="Part of a participant's or household's code.")
    phase: str | None = Field(None, description="Current phase.")
    need_domain: str | None = Field(None, description="Code of a needs domain.")
    need_at_most: int | None = Field(None, ge=1, le=5, description="Latest rating at most (in need_domain, if given).")
    overdue: bool = Field(False, description="Only those with overdue actions.")
    review_within: int | None = Field(None, description="Review due within 7, 30 or 90 days.")
    age_band: str | None = Field(None, examples=["30-44"])
    sex: str | None = None


@router.get("/participants", response={200: ParticipantPage, **READ_ERRORS}, summary="The caseload")
def participant_list(request: HttpRequest, filters: Query[CaseloadQuery], paging: Query[pagination.Paging]):
    data = filters.dict(exclude_none=True)
    if "need_domain" in data:
        data["need_domain"] = forms.ids_of(NeedsDomain, [data["need_domain"]], "need_domain")[0]
    found = CaseloadFilter(data)
    forms.cleaned(found)
    visible = policy.participants_visible_to(request.membership).select_related("household", "owner")
    rows, after = pagination.page(found.apply(visible).prefetch_related("phases"), paging)
    return {"items": [item(p) for p in rows], "next": after}


@router.get("/participants/{code}", response={200: ParticipantOut, **READ_ERRORS}, summary="A participant's summary")
def participant_detail(request: HttpRequest, code: str):
    opened = policy.open_participant(request, code)
    return summary(opened.participant, opened.access)


@router.get("/households/{household_code}", response={200: HouseholdOut, **READ_ERRORS}, summary="A household")
def household_detail(request: HttpRequest, household_code: str):
    household = Household.objects.filter(code=household_code.upper()).first()
    visible = set(
        policy.participants_visible_to(request.membership).filter(household=household).values_list("pk", flat=True)
    )
    if household is None or not visible:
        raise Http404
    members = household.members.order_by("birth_year", "pk")
    rows = [
        {"code": m.code if m.pk in visible else None, "household_role": m.household_role, "age_band": serialise.band(m)}
        for m in members
    ]
    return {"code": household.code, "members": rows}


@router.get("/participants/{code}/phases", response={200: list[PhaseOut], **READ_ERRORS}, summary="Phases")
def phase_list(request: HttpRequest, code: str):
    participant = policy.open_participant(request, code).participant
    return PhaseRecord.objects.filter(participant=participant).order_by("started_on", "pk")


@router.get(
    "/participants/{code}/assessments", response={200: list[AssessmentOut], **READ_ERRORS}, summary="Needs assessments"
)
def assessment_list(request: HttpRequest, code: str):
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN)
    assessments = NeedsAssessment.objects.filter(participant=opened.participant).prefetch_related("ratings__domain")
    readable = opened.access.read
    return [
        {
            "id": a.pk,
            "assessed_on": a.assessed_on,
            "ratings": [
                {"domain": r.domain.code, "rating": r.rating, "strengths": r.strengths, "note": r.note}
                for r in a.ratings.all()
                if domain_readable(r.domain.category, readable)
            ],
        }
        for a in assessments.order_by("assessed_on", "pk")
    ]


# --- The plan ------------------------------------------------------------------------------


def _plan(opened: Opened, response: HttpResponse) -> dict:
    plan = actions.plan_for(opened.participant)
    readable = opened.access.read
    goals = (
        Goal.objects.filter(plan=plan).select_related("domain").prefetch_related("actions__responsible_organisation")
        if plan.pk
        else []
    )
    response["ETag"] = etags.tag("plan", opened.participant.code, plan.version)
    return {
        "version": plan.version,
        "review_on": plan.review_on,
        "approved": plan.approved_at is not None,
        "goals": [serialise.goal(goal) for goal in goals if domain_readable(goal.domain.category, readable)],
    }


def _plan_version(request: HttpRequest, code: str, if_match: str) -> tuple[Opened, object, int]:
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN, write=True)
    return (
        opened,
        actions.plan_for(opened.participant),
        etags.expected_version(if_match, "plan", opened.participant.code),
    )


@router.get(
    "/participants/{code}/plan",
    response={200: PlanOut, **READ_ERRORS},
    openapi_extra=ETAG,
    summary="The plan, goals and actions",
)
def plan_detail(request: HttpRequest, code: str, response: HttpResponse):
    return _plan(policy.open_participant(request, code, Category.NEEDS_PLAN), response)


@router.patch(
    "/participants/{code}/plan",
    response={200: PlanOut, **WRITE_ERRORS},
    openapi_extra=ETAG,
    summary="Change the review date",
)
def plan_update(
    request: HttpRequest, code: str, body: PlanIn, response: HttpResponse, if_match: str = Header(alias="If-Match")
):
    opened, plan, version = _plan_version(request, code, if_match)
    data = forms.cleaned(PlanForm({"plan_version": version, "review_on": body.review_on or ""}))
    try:
        actions.update_plan(actor=request.actor, plan=plan, expected_version=version, review_on=data["review_on"])
    except actions.Conflict:
        raise etags.stale() from None
    return _plan(opened, response)


@router.post(
    "/participants/{code}/plan/goals",
    response={201: GoalOut, **WRITE_ERRORS},
    openapi_extra=ETAG,
    summary="Add a goal (the answer's ETag is the plan's new version)",
)
def goal_create(
    request: HttpRequest, code: str, body: GoalIn, response: HttpResponse, if_match: str = Header(alias="If-Match")
):
    opened, plan, version = _plan_version(request, code, if_match)
    domain = forms.ids_of(NeedsDomain, [body.domain], "domain")[0]
    data = forms.cleaned(GoalForm({"plan_version": version, "domain": domain, "what_matters": body.what_matters}))
    try:
        goal = actions.add_goal(
            actor=request.actor,
            plan=plan,
            expected_version=version,
            domain=data["domain"],
            what_matters=data["what_matters"],
        )
    except actions.Conflict:
        raise etags.stale() from None
    response["ETag"] = etags.tag("plan", opened.participant.code, goal.plan.version)
    return Status(201, serialise.goal(goal))


# --- Contact notes -------------------------------------------------------------------------


def _note(note: ContactNote) -> dict:
    return {
        "id": note.pk,
        "occurred_on": note.occurred_on,
        "kind": note.kind,
        "domains": [d.code for d in note.domains.all()],
        "text": note.text,
        "sensitivity": note.sensitivity,
        "author_discipline": note.author_discipline,
        "version": note.version,
    }


def _note_data(opened: Opened, body: NoteIn, version: int | None = None) -> dict:
    fields = body.dict()
    fields["domains"] = forms.ids_of(NeedsDomain, body.domains, "domains")
    if version is not None:
        fields["version"] = version
    return forms.cleaned(NoteForm(fields, clinical_allowed=bool(opened.access.clinical_disciplines)))


@router.get("/participants/{code}/notes", response={200: NotePage, **READ_ERRORS}, summary="Contact notes")
def note_list(request: HttpRequest, code: str, paging: Query[pagination.Paging]):
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN)
    notes = policy.notes_visible_to(request, opened.participant, opened.access).prefetch_related("domains")
    rows, after = pagination.page(notes, paging)
    # Clinical notes are health data: reading them here is audited as on the case page.
    actions.record_clinical_read(actor=request.actor, participant=opened.participant, notes=rows, why="api")
    return {"items": [_note(n) for n in rows], "next": after}


@router.post(
    "/participants/{code}/notes", response={201: NoteOut, **WRITE_ERRORS}, openapi_extra=ETAG, summary="Write a note"
)
def note_create(request: HttpRequest, code: str, body: NoteIn, response: HttpResponse):
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN, write=True)
    note = actions.write_note(actor=request.actor, participant=opened.participant, data=_note_data(opened, body))
    response["ETag"] = etags.tag("note", note.pk, note.version)
    return Status(201, _note(note))


def _visible_note(request: HttpRequest, opened: Opened, note_id: int) -> ContactNote:
    notes = policy.notes_visible_to(request, opened.participant, opened.access)
    note = get_object_or_404(notes, pk=note_id)
    actions.record_clinical_read(actor=request.actor, participant=opened.participant, notes=[note], why="api")
    return note


@router.get(
    "/participants/{code}/notes/{note_id}", response={200: NoteOut, **READ_ERRORS}, openapi_extra=ETAG, summary="A note"
)
def note_detail(request: HttpRequest, code: str, note_id: int, response: HttpResponse):
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN)
    note = _visible_note(request, opened, note_id)
    response["ETag"] = etags.tag("note", note.pk, note.version)
    return _note(note)


@router.put(
    "/participants/{code}/notes/{note_id}",
    response={200: NoteOut, **WRITE_ERRORS},
    openapi_extra=ETAG,
    summary="Edit your note",
)
def note_update(
    request: HttpRequest,
    code: str,
    note_id: int,
    body: NoteIn,
    response: HttpResponse,
    if_match: str = Header(alias="If-Match"),
):
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN, write=True)
    note = _visible_note(request, opened, note_id)
    if note.author_id != request.user.pk:
        raise Http404  # as on the pages: only its author edits a note
    version = etags.expected_version(if_match, "note", note.pk)
    data = _note_data(opened, body, version)
    try:
        note = actions.edit_note(actor=request.actor, note=note, data=data, expected_version=version)
    except actions.Conflict:
        raise etags.stale() from None
    response["ETag"] = etags.tag("note", note.pk, note.version)
    return _note(note)


# --- Milestones and screenings ---------------------------------------------------------------


@router.get("/participants/{code}/milestones", response={200: list[MilestoneOut], **READ_ERRORS}, summary="Milestones")
def milestone_list(request: HttpRequest, code: str):
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN)
    milestones = milestones_readable(opened.participant, opened.access).order_by("reached_on", "pk")
    return [{"id": m.pk, "kind": m.kind.code, "reached_on": m.reached_on, "lost_on": m.lost_on} for m in milestones]


@router.get("/participants/{code}/screenings", response={200: list[ScreeningOut], **READ_ERRORS}, summary="Screenings")
def screening_list(request: HttpRequest, code: str):
    participant = policy.open_participant(request, code, Category.HEALTH).participant
    audit.for_participant(AuditAction.HEALTH_VIEWED, participant, actor=request.actor, reason="api screenings")
    return [serialise.screening(a) for a in participant.administrations.order_by("administered_on", "pk")]


@router.get(
    "/participants/{code}/screenings/{administration_id}",
    response={200: ScreeningOut, **READ_ERRORS},
    summary="A screening",
)
def screening_detail(request: HttpRequest, code: str, administration_id: int):
    participant = policy.open_participant(request, code, Category.HEALTH).participant
    administration = get_object_or_404(participant.administrations, pk=administration_id)
    audit.for_participant(
        AuditAction.HEALTH_VIEWED, participant, actor=request.actor, reason=f"api administration={administration.pk}"
    )
    return serialise.screening(administration)
