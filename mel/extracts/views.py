"""The pages of evaluation extracts (issue 17 §2): the list, the request form, a request's page
with the coordinator's decision and the requester's downloads.

Only the requester and the coordinators of the organisations whose participants are in an extract
see it; for everyone else it does not exist (404). Downloads are POSTed: each one is counted.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AppRequest
from directory.models import Role
from mel.extracts import actions, files
from mel.extracts.forms import DecisionForm, RequestForm
from mel.extracts.models import ExtractRequest
from mel.scope import scope_for

FORMATS = {
    "csv.zip": ("application/zip", files.csv_zip),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", files.xlsx),
}


def _role(request: AppRequest) -> str | None:
    return request.membership.role if request.membership is not None else None


def _visible(request: AppRequest, extract_id: int) -> ExtractRequest:
    """The request, for its requester or a coordinator who may decide it; 404 for anyone else."""
    extract = get_object_or_404(
        ExtractRequest.objects.select_related("organisation", "city", "decided_by", "requested_by"), pk=extract_id
    )
    if extract.requested_by_id != request.user.pk and not actions.may_decide(request.actor, extract):
        raise Http404
    return extract


@login_required
@require_GET
def extract_list(request: AppRequest) -> HttpResponse:
    role = _role(request)
    if role not in (Role.ME_OFFICER, Role.COORDINATOR):
        raise Http404
    actions.purge_expired()
    mine = ExtractRequest.objects.filter(requested_by=request.user).select_related("city")[:100]
    to_decide = ExtractRequest.objects.none()
    if role == Role.COORDINATOR:
        to_decide = ExtractRequest.objects.filter(owners=request.membership.organisation).select_related(
            "organisation", "city"
        )[:100]
    context = {"mine": mine, "to_decide": to_decide, "may_request": role == Role.ME_OFFICER}
    return render(request, "mel/extracts/list.html", context)


@login_required
def extract_new(request: AppRequest) -> HttpResponse:
    if _role(request) != Role.ME_OFFICER:
        raise Http404
    form = RequestForm(request.POST if request.method == "POST" else None, scope=scope_for(request))
    if form.is_valid():
        data = form.cleaned_data
        try:
            extract = actions.request_extract(
                actor=request.actor,
                scope=form.narrowed_scope(),
                variables=data["variables"],
                period=data["period"],
                purpose=data["purpose"],
            )
        except actions.ExtractError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your request was sent to the coordinators for a decision."))
            return HttpResponseRedirect(reverse("extract", args=[extract.pk]), status=303)
    status = 400 if form.is_bound else 200
    return render(request, "mel/extracts/new.html", {"form": form}, status=status)


@login_required
@require_GET
def extract_detail(request: AppRequest, extract_id: int) -> HttpResponse:
    extract = _visible(request, extract_id)
    actions.purge_expired()
    extract.refresh_from_db()
    return _page(request, extract, DecisionForm())


def _page(request: AppRequest, extract: ExtractRequest, form: DecisionForm, status: int = 200) -> HttpResponse:
    is_requester = extract.requested_by_id == request.user.pk
    context = {
        "extract": extract,
        "cover": (extract.built or {}).get("cover"),
        "is_requester": is_requester,
        "may_decide": extract.status == ExtractRequest.Status.PENDING and actions.may_decide(request.actor, extract),
        "form": form,
        "why_no_download": actions.why_no_download(extract) if is_requester else "",
        "downloads_left": max(0, actions.max_downloads() - extract.downloads),
        "until": extract.decided_at + actions.window() if extract.decided_at else None,
        "formats": [("extract_csv", "CSV (ZIP)"), ("extract_xlsx", "XLSX")],
    }
    return render(request, "mel/extracts/detail.html", context, status=status)


@login_required
@require_POST
def extract_decide(request: AppRequest, extract_id: int) -> HttpResponse:
    extract = _visible(request, extract_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _page(request, extract, form, status=400)
    try:
        if form.cleaned_data["decision"] == "approve":
            actions.approve_extract(actor=request.actor, extract=extract)
            messages.success(request, _("The request is approved; the requester may now download the extract."))
        else:
            actions.refuse_extract(actor=request.actor, extract=extract, reason=form.cleaned_data["reason"].strip())
            messages.success(request, _("The request is refused."))
    except actions.ExtractError as error:
        messages.error(request, str(error))
    return HttpResponseRedirect(reverse("extract", args=[extract.pk]), status=303)


@login_required
@require_POST
def extract_download(request: AppRequest, extract_id: int, file_format: str) -> HttpResponse:
    extract = _visible(request, extract_id)
    if extract.requested_by_id != request.user.pk or file_format not in FORMATS:
        raise Http404
    try:
        built = actions.record_download(actor=request.actor, extract=extract, file_format=file_format)
    except actions.ExtractError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(reverse("extract", args=[extract.pk]), status=303)
    content_type, render_file = FORMATS[file_format]
    response = HttpResponse(render_file(extract, built), content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="extract-{extract.pk}-{stamp}.{file_format}"'
    response["Cache-Control"] = "no-store"
    return response
