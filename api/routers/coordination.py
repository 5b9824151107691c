"""Referrals, transfers and case conferences: every read opens its record through the access
policy as the coordination pages do (404 alike for "does not exist" and "not allowed"), every
write runs the pages' action, and another organisation sees only what is shared with it."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Literal

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Schema, Status
from pydantic import Field

from access import policy
from api import etags, forms, pagination, serialise
from api.problems import Problem
from api.schemas_coordination import (
    ConferenceDetailOut,
    ConferencePage,
    DeclineIn,
    ReferralDetailOut,
    ReferralPage,
    ServiceIn,
    TransferDetailOut,
    TransferPage,
)
from api.status import ETAG, READ_ERRORS, WRITE_ERRORS
from coordination import actions
from coordination.forms import DeclineForm, ServiceRecordForm
from coordination.models import Conference, Referral, Transfer
from coordination.shared import shared_record
from core import audit
from core.audit import AuditAction
from core.categories import Category
from people.models import Participant

router = Router(tags=["coordination"])


# --- What another organisation sees of a participant ------------------------------------------


def _summary(record: dict) -> dict | None:
    # shared_record sets "household" only when the summary is shared; it holds translated role
    # labels, so the roles are read again as codes under that same condition.
    if "household" not in record:
        return None
    participant = record["participant"]
    members = participant.household.members.order_by("birth_year")
    return {
        "household_role": participant.household_role,
        "sex": participant.sex,
        "age_band": serialise.band(participant),
        "phases": [{"phase": p.phase, "started_on": p.started_on, "ended_on": p.ended_on} for p in record["phases"]],
        "household": [{"household_role": m.household_role, "age_band": serialise.band(m)} for m in members],
    }


def _in_order(categories: frozenset[str]) -> list[str]:
    return [c for c in Category.values if c in categories]


def _shared(record: dict, categories: frozenset[str]) -> dict:
    """A record of ``coordination.shared.shared_record`` as JSON: nothing is read beyond it."""
    screenings = record.get("screenings")
    return {
        "participant": record["participant"].code,
        "categories": _in_order(categories),
        "summary": _summary(record),
        "needs": [
            {"domain": row.domain.code, "rating": row.latest.rating, "strengths": row.latest.strengths}
            for row in record["needs"]
        ],
        "goals": [serialise.goal(goal) for goal in record["goals"]],
        "milestones": [
            {"id": m.pk, "kind": m.kind.code, "reached_on": m.reached_on, "lost_on": m.lost_on}
            for m in record["milestones"]
        ],
        "screenings": None if screenings is None else [serialise.screening(a) for a in screenings],
    }


# --- Referrals -------------------------------------------------------------------------------

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _version(referral: Referral) -> int:
    """Microseconds since the epoch of the last change: every move of a referral saves it."""
    return (referral.updated_at - _EPOCH) // datetime.timedelta(microseconds=1)


def _referral(referral: Referral, side: str, *, listed: bool = False) -> dict:
    return {
        "id": referral.pk,
        "side": side,
        "participant": referral.participant.code,
        "from_organisation": referral.from_organisation.name,
        "to_organisation": referral.to_organisation.name,
        "domain": referral.domain.code,
        "request": referral.request,
        "urgency": referral.urgency,
        "status": referral.status,
        "decline_reason": referral.decline_reason,
        "categories": list(referral.categories),
        "override_categories": list(referral.override_categories),
        "lawful_basis": referral.lawful_basis,
        # Consent is re-read: a withdrawal ends sharing at once (access.policy.shared_by_referral).
        # It costs queries per referral, so a list leaves it to each referral's own answer.
        "shared": _in_order(policy.shared_by_referral(referral)) if side == "recipient" and not listed else None,
        "respond_by": referral.respond_by,
        "expires_on": referral.expires_on,
        "created_at": referral.created_at,
    }


# Referral.Status's values inline in the schema, not a component named "Status" like others.
ReferralStatus = Literal[tuple(Referral.Status.values)]


class ReferralQuery(Schema):
    side: Literal["received", "sent"] = Field(
        "received", description="Referrals to your organisation, or those it sent."
    )
    status: ReferralStatus | None = Field(None, description="Only referrals in this status.")


@router.get("/referrals", response={200: ReferralPage, **READ_ERRORS}, summary="Referrals received or sent")
def referral_list(request: HttpRequest, filters: Query[ReferralQuery], paging: Query[pagination.Paging]):
    if filters.side == "received":
        found, side = policy.referrals_received(request.membership), "recipient"
    else:
        found, side = policy.referrals_sent(request.membership), "sender"
    if filters.status:
        found = found.filter(status=filters.status)
    found = found.select_related("participant", "from_organisation", "to_organisation", "domain")
    rows, after = pagination.page(found, paging)
    return {"items": [_referral(r, side, listed=True) for r in rows], "next": after}


def _referral_answer(request: HttpRequest, opened: policy.OpenedReferral, response: HttpResponse) -> dict:
    """The referral, and for its recipient what is shared now: read and audited as on the page."""
    referral, record = opened.referral, None
    if opened.side == "recipient" and referral.is_open:
        why = f"referral={referral.pk}"
        audit.for_participant(AuditAction.REFERRAL_VIEWED, referral.participant, actor=request.actor, reason=why)
        shared = shared_record(referral.participant, opened.shared, actor=request.actor, why=why)
        record = _shared(shared, opened.shared)
    response["ETag"] = etags.tag("referral", referral.pk, _version(referral))
    return {
        **_referral(referral, opened.side),
        "record": record,
        "services_given": [
            {"given_on": s.given_on, "description": s.description} for s in referral.services_given.all()
        ],
        "events": [
            {
                "status": e.status,
                "at": e.at,
                "organisation": e.organisation.name if e.organisation else None,
                "reason": e.reason,
            }
            for e in referral.events.select_related("organisation")
        ],
    }


@router.get(
    "/referrals/{referral_id}",
    response={200: ReferralDetailOut, **READ_ERRORS},
    openapi_extra=ETAG,
    summary="A referral, with what is shared now",
)
def referral_detail(request: HttpRequest, referral_id: int, response: HttpResponse):
    return _referral_answer(request, policy.open_referral(request, referral_id), response)


def _moved_on(referral: Referral) -> Problem:
    """409: the referral is no longer in a state that allows this (an open one past its end has expired)."""
    moved = Referral.Status.EXPIRED.label if referral.status in Referral.OPEN and not referral.is_open else None
    moved = moved or referral.get_status_display()
    return Problem(409, _("This referral is %(status)s now.") % {"status": str(moved).lower()})


def _move(
    request: HttpRequest, referral_id: int, if_match: str, status: str, write: Callable[[Referral], None]
) -> None:
    """Moves a referral the acting organisation received, as the page's ``_recipient_referral``
    allows: 404 to anyone else, 412 if it changed since read, 409 once it has moved on."""
    opened = policy.open_referral(request, referral_id)
    if opened.side != "recipient":
        raise Http404
    version = etags.expected_version(if_match, "referral", referral_id)
    with transaction.atomic():
        # Locked, so that two answers at the same moment cannot both pass the checks.
        referral = Referral.objects.select_for_update().select_related("participant").get(pk=referral_id)
        if _version(referral) != version:
            raise etags.stale()
        if referral.status != status or not referral.is_open:
            raise _moved_on(referral)
        write(referral)


@router.post(
    "/referrals/{referral_id}/accept",
    response={200: ReferralDetailOut, **WRITE_ERRORS},
    openapi_extra=ETAG,
    summary="Accept a referral",
)
def referral_accept(
    request: HttpRequest, referral_id: int, response: HttpResponse, if_match: str = Header(alias="If-Match")
):
    def accept(referral: Referral) -> None:
        actions.answer_referral(actor=request.actor, referral=referral, accept=True)

    _move(request, referral_id, if_match, Referral.Status.SENT, accept)
    return _referral_answer(request, policy.open_referral(request, referral_id), response)


@router.post(
    "/referrals/{referral_id}/decline",
    response={200: ReferralDetailOut, **WRITE_ERRORS},
    openapi_extra=ETAG,
    summary="Decline a referral",
)
def referral_decline(
    request: HttpRequest,
    referral_id: int,
    body: DeclineIn,
    response: HttpResponse,
    if_match: str = Header(alias="If-Match"),
):
    def decline(referral: Referral) -> None:
        # As on the page, the reason is read only once the referral may still be answered.
        reason = forms.cleaned(DeclineForm({"reason": body.reason}))["reason"]
        actions.answer_referral(actor=request.actor, referral=referral, accept=False, reason=reason)

    _move(request, referral_id, if_match, Referral.Status.SENT, decline)
    return _referral_answer(request, policy.open_referral(request, referral_id), response)


@router.post(
    "/referrals/{referral_id}/complete",
    response={200: ReferralDetailOut, **WRITE_ERRORS},
    openapi_extra=ETAG,
    summary="Mark a referral done (your access ends)",
)
def referral_complete(
    request: HttpRequest, referral_id: int, response: HttpResponse, if_match: str = Header(alias="If-Match")
):
    def complete(referral: Referral) -> None:
        actions.complete_referral(actor=request.actor, referral=referral)

    _move(request, referral_id, if_match, Referral.Status.ACCEPTED, complete)
    return _referral_answer(request, policy.open_referral(request, referral_id), response)


@router.post(
    "/referrals/{referral_id}/services",
    response={201: ReferralDetailOut, **WRITE_ERRORS},
    openapi_extra=ETAG,
    summary="Record a service given under an accepted referral",
)
def referral_service(request: HttpRequest, referral_id: int, body: ServiceIn, response: HttpResponse):
    # Adding a service changes nothing another may be editing: no If-Match, as on the page.
    opened = policy.open_referral(request, referral_id)
    if opened.side != "recipient":
        raise Http404
    referral = opened.referral
    if referral.status != Referral.Status.ACCEPTED or not referral.is_open:
        raise _moved_on(referral)
    data = forms.cleaned(ServiceRecordForm(body.dict()))
    actions.record_service(actor=request.actor, referral=referral, **data)
    return Status(201, _referral_answer(request, policy.open_referral(request, referral_id), response))


@router.post(
    "/referrals/{referral_id}/revoke",
    response={200: ReferralDetailOut, **WRITE_ERRORS},
    openapi_extra=ETAG,
    summary="Revoke a referral your organisation sent (its access ends at once)",
)
def referral_revoke(
    request: HttpRequest, referral_id: int, response: HttpResponse, if_match: str = Header(alias="If-Match")
):
    opened = policy.open_referral(request, referral_id)
    if opened.side != "sender" or not opened.access.refers:
        raise Http404
    version = etags.expected_version(if_match, "referral", referral_id)
    with transaction.atomic():
        referral = Referral.objects.select_for_update().select_related("participant").get(pk=referral_id)
        if _version(referral) != version:
            raise etags.stale()
        if not referral.is_open:
            raise _moved_on(referral)
        actions.revoke_referral(actor=request.actor, referral=referral)
    return _referral_answer(request, policy.open_referral(request, referral_id), response)


# --- Transfers -------------------------------------------------------------------------------

_IN_BIRTH_ORDER = Prefetch(
    "participants", queryset=Participant.objects.select_related("household").order_by("birth_year", "pk")
)


def _transfer(transfer: Transfer, side: str, visible: set[int]) -> dict:
    # As on the page: every code while the transfer waits for an answer; afterwards only those the
    # user may still open (the sender's, during the handover period).
    moving = list(transfer.participants.all())
    pending = transfer.status == Transfer.Status.PENDING
    return {
        "id": transfer.pk,
        "side": side,
        "status": transfer.status,
        "decline_reason": transfer.decline_reason,
        "from_organisation": transfer.from_organisation.name,
        "to_organisation": transfer.to_organisation.name,
        "participants": [p.code for p in moving if pending or p.pk in visible],
        "participant_count": len(moving),
        "household": transfer.household.code if transfer.household_id else None,
        "created_at": transfer.created_at,
        "decided_at": transfer.decided_at,
        "handover_until": transfer.handover_until,
    }


def _openable(request: HttpRequest, transfers: list[Transfer]) -> set[int]:
    moving = Participant.objects.filter(transfers__in=transfers)
    return set(policy.visible_among(request.membership, moving).values_list("pk", flat=True))


def _side(transfer: Transfer, request: HttpRequest) -> str:
    return "recipient" if transfer.to_organisation_id == request.membership.organisation_id else "sender"


@router.get("/transfers", response={200: TransferPage, **READ_ERRORS}, summary="Transfers sent or received")
def transfer_list(request: HttpRequest, paging: Query[pagination.Paging]):
    found = (
        policy.transfers_visible_to(request.membership)
        .select_related("from_organisation", "to_organisation", "household")
        .prefetch_related(_IN_BIRTH_ORDER)
    )
    rows, after = pagination.page(found, paging)
    visible = _openable(request, rows)
    return {"items": [_transfer(t, _side(t, request), visible) for t in rows], "next": after}


@router.get(
    "/transfers/{transfer_id}", response={200: TransferDetailOut, **READ_ERRORS}, summary="A transfer and its handover"
)
def transfer_detail(request: HttpRequest, transfer_id: int):
    opened = policy.open_transfer(request, transfer_id)
    transfer = opened.transfer
    note, handover = None, None
    # As on the page: the handover note and summary only while the transfer waits for an answer.
    if transfer.status == Transfer.Status.PENDING:
        note, handover = transfer.handover_note, []
        for participant in transfer.participants.select_related("household").order_by("birth_year", "pk"):
            categories = policy.handover_categories(transfer, participant, request)
            record = shared_record(participant, categories, actor=request.actor, why=f"transfer={transfer.pk}")
            handover.append(_shared(record, categories))
    return {
        **_transfer(transfer, opened.side, _openable(request, [transfer])),
        "handover_note": note,
        "handover": handover,
    }


# --- Case conferences ------------------------------------------------------------------------


def _conference(conference: Conference, side: str) -> dict:
    return {
        "id": conference.pk,
        "side": side,
        "scheduled_at": conference.scheduled_at,
        "place": conference.place,
        "status": conference.status,
        "organisation": conference.organisation.name,
    }


@router.get("/conferences", response={200: ConferencePage, **READ_ERRORS}, summary="Case conferences you may open")
def conference_list(request: HttpRequest, paging: Query[pagination.Paging]):
    rows, after = pagination.page(
        policy.conferences_visible_to(request.membership).select_related("organisation"), paging
    )
    team = set(
        policy.conferences_on_team(request.membership).filter(pk__in=[c.pk for c in rows]).values_list("pk", flat=True)
    )
    return {"items": [_conference(c, "team" if c.pk in team else "invited") for c in rows], "next": after}


def _decision(decision, *, team: bool) -> dict:
    return {
        "participant": decision.participant.code,
        "text": decision.text,
        "responsible_organisation": decision.responsible_organisation.name,
        "due_on": decision.due_on,
        "action_status": decision.action.status if team and decision.action else None,
    }


def _team_view(opened: policy.OpenedConference) -> dict:
    conference = opened.conference
    invitations = list(conference.invitations.select_related("organisation"))
    decisions = conference.decisions.select_related("participant", "responsible_organisation", "action")
    return {
        **_conference(conference, "team"),
        "whole_household": conference.household_id is not None,
        "participants": [subject.code for subject, _access in opened.subjects],
        "invited_organisations": [i.organisation.name for i in invitations],
        "attendance": [{"organisation": i.organisation.name, "attended": i.attended} for i in invitations],
        "decisions": [_decision(d, team=True) for d in decisions],
        "summary": conference.summary,
        "shared": None,
    }


def _invited_view(request: HttpRequest, opened: policy.OpenedConference) -> dict:
    """Only what consent allows for each subject, only the decisions this organisation carries."""
    conference, organisation = opened.conference, request.membership.organisation
    records = []
    # A cancelled conference shares nothing any more.
    if conference.status != Conference.Status.CANCELLED:
        for subject, _access in opened.subjects:
            categories = policy.shared_with_invitee(conference, subject, organisation)
            why = f"conference={conference.pk}"
            reason = f"{why} categories={','.join(sorted(categories))}"
            audit.for_participant(AuditAction.CONFERENCE_VIEWED, subject, actor=request.actor, reason=reason)
            # A subject whose consent does not cover this organisation is not even named.
            if categories:
                records.append(_shared(shared_record(subject, categories, actor=request.actor, why=why), categories))
    decisions = conference.decisions.filter(responsible_organisation=organisation).select_related(
        "participant", "responsible_organisation"
    )
    return {
        **_conference(conference, "invited"),
        "whole_household": conference.household_id is not None,
        "participants": [record["participant"] for record in records],
        "invited_organisations": [i.organisation.name for i in conference.invitations.select_related("organisation")],
        "attendance": None,
        "decisions": [_decision(d, team=False) for d in decisions],
        "summary": None,
        "shared": records,
    }


@router.get(
    "/conferences/{conference_id}", response={200: ConferenceDetailOut, **READ_ERRORS}, summary="A case conference"
)
def conference_detail(request: HttpRequest, conference_id: int):
    opened = policy.open_conference(request, conference_id)
    return _invited_view(request, opened) if opened.side == "invited" else _team_view(opened)
