"""Pages built from their apps' pieces: the sections of the case page and the panels of the home page.

Each app declares its pieces in ``<app>/sections.py``, imported from its AppConfig's
``ready()``; the pages (``homecoming.views``) put together whatever is registered, so
that a new app adds a section or a panel without editing another app's views.

- ``CaseSection``: one section of the case page. Its ``context(request, opened)`` builds
  what its template needs, from the participant and the access the policy opened them
  with; an htmx swap builds only that section's context. ``reads`` (a data category) and
  ``shows`` (a test on the access) say who sees it at all; ``title`` names it in the page's
  section links, and ``decisions`` lists, from what its context already holds, what waits for
  this reader there (shown at the top of the page).
- ``HomePanel``: one panel of a role's home page. ``rows(request)`` is what its template
  lists (for the standard template, rows made with ``row``).

And the two answers every case-page view gives: ``back_to_section`` after a change (its
confirmation shown just above the section it concerns, ``confirm``), and ``form_response`` for a
form shown in place of its section.

Core imports no app: the types below are named for readers and type checkers only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

if TYPE_CHECKING:
    from django.contrib.messages.storage.base import Message

    from access.policy import Access, Opened
    from accounts.http import AppRequest
    from directory.models import Membership


# --- The case page -------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """Something that waits for this reader's decision or action, a line at the top of the case
    page linking to where it is done."""

    text: str
    url: str


@dataclass(frozen=True)
class CaseSection:
    """A section of the case page, declared by the app whose data it shows."""

    name: str  # the section's id in the page (``#name``) and in its swap URL
    template: str
    context: Callable[[AppRequest, Opened], dict]
    order: int = 100  # place on the page, top to bottom
    reads: str | None = None  # the data category the reader must be allowed to read
    shows: Callable[[Access], bool] | None = None  # any further test on the reader's access
    swappable: bool = True  # may be fetched alone (``participant_section``), e.g. after an inline edit
    title: str = ""  # (lazy) text of its link in the page's section links; none: no link
    # What waits for this reader in this section, read from the page's context (``case_context``)
    # only: the top of the page costs no query of its own.
    decisions: Callable[[AppRequest, Opened, dict], list[Decision]] | None = None

    def visible_to(self, access: Access) -> bool:
        return (self.reads is None or access.can_read(self.reads)) and (self.shows is None or self.shows(access))


_case_sections: dict[str, CaseSection] = {}


def register_case_section(section: CaseSection) -> CaseSection:
    """Adds a section to the case page; a second, different section of the same name is a mistake."""
    known = _case_sections.get(section.name)
    if known is not None and known != section:
        raise ImproperlyConfigured(f"Two case page sections are named {section.name!r}.")
    _case_sections[section.name] = section
    return section


def case_section(name: str) -> CaseSection | None:
    return _case_sections.get(name)


def case_sections(access: Access) -> list[CaseSection]:
    """The sections this reader sees, in page order."""
    return sorted((s for s in _case_sections.values() if s.visible_to(access)), key=lambda s: (s.order, s.name))


def case_context(request: AppRequest, opened: Opened, sections: list[CaseSection]) -> dict:
    """What the given sections show, together: each section builds its own part."""
    context = {"participant": opened.participant, "access": opened.access}
    for section in sections:
        context.update(section.context(request, opened))
    return context


def case_decisions(request: AppRequest, opened: Opened, sections: list[CaseSection], context: dict) -> list[Decision]:
    """What waits for this reader on the page, section by section, in page order."""
    return [
        decision
        for section in sections
        if section.decisions is not None
        for decision in section.decisions(request, opened, context)
    ]


def shared(request: AppRequest, key: str, compute: Callable[[], Any]) -> Any:
    """One value per request, computed by the first section that needs it (e.g. the notes the
    notes section and the timeline both show), so that sharing it costs no second query."""
    cache = request.__dict__.setdefault("_case_page_shared", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def case_url(code: str, section: str = "") -> str:
    """The case page, at a section."""
    return reverse("participant", args=[code]) + (f"#{section}" if section else "")


def render_section(request: AppRequest, opened: Opened, name: str, **extra: Any) -> HttpResponse:
    """One section of the case page, built alone; ``extra`` replaces parts of its context (e.g. a
    form with its errors)."""
    section = _case_sections[name]
    context = case_context(request, opened, [section]) | extra
    if request.htmx:
        return render(request, section.template, context)
    # Opened on its own (without scripts, from a bookmark, in a new tab): the section in a whole page.
    context |= {"section": section, "participant": opened.participant}
    return render(request, "homecoming/section_page.html", context)


# A confirmation is a success message tagged with the section it concerns: the case page shows it
# just above that section (WCAG 4.1.3: a status message, focused by app.js, WCAG 2.4.3), where
# the redirect to ``#section`` brings the reader; any other page shows it at its top as usual.
CONFIRMATION_TAG = "section-"
CONFIRMATION_TEMPLATE = "homecoming/_confirmation.html"


def confirm(request: AppRequest, section: str, message: str, level: int = messages.SUCCESS) -> None:
    """``message`` for the next case page, above ``section``."""
    messages.add_message(request, level, message, extra_tags=f"{CONFIRMATION_TAG}{section}")


def confirmations(request: AppRequest, sections: list[CaseSection]) -> tuple[dict[str, list[Message]], list[Message]]:
    """The messages waiting for this page: those confirming a change in one of ``sections``, by
    section, and the others (for the top of the page). Reading them marks them all shown."""
    names = {section.name for section in sections}
    by_section: dict[str, list[Message]] = {}
    others: list[Message] = []
    for message in messages.get_messages(request):
        tag = next((t for t in (message.extra_tags or "").split() if t.startswith(CONFIRMATION_TAG)), "")
        name = tag.removeprefix(CONFIRMATION_TAG)
        if name in names:
            by_section.setdefault(name, []).append(message)
        else:
            others.append(message)
    return by_section, others


def back_to_section(request: AppRequest, opened: Opened, name: str, message: str | None = None) -> HttpResponse:
    """After a change: for htmx the updated section in place, ``message`` (if any) just above it;
    else the case page at that section, with ``message`` shown there."""
    if request.htmx:
        section = render_section(request, opened, name)
        if not message:
            return section
        # htmx puts both in place of the section (outerHTML); app.js moves the focus to the message.
        confirmation = render_to_string(CONFIRMATION_TEMPLATE, {"section": name, "confirmations": [message]}, request)
        section.content = confirmation.encode() + section.content
        return section
    if message:
        confirm(request, name, message)
    return HttpResponseRedirect(case_url(opened.participant.code, name))


def form_response(
    request: AppRequest, template: str, section: str, context: dict, *, conflict: Any = None
) -> HttpResponse:
    """A form page; for htmx only the form (the template's ``inline`` partial), in place of its
    section, so that the page does not reload. ``conflict`` is what someone else saved meanwhile."""
    context = {"section": section, "conflict": conflict, **context}
    if request.htmx:
        # 200 even for a conflict: htmx swaps only successful answers, and the form must show.
        return render(request, f"{template}#inline", context)
    return render(request, template, context, status=409 if conflict else 200)


# --- The home page -------------------------------------------------------------------------


@dataclass(frozen=True)
class HomePanel:
    """A panel of the home page, declared by the app whose work it lists."""

    name: str  # the panel's id in the page
    title: str | Callable[[Membership], str]  # a (lazy) text, or one per membership (e.g. by role)
    rows: Callable[[AppRequest], Any]  # what the template shows: for the standard one, a list of ``row``
    roles: frozenset[str] = frozenset()  # the roles that see it; empty: every role ``shows`` lets through
    shows: Callable[[Membership], bool] | None = None
    order: int = 100
    empty: str = ""  # what the standard template says when there are no rows
    more_url: str = ""  # URL name of the page with the rest of the rows
    template: str = "homecoming/_panel.html"

    def shown_to(self, membership: Membership) -> bool:
        return (not self.roles or membership.role in self.roles) and (self.shows is None or self.shows(membership))


@dataclass(frozen=True)
class ShownPanel:
    """A panel as one user sees it now."""

    name: str
    title: str
    rows: Any
    empty: str
    more_url: str
    template: str


_home_panels: dict[str, HomePanel] = {}


def register_home_panel(panel: HomePanel) -> HomePanel:
    known = _home_panels.get(panel.name)
    if known is not None and known != panel:
        raise ImproperlyConfigured(f"Two home page panels are named {panel.name!r}.")
    _home_panels[panel.name] = panel
    return panel


def home_panels(request: AppRequest) -> list[ShownPanel]:
    """The panels of the acting membership's home page, in order, each with its rows."""
    membership = request.membership
    if membership is None:
        return []
    panels = sorted((p for p in _home_panels.values() if p.shown_to(membership)), key=lambda p: (p.order, p.name))
    return [
        ShownPanel(
            name=panel.name,
            title=panel.title(membership) if callable(panel.title) else panel.title,
            rows=panel.rows(request),
            empty=panel.empty,
            more_url=reverse(panel.more_url) if panel.more_url else "",
            template=panel.template,
        )
        for panel in panels
    ]


def row(text: str, url: str, tag: str = "") -> dict:
    """One line of a standard panel: a link, and a tag after it."""
    return {"text": text, "url": url, "tag": tag}


# --- The administrator's pages (issue 18 §12) ----------------------------------------------


@dataclass(frozen=True)
class AdminArea:
    """One area of the administrator's everyday work (organisations, users, needs domains, …): a
    link in the administration menu and on the administrator's home page. Each app registers its
    own from ``<app>/sections.py``; its views are guarded by ``accounts.http.administrator_only``."""

    name: str
    title: str  # a lazy text
    url_name: str
    order: int = 100
    shows: Callable[[], bool] | None = None  # e.g. only on a network hub


_admin_areas: dict[str, AdminArea] = {}


def register_admin_area(area: AdminArea) -> AdminArea:
    known = _admin_areas.get(area.name)
    if known is not None and known != area:
        raise ImproperlyConfigured(f"Two administration areas are named {area.name!r}.")
    _admin_areas[area.name] = area
    return area


def admin_areas() -> list[AdminArea]:
    areas = (area for area in _admin_areas.values() if area.shows is None or area.shows())
    return sorted(areas, key=lambda area: (area.order, area.name))
