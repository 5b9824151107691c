"""The periodic reports: the list, a report (draft or issued), an issued version, its downloads."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AppRequest
from mel.periods import Period
from mel.reports import actions, content, display, files
from mel.reports.forms import NarrativeForm, StartForm, VersionForm
from mel.reports.models import Report, ReportVersion
from mel.reports.rules import ReportAccess, access_for, open_report, open_version

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _list_page(request: AppRequest, access: ReportAccess, form: StartForm | None, status: int = 200) -> HttpResponse:
    reports = access.reports().select_related("city").prefetch_related("versions").order_by("city__name", "-period")
    rows = [
        (report, actions.is_draft(report) and access.drafts(report), list(report.versions.all())) for report in reports
    ]
    # Readers of issued versions only never see that a draft exists.
    rows = [(report, draft, versions) for report, draft, versions in rows if access.drafts(report) or versions]
    context = {"rows": rows, "form": form, "access": access}
    return render(request, "mel/reports/list.html", context, status=status)


@login_required
@require_GET
def report_list(request: AppRequest) -> HttpResponse:
    access = access_for(request)
    return _list_page(request, access, StartForm() if access.city is not None else None)


@login_required
@require_POST
def report_start(request: AppRequest) -> HttpResponse:
    access = access_for(request)
    if access.city is None:
        raise Http404
    form = StartForm(request.POST)
    if not form.is_valid():
        return _list_page(request, access, form, status=400)
    report = actions.start_report(actor=request.actor, city=access.city, period=form.cleaned_data["period"])
    return redirect("report", report_id=report.pk)


def _report_page(request: AppRequest, access: ReportAccess, report: Report, form=None, status=200) -> HttpResponse:
    versions = list(report.versions.order_by("number"))
    drafting = access.drafts(report) and actions.is_draft(report)
    context = {"report": report, "versions": versions, "access": access, "drafting": drafting}
    if drafting:
        form = form or NarrativeForm(
            initial={
                "what_worked": report.what_worked,
                "needed_from_government": report.needed_from_government,
                "changes": report.changes,
                "version": report.version,
            },
            correcting=report.correcting,
        )
        preview = content.build(
            report.city,
            Period.parse(report.period),
            what_worked=report.what_worked,
            needed_from_government=report.needed_from_government,
        )
        context |= {"form": form, "shown": display.read(preview), "number": len(versions) + 1}
    else:
        latest = versions[-1]
        context |= {"version": latest, "shown": display.read(latest.content)}
    return render(request, "mel/reports/report.html", context, status=status)


@login_required
def report_detail(request: AppRequest, report_id: int) -> HttpResponse:
    """A draft: its narrative form and a preview; once issued: the latest issued version."""
    access = access_for(request)
    report = open_report(access, report_id)
    if request.method != "POST":
        return _report_page(request, access, report)
    if not access.drafts(report):
        raise Http404
    if not actions.is_draft(report):
        return HttpResponse(status=400)
    form = NarrativeForm(request.POST, correcting=report.correcting)
    if not form.is_valid():
        return _report_page(request, access, report, form, status=400)
    data = form.cleaned_data
    try:
        actions.save_draft(
            actor=request.actor,
            report=report,
            expected_version=data["version"],
            what_worked=data["what_worked"],
            needed_from_government=data["needed_from_government"],
            changes=data.get("changes", ""),
        )
    except actions.Conflict as clash:
        return _conflict(request, access, clash.current, form)
    messages.success(request, _("Draft saved."))
    return redirect("report", report_id=report.pk)


def _conflict(request: AppRequest, access: ReportAccess, current: Report, form) -> HttpResponse:
    """Nothing is lost: the other save stays, this form keeps what was typed, against the new version."""
    data = form.data.copy()
    data["version"] = current.version
    messages.error(request, _("Someone saved this report while you were editing it. Check, then save again."))
    return _report_page(request, access, current, NarrativeForm(data, correcting=current.correcting), status=409)


@login_required
@require_POST
def report_issue(request: AppRequest, report_id: int) -> HttpResponse:
    access = access_for(request)
    report = open_report(access, report_id)
    if not (access.issues and access.drafts(report)):
        raise Http404
    form = VersionForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    try:
        version = actions.issue(actor=request.actor, report=report, expected_version=form.cleaned_data["version"])
    except actions.Conflict as clash:
        messages.error(request, _("Someone saved this report meanwhile: check it, then issue it again."))
        return _report_page(request, access, clash.current, status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _report_page(request, access, report, status=400)
    messages.success(request, _("Version %(n)s issued.") % {"n": version.number})
    return redirect("report_version", report_id=report.pk, number=version.number)


@login_required
@require_POST
def report_correct(request: AppRequest, report_id: int) -> HttpResponse:
    access = access_for(request)
    report = open_report(access, report_id)
    if not access.drafts(report):
        raise Http404
    form = VersionForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    try:
        actions.start_correction(actor=request.actor, report=report, expected_version=form.cleaned_data["version"])
    except actions.Conflict:
        messages.error(request, _("Someone changed this report meanwhile."))
    return redirect("report", report_id=report.pk)


@login_required
@require_GET
def version_detail(request: AppRequest, report_id: int, number: int) -> HttpResponse:
    access = access_for(request)
    version = open_version(access, report_id, number)
    versions = list(version.report.versions.order_by("number"))
    context = {"report": version.report, "version": version, "versions": versions, "access": access}
    context["shown"] = display.read(version.content)
    return render(request, "mel/reports/version.html", context)


def _download(request: AppRequest, report_id: int, number: int, kind: str) -> HttpResponse:
    access = access_for(request)
    version: ReportVersion = open_version(access, report_id, number)
    language = request.GET.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = request.LANGUAGE_CODE  # the user's own language, as the pages are shown
    body = files.drawn(version, kind, language)
    actions.record_download(actor=request.actor, version=version, kind=kind, language=language)
    response = HttpResponse(body, content_type=MEDIA_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{files.filename(version, kind)}"'
    return response


@login_required
@require_GET
def version_pdf(request: AppRequest, report_id: int, number: int) -> HttpResponse:
    return _download(request, report_id, number, "pdf")


@login_required
@require_GET
def version_xlsx(request: AppRequest, report_id: int, number: int) -> HttpResponse:
    return _download(request, report_id, number, "xlsx")
