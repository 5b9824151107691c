"""The city's reports to the hub: the list, the preview of exactly what leaves the city, approval,
sending and the file for an air-gapped hub. Network editors and coordinators of a city (only on a
city's instance: the hub has no such pages); everyone else gets 404, as for a page that does not exist."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AppRequest
from directory.models import Jurisdiction, Role
from mel.indicators import CATALOGUE
from mel.reports.forms import StartForm
from network.exchange import actions, keys
from network.exchange.models import NetworkReport
from network.exchange.report import loads


@dataclass(frozen=True)
class Reporter:
    city: Jurisdiction
    role: str

    @property
    def approves(self) -> bool:
        return self.role == Role.COORDINATOR


def reporter_for(request: AppRequest) -> Reporter:
    """The city whose reports this person builds; 404 for anyone else and on the hub."""
    if settings.HOMECOMING_ROLE != "city" or request.membership is None:
        raise Http404
    city = actions.city_of(request.actor)
    if city is None or request.membership.role not in actions.BUILDERS:
        raise Http404
    return Reporter(city, request.membership.role)


def _open(reporter: Reporter, network_report_id: int) -> NetworkReport:
    return get_object_or_404(NetworkReport, pk=network_report_id, city=reporter.city)


def _list_page(request: AppRequest, reporter: Reporter, form: StartForm, status: int = 200) -> HttpResponse:
    context = {
        "reporter": reporter,
        "form": form,
        "reports": NetworkReport.objects.filter(city=reporter.city).select_related("built_by", "approved_by"),
        "signing_keys": keys.signing_keys(),
        "hub_url": settings.HOMECOMING_HUB_URL,
    }
    return render(request, "network/exchange/list.html", context, status=status)


@login_required
@require_GET
def report_list(request: AppRequest) -> HttpResponse:
    return _list_page(request, reporter_for(request), StartForm())


@login_required
@require_POST
def report_new(request: AppRequest) -> HttpResponse:
    reporter = reporter_for(request)
    form = StartForm(request.POST)
    if not form.is_valid():
        return _list_page(request, reporter, form, status=400)
    report = actions.build(actor=request.actor, city=reporter.city, period=form.cleaned_data["period"])
    messages.success(request, _("Report built. Check what it holds before a coordinator approves it."))
    return redirect("network_report", network_report_id=report.pk)


def preview(report: NetworkReport) -> dict:
    """The payload as it will leave the city, with the indicators' names for the reader."""
    document = loads(report.payload)
    named = [(CATALOGUE[i["code"]].name if i["code"] in CATALOGUE else i["code"], i) for i in document["indicators"]]
    # Empty fields are named together rather than shown one per row (the page stays light).
    practices = [
        (
            practice["title"],
            [(key, _field_text(value)) for key, value in sorted(practice.items()) if value not in ("", [], None)],
            sorted(key for key, value in practice.items() if value in ("", [], None)),
        )
        for practice in document["practices"]
    ]
    return {
        "document": document,
        "indicators": named,
        "practices": practices,
        "raw": bytes(report.payload).decode("utf-8"),
    }


def _field_text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@login_required
@require_GET
def report_detail(request: AppRequest, network_report_id: int) -> HttpResponse:
    reporter = reporter_for(request)
    report = _open(reporter, network_report_id)
    may_approve = (
        reporter.approves and report.status == NetworkReport.Status.DRAFT and report.built_by_id != request.user.pk
    )
    context = {
        "reporter": reporter,
        "report": report,
        "may_approve": may_approve,
        "may_send": report.status in actions.SENDABLE and bool(settings.HOMECOMING_HUB_URL),
        **preview(report),
    }
    return render(request, "network/exchange/report.html", context)


@login_required
@require_GET
def report_indicator(request: AppRequest, network_report_id: int, indicator_code: str) -> HttpResponse:
    """One indicator of the report, every figure of it as it leaves the city (the preview lists the
    indicators; their figures together would make a page too heavy for a slow connection)."""
    report = _open(reporter_for(request), network_report_id)
    found = [i for i in loads(report.payload)["indicators"] if i.get("code") == indicator_code]
    if not found:
        raise Http404
    name = CATALOGUE[indicator_code].name if indicator_code in CATALOGUE else indicator_code
    context = {"report": report, "indicator": found[0], "name": name}
    return render(request, "network/exchange/indicator.html", context)


def _act(request: AppRequest, network_report_id: int, act) -> HttpResponse:
    reporter = reporter_for(request)
    report = _open(reporter, network_report_id)
    try:
        act(reporter, report)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("network_report", network_report_id=report.pk)


@login_required
@require_POST
def report_approve(request: AppRequest, network_report_id: int) -> HttpResponse:
    def approve(reporter: Reporter, report: NetworkReport) -> None:
        if not reporter.approves:
            raise PermissionDenied
        actions.approve(actor=request.actor, report=report)
        messages.success(request, _("Report approved and signed."))

    return _act(request, network_report_id, approve)


@login_required
@require_POST
def report_send(request: AppRequest, network_report_id: int) -> HttpResponse:
    def send(reporter: Reporter, report: NetworkReport) -> None:
        if not settings.HOMECOMING_HUB_URL:
            raise ValidationError(_("No hub address is set: hand the report over as a file."))
        sent = actions.send(actor=request.actor, report=report)
        messages.info(request, _("The report is now: %(status)s.") % {"status": sent.get_status_display()})

    return _act(request, network_report_id, send)


@login_required
@require_GET
def report_file(request: AppRequest, network_report_id: int) -> HttpResponse:
    """The signed envelope as a file, for a hub that is not reachable; 404 before approval."""
    reporter = reporter_for(request)
    report = _open(reporter, network_report_id)
    if report.envelope is None:
        raise Http404
    body = actions.export(actor=request.actor, report=report)
    response = HttpResponse(body, content_type="application/json")
    name = f"homecoming-{report.city.slug}-{report.period}-{report.sequence}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
