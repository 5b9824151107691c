from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from access import policy
from directory.models import Role

# One home template per role: empty panels for now, filled by the issues that follow.
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
def home(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    template = _HOME_TEMPLATES[membership.role] if membership else "homecoming/home/no_membership.html"
    context = {"notices": request.user.notices.filter(read_at__isnull=True).select_related("participant")[:20]}
    if membership and membership.role in (Role.COORDINATOR, Role.CASE_WORKER, Role.SPECIALIST):
        context["participant_count"] = policy.participants_visible_to(request).count()
    return render(request, template, context)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: answers without touching a session or a participant."""
    return HttpResponse("ok", content_type="text/plain")
