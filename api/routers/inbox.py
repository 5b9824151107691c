"""The acting user's notices, as the inbox shows them: codes and ids only, and a participant's code
only while the user may still open that participant (a notice outlives a place on the team)."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from access import policy
from api import pagination
from api.schemas_aggregates import NoticeOut, NoticePage
from api.status import READ_ERRORS, WRITE_ERRORS
from notices.models import Notice
from people.models import Participant

router = Router(tags=["inbox"])


class NoticeQuery(Schema):
    unread: bool | None = Field(None, description="true: only unread notices; false: only read ones.")


def _number(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _notice(notice: Notice, opens: bool) -> dict:
    data = notice.data if isinstance(notice.data, dict) else {}
    code = notice.participant.code if opens and notice.participant_id else None
    return {
        "id": notice.pk,
        "kind": notice.kind,
        "created_at": notice.created_at,
        "read": notice.read_at is not None,
        "participant": code,
        "status": _text(data.get("status")),
        "due": _text(data.get("due")),
        "instrument": _text(data.get("instrument")),
        "organisation": _text(data.get("organisation")),
        "role": _text(data.get("role")),
        "referral": _number(data.get("referral")),
        "transfer": _number(data.get("transfer")),
        "conference": _number(data.get("conference")),
        # The inbox links a screening through its participant: without the code, no link.
        "screening": _number(data.get("administration")) if code else None,
    }


def _openable(request: HttpRequest, notices: list[Notice]) -> set[int]:
    """The participants these notices name that the acting membership may open now (one query)."""
    named = {n.participant_id for n in notices if n.participant_id}
    if not named:
        return set()
    visible = policy.visible_among(request.membership, Participant.objects.filter(pk__in=named))
    return set(visible.values_list("pk", flat=True))


@router.get("/notices", response={200: NoticePage, **READ_ERRORS}, summary="Your notices")
def notice_list(request: HttpRequest, filters: Query[NoticeQuery], paging: Query[pagination.Paging]):
    notices = request.user.notices.select_related("participant")
    if filters.unread is not None:
        notices = notices.filter(read_at__isnull=filters.unread)
    rows, after = pagination.page(notices, paging)
    openable = _openable(request, rows)
    return {"items": [_notice(n, n.participant_id in openable) for n in rows], "next": after}


@router.post("/notices/{notice_id}/read", response={200: NoticeOut, **WRITE_ERRORS}, summary="Mark a notice read")
def notice_read(request: HttpRequest, notice_id: int):
    # Someone else's notice is "not found", as on the inbox page.
    notice = get_object_or_404(Notice.objects.select_related("participant"), pk=notice_id, recipient=request.user)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return _notice(notice, notice.participant_id in _openable(request, [notice]))
