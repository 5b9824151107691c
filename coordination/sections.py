"""Coordination's pieces of the pages: the case page's referrals, transfers and conferences, and
the home page's panels of what waits (the inbox's queries, a few rows each)."""

import heapq
import itertools

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access import policy
from access.policy import Opened
from accounts.http import AppRequest
from coordination import inbox
from coordination.models import Referral, Transfer
from core.categories import Category
from core.sections import (
    AdminArea,
    CaseSection,
    Decision,
    HomePanel,
    case_url,
    register_admin_area,
    register_case_section,
    register_home_panel,
    row,
)
from directory.models import Role

# Each home panel shows its first few items; the inbox has the rest.
PANEL_ROWS = 8


def coordination_context(request: AppRequest, opened: Opened) -> dict:
    """Referrals, transfers and conferences of this case."""
    participant, access = opened.participant, opened.access
    return {
        "referrals": participant.referrals.select_related("to_organisation", "domain"),
        "transfers": participant.transfers.select_related("from_organisation", "to_organisation"),
        "conferences": participant.conferences.all() | participant.household.conferences.all(),
        "may_refer": access.refers,
        "may_transfer": access.manages_team,
        "may_convene": access.manages_team,
    }


def coordination_decisions(request: AppRequest, opened: Opened, context: dict) -> list[Decision]:
    """A transfer proposed to the coordinator's organisation (read, say, under emergency access)."""
    membership = request.membership
    if membership is None or membership.role != Role.COORDINATOR:
        return []
    return [
        Decision(_("A transfer to your organisation waits for your decision."), reverse("transfer", args=[t.pk]))
        for t in context["transfers"]
        if t.status == Transfer.Status.PENDING and t.to_organisation_id == membership.organisation_id
    ]


def referrals_received(request: AppRequest) -> list[dict]:
    """The newest open referrals to the user's organisation. One query per open status, each read
    newest first from the (to_organisation, status, created_at) index and merged here: with
    ``status IN (…)`` the database sorted every open referral the organisation had (issue 15)."""
    received = policy.referrals_received(request.membership).select_related(
        "participant", "domain", "from_organisation"
    )
    newest = heapq.merge(
        *(received.filter(status=status)[:PANEL_ROWS] for status in Referral.OPEN),
        key=lambda r: (r.created_at, r.pk),
        reverse=True,
    )
    return [
        row(
            f"{r.participant.code} · {r.domain.name} · {r.from_organisation.name}",
            reverse("referral", args=[r.pk]),
            r.get_status_display(),
        )
        for r in itertools.islice(newest, PANEL_ROWS)
    ]


def actions_due(request: AppRequest) -> list[dict]:
    return [
        row(
            f"{a.goal.plan.participant.code} · {a.description} · {formats.date_format(a.due_on)}",
            case_url(a.goal.plan.participant.code, "plan"),
            _("overdue") if a.is_overdue else "",
        )
        for a in inbox.actions_due(request.membership)[:PANEL_ROWS]
    ]


def referrals_sent(request: AppRequest) -> list[dict]:
    sent = policy.referrals_sent(request.membership).filter(created_by=request.user, status__in=Referral.OPEN)
    return [
        row(
            f"{r.participant.code} → {r.to_organisation.name}", reverse("referral", args=[r.pk]), r.get_status_display()
        )
        for r in sent.select_related("participant", "to_organisation")[:PANEL_ROWS]
    ]


def transfers_waiting(request: AppRequest) -> list[dict]:
    waiting = inbox.transfers_waiting(request.membership).select_related("from_organisation")
    return [
        row(
            _("From %(organisation)s, proposed on %(date)s")
            # The day in the city's time zone, as the inbox shows it (a timestamp is kept in UTC).
            % {"organisation": t.from_organisation.name, "date": formats.date_format(timezone.localtime(t.created_at))},
            reverse("transfer", args=[t.pk]),
        )
        for t in waiting[:PANEL_ROWS]
    ]


def conferences(request: AppRequest) -> list[dict]:
    return [
        row(
            f"{formats.date_format(timezone.localtime(c.scheduled_at), 'DATETIME_FORMAT')} · {c.organisation.name}",
            reverse("conference", args=[c.pk]),
        )
        for c in inbox.conferences_coming(request.membership)[:PANEL_ROWS]
    ]


register_case_section(
    CaseSection(
        "coordination",
        "coordination/_case_coordination.html",
        coordination_context,
        order=80,
        reads=Category.NEEDS_PLAN,
        title=gettext_lazy("Referrals, transfers and conferences"),
        decisions=coordination_decisions,
    )
)
COORDINATOR, CASE_WORKER, PARTNER = (frozenset({role}) for role in (Role.COORDINATOR, Role.CASE_WORKER, Role.PARTNER))
for panel in (
    HomePanel(
        "inbox",
        gettext_lazy("Referrals inbox"),
        referrals_received,
        roles=PARTNER,
        order=20,
        empty=gettext_lazy("No referrals have been addressed to your organisation."),
        more_url="inbox",
    ),
    HomePanel(
        "tasks",
        gettext_lazy("Tasks and reminders"),
        actions_due,
        roles=CASE_WORKER,
        order=20,
        empty=gettext_lazy("Nothing due."),
        more_url="inbox",
    ),
    HomePanel(
        "referrals",
        gettext_lazy("Referrals"),
        referrals_sent,
        roles=CASE_WORKER,
        order=30,
        empty=gettext_lazy("No open referrals."),
    ),
    HomePanel(
        "transfers",
        gettext_lazy("Transfers to accept"),
        transfers_waiting,
        roles=COORDINATOR,
        order=40,
        empty=gettext_lazy("No transfers are waiting."),
    ),
    HomePanel(
        "conferences",
        gettext_lazy("Case conferences"),
        conferences,
        roles=COORDINATOR,
        order=60,
        empty=gettext_lazy("No conferences scheduled."),
    ),
):
    register_home_panel(panel)


# --- The administrator's areas (issue 18 §12) ------------------------------------------------

register_admin_area(
    AdminArea(name="organisations", title=gettext_lazy("Organisations"), url_name="admin_organisations", order=20)
)
register_admin_area(
    AdminArea(name="jurisdictions", title=gettext_lazy("Jurisdictions"), url_name="admin_jurisdictions", order=30)
)
