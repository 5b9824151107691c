"""Indicators and the practice library: the dashboard's and the library's own rules, in JSON.

Indicators answer only those who have a dashboard (mel.scope), with the figures the dashboard
publishes: disclosure control has run before a number reaches this module, so a hidden cell has no
number to leak. Practices open through the library's rules (network/library/rules.py).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from api import forms, pagination
from api.schemas_aggregates import (
    IndicatorFiguresOut,
    IndicatorOut,
    PracticeDetailOut,
    PracticePage,
)
from api.status import READ_ERRORS
from mel import indicators
from mel.results import Dimension, Figure, Indicator, Published
from mel.scope import scope_for
from mel.views import DashboardFilter, default_period, published_for
from network.library import rules, search, shared
from network.library.forms import LibraryFilter
from network.library.models import Practice

router = Router(tags=["aggregates"])


# --- Indicators ------------------------------------------------------------------------------


def _indicator(indicator: Indicator) -> dict:
    return {
        "code": indicator.code,
        "name": str(indicator.name),
        "group": indicator.group,
        "unit": str(indicator.unit),
        "definition": str(indicator.definition),
        "numerator": str(indicator.numerator),
        "denominator": str(indicator.denominator),
        "eligible": str(indicator.eligible),
        "period_rule": str(indicator.period_rule),
        "direction": str(indicator.direction),
        "source": str(indicator.source),
        "dimensions": [str(d) for d in indicator.dimensions],
        "aggregate_only": indicator.aggregate_only,
    }


def _figure(figure: Figure) -> dict:
    return {
        "key": figure.key,
        "label": str(figure.label),
        "value": figure.value,
        "count": figure.count,
        "eligible": figure.eligible,
        "no_data": figure.no_data,
        "suppressed": figure.suppressed,
        "reason": figure.reason or None,
        # A figure shown whole may still hide its small "no data yet" count, as the page does.
        "no_data_suppressed": figure.suppressed or figure.no_data is None,
    }


def _figures(published: Published, city: str | None) -> dict:
    return {
        "indicator": _indicator(published.indicator),
        "period": published.period.code,
        "city": city,
        "threshold": published.k,
        "total": _figure(published.total),
        "breakdowns": [
            {
                "dimension": str(b.dimension),
                "label": str(Dimension(b.dimension).label),
                "additive": b.additive,
                "figures": [_figure(f) for f in b.figures],
            }
            for b in published.breakdowns
        ],
        "trend": [{"period": p.code, **_figure(f)} for p, f in published.trend],
    }


class FiguresQuery(Schema):
    period: str | None = Field(
        None, max_length=10, description="2026Q3, 202609 or 2026; the last complete quarter by default."
    )
    jurisdiction: str | None = Field(None, description="One of the cities you see, by slug.", examples=["almaty"])
    by: str | None = Field(None, description="One breakdown the indicator offers; all by default.", examples=["sex"])


@router.get("/indicators", response={200: list[IndicatorOut], **READ_ERRORS}, summary="The indicator catalogue")
def indicator_list(request: HttpRequest):
    scope_for(request)  # 404 for those who have no dashboard, as the page
    return [_indicator(indicator) for indicator in indicators.CATALOGUE.values()]


@router.get(
    "/indicators/{indicator_code}", response={200: IndicatorFiguresOut, **READ_ERRORS}, summary="An indicator's figures"
)
def indicator_detail(request: HttpRequest, indicator_code: str, filters: Query[FiguresQuery]):
    scope = scope_for(request)
    indicator = indicators.CATALOGUE.get(indicator_code)
    if indicator is None:
        raise Http404
    data = {"period": filters.period or default_period().code, "jurisdiction": filters.jurisdiction or ""}
    data["by"] = filters.by or ""
    # The dashboard's own filter: the same periods, cities and breakdowns, refused alike.
    form = DashboardFilter(data, scope=scope, indicator=indicator)
    cleaned = forms.cleaned(form)
    slug = cleaned["jurisdiction"]
    scope = scope.narrowed_to(slug) if slug else scope
    published = published_for(scope, indicator, cleaned["period"], cleaned["by"])
    return _figures(published, slug or None)


# --- Practices -------------------------------------------------------------------------------


def _practice(practice: Practice) -> dict:
    return {
        "id": practice.pk,
        "title": practice.title,
        "summary": practice.summary,
        "city": practice.city.name,
        "organisation": practice.organisation.name,
        "state": practice.state,
        "status": practice.status,
        "evidence_strength": practice.evidence_strength,
        "language": practice.language,
        "phases": list(practice.phases or []),
        "target_groups": list(practice.target_groups or []),
        "domains": list(practice.domains or []),
        "shared_with_network": practice.shared_with_network,
        "demo": practice.is_demo,
    }


def _practice_detail(practice: Practice) -> dict:
    return {
        **_practice(practice),
        # The texts a practice carries to the hub: what every reader of it reads, never who
        # drafted or reviewed it, nor why it was sent back.
        **{name: getattr(practice, name) for name in shared.TEXTS},
        "indicators": list(practice.indicators or []),
        "started_on": practice.started_on,
        "last_reviewed_on": practice.last_reviewed_on,
        "translations": [
            {name: getattr(t, name) for name in shared.TRANSLATION} for t in practice.translations.order_by("language")
        ],
        "attachments": [{"name": a.original_name, "size": a.size} for a in practice.attachments.all()],
    }


class LibraryQuery(Schema):
    q: str | None = Field(None, max_length=200, description="Words to find, in any language.")
    phase: str | None = Field(None, examples=["reintegration"])
    domain: str | None = Field(None, description="Code of a needs domain.", examples=["education"])
    group: str | None = Field(None, description="Code of a target group.", examples=["children_6_11"])
    evidence: str | None = Field(None, examples=["before_after"])
    status: str | None = Field(None, examples=["inspiring"])


@router.get("/practices", response={200: PracticePage, **READ_ERRORS}, summary="The practice library")
def practice_list(request: HttpRequest, filters: Query[LibraryQuery], paging: Query[pagination.Paging]):
    access = rules.library_access(request)
    found = LibraryFilter(filters.dict(exclude_none=True))
    forms.cleaned(found)  # an unknown code is refused here, where the page would ignore it
    practices = search.filtered(access, found).select_related("organisation", "city")
    rows, after = pagination.page(practices, paging)
    return {"items": [_practice(p) for p in rows], "next": after}


@router.get("/practices/{practice_id}", response={200: PracticeDetailOut, **READ_ERRORS}, summary="A practice")
def practice_detail(request: HttpRequest, practice_id: int):
    practice = rules.open_practice(rules.library_access(request), practice_id)
    return _practice_detail(practice)
