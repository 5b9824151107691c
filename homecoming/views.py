import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import F, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from access import policy
from casework.models import Closure, Plan
from coordination import inbox
from coordination.models import Referral
from core.categories import Category
from directory.models import Role
from people.models import Participant

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


# Each home panel shows its first few items; the inbox and the caseload have the rest.
PANEL_ROWS = 8


def _row(text: str, url: str, tag: str = "") -> dict:
    return {"text": text, "url": url, "tag": tag}


def _panels(request: HttpRequest) -> dict[str, list[dict]]:
    """What each role's home page lists: the same queries as the inbox, a few rows each."""
    membership = request.membership
    panels: dict[str, list[dict]] = {}
    if membership.role == Role.PARTNER:
        received = policy.referrals_received(membership).filter(status__in=Referral.OPEN)
        panels["referrals_received"] = [
            _row(
                f"{r.participant.code} · {r.domain.name} · {r.from_organisation.name}",
                reverse("referral", args=[r.pk]),
                r.get_status_display(),
            )
            for r in received.select_related("participant", "domain", "from_organisation")[:PANEL_ROWS]
        ]
    if membership.role == Role.CASE_WORKER:
        panels["actions_due"] = [
            _row(
                f"{a.goal.plan.participant.code} · {a.description} · {a.due_on:%Y-%m-%d}",
                reverse("participant", args=[a.goal.plan.participant.code]) + "#plan",
                _("overdue") if a.is_overdue else "",
            )
            for a in inbox.actions_due(membership)[:PANEL_ROWS]
        ]
        sent = policy.referrals_sent(membership).filter(created_by=request.user, status__in=Referral.OPEN)
        panels["referrals_sent"] = [
            _row(
                f"{r.participant.code} → {r.to_organisation.name}",
                reverse("referral", args=[r.pk]),
                r.get_status_display(),
            )
            for r in sent.select_related("participant", "to_organisation")[:PANEL_ROWS]
        ]
    if policy.screens(membership):
        # A baseline for those never screened, a follow-up when the last screening is old.
        since = timezone.localdate() - datetime.timedelta(days=settings.HOMECOMING_RESCREEN_DAYS)
        due = (
            policy.participants_visible_to(membership, Category.HEALTH)
            .filter(status=Participant.Status.ACTIVE)
            .annotate(last=Max("administrations__administered_on"))
            .filter(Q(last__isnull=True) | Q(last__lt=since))
            .order_by(F("last").asc(nulls_first=True), "code")
        )
        panels["screenings_due"] = [
            _row(
                p.code,
                reverse("participant", args=[p.code]) + "#screenings",
                _("last screened on %(date)s") % {"date": f"{p.last:%Y-%m-%d}"} if p.last else _("no screening yet"),
            )
            for p in due[:PANEL_ROWS]
        ]
    if membership.role == Role.COORDINATOR:
        panels["transfers_waiting"] = [
            _row(
                _("From %(organisation)s, proposed on %(date)s")
                % {"organisation": t.from_organisation.name, "date": f"{t.created_at:%Y-%m-%d}"},
                reverse("transfer", args=[t.pk]),
            )
            for t in inbox.transfers_waiting(membership).select_related("from_organisation")[:PANEL_ROWS]
        ]
        owned = Q(participant__owner=membership.organisation_id, participant__status=Participant.Status.ACTIVE)
        plans = Plan.objects.filter(owned, approved_at__isnull=True, goals__isnull=False).distinct()
        closures = Closure.objects.filter(owned, approved__isnull=True)
        panels["approvals"] = [
            _row(p.participant.code, reverse("participant", args=[p.participant.code]) + "#plan", _("plan to approve"))
            for p in plans.select_related("participant")[:PANEL_ROWS]
        ] + [
            _row(
                c.participant.code,
                reverse("participant", args=[c.participant.code]) + "#summary",
                _("closure to decide"),
            )
            for c in closures.select_related("participant")[:PANEL_ROWS]
        ]
        panels["conferences"] = [
            _row(f"{c.scheduled_at:%Y-%m-%d %H:%M} · {c.organisation.name}", reverse("conference", args=[c.pk]))
            for c in inbox.conferences_coming(membership)[:PANEL_ROWS]
        ]
    return panels


@login_required
def home(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    template = _HOME_TEMPLATES[membership.role] if membership else "homecoming/home/no_membership.html"
    context = {"notices": request.user.notices.filter(read_at__isnull=True).select_related("participant")[:20]}
    if membership:
        context["panels"] = _panels(request)
    if membership and membership.role in (Role.COORDINATOR, Role.CASE_WORKER, Role.SPECIALIST):
        context["participant_count"] = policy.participants_visible_to(request).count()
    return render(request, template, context)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: answers without touching a session or a participant."""
    return HttpResponse("ok", content_type="text/plain")
