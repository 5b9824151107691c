"""Screening's pieces of the pages: the case page's screenings and the home page's screenings due."""

import datetime

from django.conf import settings
from django.db.models import F, Max, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access import policy
from access.policy import Opened
from accounts.http import AppRequest
from core import audit
from core.areas import on_a_city
from core.audit import AuditAction
from core.categories import Category
from core.sections import (
    AdminArea,
    CaseSection,
    HomePanel,
    case_url,
    register_admin_area,
    register_case_section,
    register_home_panel,
    row,
)
from instruments import registry
from instruments.trends import trend
from people.models import Participant

# Each home panel shows its first few items.
PANEL_ROWS = 8


def screenings_context(request: AppRequest, opened: Opened) -> dict:
    """Health data: every time this section is built, the read is audited."""
    participant, access = opened.participant, opened.access
    audit.for_participant(AuditAction.HEALTH_VIEWED, participant, actor=request.actor, reason="screenings")
    instruments = registry.available()
    administrations = list(participant.administrations.order_by("administered_on", "pk"))
    # An imported instrument no longer offered still shows its past administrations.
    latest_versions = {a.instrument: a.instrument_version for a in administrations if a.instrument not in instruments}
    shown = {code: registry.for_administration(code, version) for code, version in latest_versions.items()}
    shown.update(instruments)
    trends = []
    for code, instrument in sorted(shown.items()):
        if instrument is None:
            continue
        language = instrument.display_language()[0]
        drawn = trend(instrument, [a for a in administrations if a.instrument == code], language=language)
        if drawn:
            trends.append(drawn)
    return {
        "screening_trends": trends,
        "screening_instruments": sorted(
            (i for i in instruments.values() if i.fits_age(participant.age)), key=lambda i: i.code
        )
        if access.can_write(Category.HEALTH)
        else [],
    }


def screenings_due(request: AppRequest) -> list[dict]:
    """A baseline for those never screened, a follow-up when the last screening is old."""
    since = timezone.localdate() - datetime.timedelta(days=settings.HOMECOMING_RESCREEN_DAYS)
    due = (
        policy.participants_visible_to(request.membership, Category.HEALTH)
        .filter(status=Participant.Status.ACTIVE)
        .annotate(last=Max("administrations__administered_on"))
        .filter(Q(last__isnull=True) | Q(last__lt=since))
        .order_by(F("last").asc(nulls_first=True), "code")
    )
    return [
        row(
            p.code,
            case_url(p.code, "screenings"),
            _("last screened on %(date)s") % {"date": formats.date_format(p.last)} if p.last else _("no screening yet"),
        )
        for p in due[:PANEL_ROWS]
    ]


register_case_section(
    CaseSection(
        "screenings",
        "instruments/_screenings.html",
        screenings_context,
        order=60,
        reads=Category.HEALTH,
        title=gettext_lazy("Screenings"),
    )
)
register_home_panel(
    HomePanel(
        "screenings",
        gettext_lazy("Screenings due"),
        screenings_due,
        shows=policy.screens,
        order=70,
        empty=gettext_lazy("No screenings are due."),
    )
)


INSTRUMENTS_AREA = register_admin_area(
    AdminArea(
        name="instruments",
        title=gettext_lazy("Screening instruments"),
        url_name="admin_instruments",
        order=60,
        shows=on_a_city,
    )
)
