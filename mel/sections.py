"""The mel app's pieces of other pages: the M&E officer's home panel, and the caseload filter
that opens "the people this number counts" for a coordinator (core/listings.py)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.http import AppRequest
from core.areas import on_a_city
from core.listings import ListFilter, Narrowed, Refused, register_list_filter
from core.sections import AdminArea, HomePanel, register_admin_area, register_home_panel, row
from directory.models import Role
from mel import indicators
from mel.periods import Period, PeriodError
from mel.results import Dimension
from mel.scope import min_cell, scope_for

# How many indicators the home panel shows: the first of each group of the catalogue.
HEADLINES = 4
PARTS = {
    "count": gettext_lazy("counted in"),
    "eligible": gettext_lazy("eligible for"),
    "no_data": gettext_lazy("without data yet for"),
}


def headlines(request: AppRequest) -> list[dict]:
    """A few indicators, each with its value in the last complete quarter, suppressed as on the dashboard."""
    from mel.views import default_period, published_for, value_text

    scope, period = scope_for(request), default_period()
    firsts: dict[str, object] = {}
    for indicator in indicators.CATALOGUE.values():
        firsts.setdefault(indicator.group, indicator)
    rows = []
    for indicator in list(firsts.values())[:HEADLINES]:
        # The dashboard's own figures, kept per finished quarter (mel/snapshots.py): measuring on every
        # visit to the home page took about a second at 100,000 participants.
        published = published_for(scope, indicator, period)
        tag = f"{value_text(published.total, indicator.unit, published.k or min_cell())} · {period.code}"
        rows.append(row(str(indicator.name), reverse("indicator", args=[indicator.code]), tag))
    return rows


register_home_panel(
    HomePanel(
        "indicators",
        gettext_lazy("Indicators"),
        headlines,
        roles=frozenset({Role.ME_OFFICER}),
        shows=lambda membership: settings.HOMECOMING_ROLE != "hub",  # a hub measures no one
        order=10,
        empty=gettext_lazy("No indicators are declared."),
        template="mel/_home_panel.html",
    )
)


def people_counted(request: AppRequest) -> Narrowed:
    """The caseload narrowed to the people one of a coordinator's indicator numbers counts.

    Only a coordinator's numbers open lists (their own organisation's cases, which they may
    open anyway); screening figures never do. Anything else is refused, calmly."""
    query = request.GET
    membership = request.membership
    if membership is None or membership.role != Role.COORDINATOR:
        raise Refused(_("Indicator numbers do not open lists of people for your role."))
    indicator = indicators.CATALOGUE.get(query.get("indicator", ""))
    if indicator is None or not indicator.opens_lists:
        raise Refused(_("No list of people belongs to this indicator."))
    try:
        period = Period.parse(query.get("period", ""))
    except PeriodError as error:
        raise Refused(str(error)) from error
    by, key, part = query.get("by", ""), query.get("key", ""), query.get("part", "count")
    if (by and by not in indicator.dimensions) or part not in PARTS or (bool(by) != bool(key)):
        raise Refused(_("This list of people cannot be made from these choices."))
    dimension = Dimension(by) if by else None
    people = indicators.members(
        indicator, owners=scope_for(request).owners, period=period, dimension=dimension, key=key or None, part=part
    )
    where = f" ({Dimension(by).label}: {key})" if by else ""
    note = _("Showing the people %(part)s %(code)s, %(name)s, in %(period)s%(where)s.") % {
        "part": PARTS[part],
        "code": indicator.code,
        "name": indicator.name,
        "period": period.code,
        "where": where,
    }
    back = reverse("indicator", args=[indicator.code]) + f"?period={period.code}" + (f"&by={by}" if by else "")
    kept = tuple((name, query[name]) for name in ("indicator", "period", "by", "key", "part") if name in query)
    return Narrowed(people, note, back, _("Back to the indicator"), kept)


register_list_filter(ListFilter("indicator", people_counted))


DHIS2_MAPPING_AREA = register_admin_area(
    AdminArea(
        name="dhis2-mapping",
        title=gettext_lazy("DHIS2 mapping"),
        url_name="admin_dhis2_mapping",
        order=70,
        shows=on_a_city,
    )
)
