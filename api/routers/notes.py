"""Contact notes: team notes to the case team, clinical notes to the author's discipline only (each
read of one audited as health data), edited only by their author and only from the version read."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Header, Query, Router, Status

from access import policy
from access.policy import Opened
from api import etags, forms, pagination
from api.schemas import (
    NoteIn,
    NoteOut,
    NotePage,
)
from api.status import ETAG, READ_ERRORS, WRITE_ERRORS
from casework import actions
from casework.forms import NoteForm
from casework.models import ContactNote, NeedsDomain
from core.categories import Category

router = Router(tags=["notes"])


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
