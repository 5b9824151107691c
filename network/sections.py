"""The network app's home page panels: what waits in the practice library, the city's reports to the
hub, and on a hub its own pages."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.http import AppRequest
from core.areas import on_a_hub
from core.sections import AdminArea, HomePanel, register_admin_area, register_home_panel, row
from directory.models import Membership
from network.exchange import actions as exchange
from network.exchange.models import NetworkReport
from network.hub.models import MemberCity, ReceivedReport
from network.library import rules
from network.library.models import Practice

BUILDERS = frozenset(exchange.BUILDERS)
LATEST = 5


def on_city(membership: Membership) -> bool:
    return settings.HOMECOMING_ROLE != "hub"


def on_hub(membership: Membership) -> bool:
    return settings.HOMECOMING_ROLE == "hub"


def practices_waiting(request: AppRequest) -> list[dict]:
    """Drafts for their editors, and practices in review for whoever may review them."""
    try:
        access = rules.library_access(request)
    except Http404:  # a member of no city (a national office) has no library of its own
        return []
    waiting = access.practices().filter(state__in=[Practice.State.DRAFT, Practice.State.IN_REVIEW])
    rows = []
    for practice in waiting.order_by("-updated_at")[:LATEST]:
        if access.may_review(practice) or access.may_edit(practice):
            rows.append(row(practice.title, reverse("practice", args=[practice.pk]), practice.get_state_display()))
    return rows


def reports_to_hub(request: AppRequest) -> list[dict]:
    city = exchange.city_of(request.actor)
    reports = NetworkReport.objects.filter(city=city).order_by("-sequence")[:LATEST] if city else []
    return [
        row(
            f"{report.period} · #{report.sequence}",
            reverse("network_report", args=[report.pk]),
            report.get_status_display(),
        )
        for report in reports
    ]


def hub_pages(request: AppRequest) -> list[dict]:
    members, received = MemberCity.objects.filter(active=True).count(), ReceivedReport.objects.count()
    practices = Practice.objects.filter(received_from__isnull=False, state=Practice.State.PUBLISHED).count()
    return [
        row(_("Cities side by side"), reverse("hub_comparison"), _("%(n)s member cities") % {"n": members}),
        row(_("Network-wide trends"), reverse("hub_trends")),
        row(_("Reports received"), reverse("hub_reports"), _("%(n)s reports") % {"n": received}),
        row(_("Practice library"), reverse("practices"), _("%(n)s practices") % {"n": practices}),
    ]


register_home_panel(
    HomePanel(
        "practices_waiting",
        gettext_lazy("Practices waiting for you"),
        practices_waiting,
        roles=BUILDERS,
        shows=on_city,
        order=40,
        empty=gettext_lazy("No practice waits for you."),
    )
)
register_home_panel(
    HomePanel(
        "reports_to_hub",
        gettext_lazy("Reports to the network hub"),
        reports_to_hub,
        roles=BUILDERS,
        shows=on_city,
        order=41,
        empty=gettext_lazy("No report built yet."),
    )
)
register_home_panel(HomePanel("hub", gettext_lazy("The network hub"), hub_pages, shows=on_hub, order=1))


MEMBERS_AREA = register_admin_area(
    AdminArea(
        name="members",
        title=gettext_lazy("Member cities"),
        url_name="admin_members",
        order=80,
        shows=on_a_hub,
    )
)
