"""The pages assembled from the apps' pieces (core/sections.py): the home page and the case page."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from access import policy
from accounts.http import AppRequest
from core import audit, sections
from core.audit import AuditAction
from core.categories import Category
from directory.models import Role

# One home template per role: its heading, and the panels no app declares (yet).
HUB_HOME = "homecoming/home/hub.html"
_HOME_TEMPLATES = {
    Role.COORDINATOR: "homecoming/home/coordinator.html",
    Role.CASE_WORKER: "homecoming/home/case_worker.html",
    Role.SPECIALIST: "homecoming/home/specialist.html",
    Role.PARTNER: "homecoming/home/partner.html",
    Role.ME_OFFICER: "homecoming/home/me_officer.html",
    Role.NETWORK_EDITOR: "homecoming/home/network_editor.html",
    Role.ADMINISTRATOR: "homecoming/home/administrator.html",
}


@login_required
def home(request: AppRequest) -> HttpResponse:
    membership = request.membership
    template = _HOME_TEMPLATES[membership.role] if membership else "homecoming/home/no_membership.html"
    if membership and settings.HOMECOMING_ROLE == "hub":
        # Everyone's home on a hub is the hub's pages (and an administrator's the administration).
        template = _HOME_TEMPLATES[Role.ADMINISTRATOR] if membership.role == Role.ADMINISTRATOR else HUB_HOME
    context = {
        "notices": request.user.notices.filter(read_at__isnull=True).select_related("participant")[:20],
        # What waits, panel by panel: the same queries as the inbox, a few rows each.
        "panels": sections.home_panels(request),
    }
    return render(request, template, context)


@login_required
def participant_detail(request: AppRequest, code: str) -> HttpResponse:
    """The case page: each section the reader sees, each built by the app it belongs to."""
    opened = policy.open_participant(request, code)
    if opened.access.is_emergency_only:
        # The page promises that every read under emergency access is recorded.
        audit.for_participant(AuditAction.VIEWED_IN_EMERGENCY, opened.participant, actor=request.actor)
    shown = sections.case_sections(opened.access)
    context = sections.case_context(request, opened, shown)
    confirmations, messages = sections.confirmations(request, shown)
    context |= {
        "sections": shown,
        # Each section with the confirmation of a change made in it, shown just above it.
        "placed": [(section, confirmations.get(section.name, [])) for section in shown],
        "page_messages": messages,
        "decisions": sections.case_decisions(request, opened, shown, context),
    }
    return render(request, "homecoming/participant.html", context)


@login_required
def participant_section(request: AppRequest, code: str, section: str) -> HttpResponse:
    """One section of the case page, e.g. to put it back after a cancelled inline edit: built alone."""
    declared = sections.case_section(section)
    if declared is None or not declared.swappable:
        raise Http404
    opened = policy.open_participant(request, code, declared.reads or Category.SUMMARY, need=declared.visible_to)
    return sections.render_section(request, opened, section)


@require_GET
def healthz(request: AppRequest) -> HttpResponse:
    """For the load balancer: answers without touching a session or a participant."""
    return HttpResponse("ok", content_type="text/plain")
