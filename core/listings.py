"""Filters of the caseload that another app declares (e.g. "the people an indicator counts").

The caseload (casework) shows the participants its reader may open; an app above it (mel)
may narrow that list by a query parameter it owns, without casework importing it. Each
app registers a ``ListFilter`` from its AppConfig's ``ready()``; ``narrow`` applies every one
named in the query string, and always intersects with the list it is given (the access
policy's), so that a filter can narrow a list but never widen it.

Core imports no app: the types below are named for readers and type checkers only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

if TYPE_CHECKING:
    from accounts.http import AppRequest


@dataclass(frozen=True)
class Narrowed:
    """What a filter gives: the participants it selects, and the note the list shows about it."""

    participants: QuerySet
    note: str
    back_url: str = ""
    back_label: str = ""
    # The query parameters the filter read, kept (as hidden fields) when the list's own filters change.
    parameters: tuple[tuple[str, str], ...] = ()


class Refused(Exception):
    """A filter that may not, or cannot, apply to this reader or these parameters: the list
    answers 400 with the message, and shows nobody."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ListFilter:
    parameter: str  # the query parameter that turns the filter on (e.g. "indicator")
    narrow: Callable[[AppRequest], Narrowed]  # reads the rest of its parameters from request.GET


_filters: dict[str, ListFilter] = {}


def register_list_filter(list_filter: ListFilter) -> ListFilter:
    known = _filters.get(list_filter.parameter)
    if known is not None and known != list_filter:
        raise ImproperlyConfigured(f"Two caseload filters read {list_filter.parameter!r}.")
    _filters[list_filter.parameter] = list_filter
    return list_filter


def narrow(request: AppRequest, participants: QuerySet) -> tuple[QuerySet, list[Narrowed]]:
    """The participants of ``participants`` that every filter named in the query selects, and
    the filters' notes. Raises ``Refused``."""
    notes = []
    for parameter, list_filter in sorted(_filters.items()):
        if parameter in request.GET:
            narrowed = list_filter.narrow(request)
            participants = participants.filter(pk__in=narrowed.participants.values("pk"))
            notes.append(narrowed)
    return participants, notes
