"""Participants and their case records: every read opens the participant through the access
policy (404 alike for "does not exist" and "not allowed"), every write runs the pages' action."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from access import policy
from api import forms, pagination, serialise
from api.schemas import (
    AssessmentIn,
    AssessmentOut,
    HouseholdOut,
    MilestoneIn,
    MilestoneOut,
    ParticipantOut,
    ParticipantPage,
    PhaseOut,
    ScreeningOut,
)
from api.status import READ_ERRORS, WRITE_ERRORS
from casework import actions
from casework.caseload import CaseloadFilter
from casework.forms import AssessmentForm, MilestoneForm
from casework.milestones import kinds_offered, milestones_readable
from casework.models import NeedsAssessment, NeedsDomain, PhaseRecord
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
        policy.visible_among(request.membership, Participant.objects.filter(household=household)).values_list(
            "pk", flat=True
        )
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
    return [_assessment(a, opened.access.read) for a in assessments.order_by("assessed_on", "pk")]


def _assessment(assessment: NeedsAssessment, readable) -> dict:
    ratings = [
        {"domain": r.domain.code, "rating": r.rating, "strengths": r.strengths, "note": r.note}
        for r in assessment.ratings.all()
        if domain_readable(r.domain.category, readable)
    ]
    return {"id": assessment.pk, "assessed_on": assessment.assessed_on, "ratings": ratings}


@router.post(
    "/participants/{code}/assessments",
    response={201: AssessmentOut, **WRITE_ERRORS},
    summary="Record a needs assessment",
)
def assessment_create(request: HttpRequest, code: str, body: AssessmentIn):
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN, write=True)
    participant = opened.participant
    domains = [d for d in NeedsDomain.objects.filter(is_active=True) if d.applies_to_participant(participant)]
    by_code = {d.code: d for d in domains}
    forms.refuse_unknown("ratings", [r.domain for r in body.ratings], by_code)
    data = {"assessed_on": body.assessed_on}
    for rating in body.ratings:
        pk = by_code[rating.domain].pk
        data |= {f"rating_{pk}": rating.rating, f"strengths_{pk}": rating.strengths, f"note_{pk}": rating.note}
    form = AssessmentForm(data, domains=domains)
    forms.cleaned(form, {f"rating_{d.pk}": f"ratings.{d.code}" for d in domains})
    assessment = actions.record_assessment(
        actor=request.actor,
        participant=participant,
        assessed_on=form.cleaned_data["assessed_on"],
        ratings=form.ratings(),
    )
    return Status(201, _assessment(assessment, opened.access.read))


# --- Milestones and screenings ---------------------------------------------------------------


@router.get("/participants/{code}/milestones", response={200: list[MilestoneOut], **READ_ERRORS}, summary="Milestones")
def milestone_list(request: HttpRequest, code: str):
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN)
    milestones = milestones_readable(opened.participant, opened.access).order_by("reached_on", "pk")
    return [_milestone(m) for m in milestones]


def _milestone(milestone) -> dict:
    return {
        "id": milestone.pk,
        "kind": milestone.kind.code,
        "reached_on": milestone.reached_on,
        "lost_on": milestone.lost_on,
    }


@router.post(
    "/participants/{code}/milestones", response={201: MilestoneOut, **WRITE_ERRORS}, summary="Record a milestone"
)
def milestone_create(request: HttpRequest, code: str, body: MilestoneIn):
    opened = policy.open_participant(request, code)
    kinds = kinds_offered(opened.participant, opened.access)
    if not kinds:  # nothing this reader may record here, as on the page
        raise Http404
    by_code = {kind.code: kind for kind in kinds}
    forms.refuse_unknown("kind", [body.kind], by_code)
    fields = {"kind": by_code[body.kind].pk, "reached_on": body.reached_on, "note": body.note}
    data = forms.cleaned(MilestoneForm(fields, kinds=kinds))
    milestone = actions.record_milestone(
        actor=request.actor,
        participant=opened.participant,
        kind=data["kind"],
        reached_on=data["reached_on"],
        note=data["note"],
    )
    return Status(201, _milestone(milestone))


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
