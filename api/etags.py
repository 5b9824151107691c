"""ETag and If-Match: a write names the version it read, so nobody overwrites an edit unseen."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from api.problems import Problem


def tag(kind: str, ref: int | str, version: int) -> str:
    return f'"{kind}-{ref}-v{version}"'


def expected_version(if_match: str, kind: str, ref: int | str) -> int:
    """The version an If-Match header names for this record; 412 if it names another record."""
    prefix = f'"{kind}-{ref}-v'
    value = if_match.strip()
    number = value[len(prefix) : -1] if value.startswith(prefix) and value.endswith('"') else ""
    if not number.isdigit():
        raise Problem(412, _("If-Match must be the ETag this record was read with."))
    return int(number)


def stale() -> Problem:
    return Problem(412, _("Someone changed this record since you read it. Read it again, then make your change."))


def with_tag(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    return response
