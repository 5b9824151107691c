"""Cursor pagination: a page of a list in a fixed order (by id), and an opaque cursor to the next.

A cursor names the last id seen, so a page does not shift when records are added meanwhile
and no page costs more than the first (no OFFSET).
"""

from __future__ import annotations

import base64
import binascii

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from api.problems import Problem

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def encode(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"after:{last_id}".encode()).decode().rstrip("=")


def decode(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _sep, value = text.partition(":")
        if kind != "after" or not value.isdigit():
            raise ValueError
        return int(value)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise Problem(400, _("The cursor is not one this API gave: start again without it.")) from None


def page(queryset: QuerySet, paging: Paging) -> tuple[list, str | None]:
    """One page of ``queryset`` in id order and the cursor of the next page (None on the last)."""
    if paging.cursor:
        queryset = queryset.filter(pk__gt=decode(paging.cursor))
    rows = list(queryset.order_by("pk")[: paging.limit + 1])
    more = len(rows) > paging.limit
    rows = rows[: paging.limit]
    return rows, encode(rows[-1].pk) if more and rows else None


class Paging(Schema):
    cursor: str | None = Field(None, description="The `next` of the previous page; none for the first page.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")
