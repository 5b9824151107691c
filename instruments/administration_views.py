"""The administrator's pages for screening instruments (issue 18 §12): the imported definitions,
one definition, offering or withdrawing it for new screenings, and the import in two steps.

Adding is an upload checked whole (every problem named, nothing half-imported), then a
confirmation that the licence, shown from the file, allows use. A definition is never edited or
deleted: past screenings are shown with the version they were scored with.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AppRequest, administrator_only
from core.areas import only_where_shown
from instruments import actions
from instruments.definitions import DefinitionError, Instrument, parse
from instruments.importing import DefinitionConfirmForm, DefinitionUploadForm
from instruments.models import ImportedDefinition
from instruments.registry import shipped
from instruments.sections import INSTRUMENTS_AREA

PER_PAGE = 25
OFFERED = ("yes", "no")
AREA = only_where_shown(INSTRUMENTS_AREA)


@AREA
@administrator_only
@require_GET
def definitions(request: AppRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:32]
    rows = ImportedDefinition.objects.select_related("imported_by").order_by("code", "-imported_at", "-pk")
    if search:
        rows = rows.filter(code__icontains=search)
    offered = request.GET.get("offered", "")
    if offered in OFFERED:
        rows = rows.filter(is_active=offered == "yes")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    chosen = {name: value for name, value in (("q", search), ("offered", offered)) if value}
    context = {
        "heading": gettext_lazy("Screening instruments"),
        "page": page,
        "search": search,
        "offered": offered,
        "query": urlencode(chosen),
        "shipped": sorted(shipped().values(), key=lambda instrument: instrument.code),
    }
    return render(request, "instruments/administration/list.html", context)


def _parsed(imported: ImportedDefinition) -> Instrument | None:
    try:
        return parse(imported.definition)
    except DefinitionError:
        return None  # checked when imported; a stricter later check shows what the row holds


def _summary(imported: ImportedDefinition) -> dict:
    """What the definition says, read from the stored file as the old admin showed it."""
    data = imported.definition if isinstance(imported.definition, dict) else {}
    languages = data.get("languages") if isinstance(data.get("languages"), dict) else {}
    items = data.get("items") if isinstance(data.get("items"), list) else []
    return {
        "instrument": _parsed(imported),
        "respondent": str(data.get("respondent", "")),
        "item_count": len(items),
        "validated": [code for code, entry in languages.items() if isinstance(entry, dict) and entry.get("validated")],
        "licence": data.get("licence") if isinstance(data.get("licence"), dict) else {},
    }


@AREA
@administrator_only
@require_GET
def definition(request: AppRequest, definition_id: int) -> HttpResponse:
    imported = get_object_or_404(ImportedDefinition.objects.select_related("imported_by"), pk=definition_id)
    context = {"heading": gettext_lazy("Imported instrument"), "imported": imported, **_summary(imported)}
    return render(request, "instruments/administration/definition.html", context)


@AREA
@administrator_only
@require_POST
def offer(request: AppRequest, definition_id: int) -> HttpResponse:
    imported = get_object_or_404(ImportedDefinition, pk=definition_id)
    active = request.POST.get("offered") == "yes"
    if imported.is_active != active:
        actions.set_definition_active(actor=request.actor, imported=imported, active=active)
    if active:
        messages.success(request, _("It is offered for new screenings."))
    else:
        messages.success(request, _("It is no longer offered for new screenings; past screenings still show."))
    return HttpResponseRedirect(reverse("admin_instrument", args=[imported.pk]))


@AREA
@administrator_only
@require_http_methods(["GET", "POST"])
def import_definition(request: AppRequest) -> HttpResponse:
    upload, confirm, instrument = None, None, None
    if request.method == "POST" and "definition" in request.POST:
        confirm = DefinitionConfirmForm(request.POST)
        if confirm.is_valid():
            try:
                imported = actions.import_definition(actor=request.actor, instrument=confirm.instrument)
            except DefinitionError as error:
                confirm.add_error("definition", error.problems)
                del confirm.instrument
            else:
                messages.success(request, _imported_message(confirm.instrument, imported))
                return HttpResponseRedirect(reverse("admin_instruments"))
        instrument = getattr(confirm, "instrument", None)
    elif request.method == "POST":
        upload = DefinitionUploadForm(request.POST, request.FILES)
        if upload.is_valid():
            instrument = upload.instrument
            confirm = DefinitionConfirmForm(initial={"definition": upload.signed_definition()})
    if instrument is None:
        upload = upload or DefinitionUploadForm()
    heading = gettext_lazy("Import an instrument")
    context = {"heading": heading, "upload": upload, "confirm": confirm, "instrument": instrument}
    return render(request, "instruments/administration/import.html", context)


def _imported_message(instrument: Instrument, imported: ImportedDefinition) -> str:
    return _("%(name)s, version %(version)s, was imported and can now be used for screenings.") % {
        "name": instrument.name,
        "version": imported.version,
    }
