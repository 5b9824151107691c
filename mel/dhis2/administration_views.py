"""The administrator's pages for the DHIS2 mapping (issue 18 §12): the data set, the data elements,
the category option combinations and the organisation units, each listed, added, changed and
deleted with an audit row (its model and id only); and the whole mapping as one JSON file,
exported, or imported (checked whole first: a refused file changes nothing), as
``manage.py dhis2_mapping`` does. Codes only: no name or free text is ever in the mapping.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AppRequest, administrator_only
from core.areas import only_where_shown
from core.http import NOT_CONFIRMED, confirmed
from mel.dhis2 import actions
from mel.dhis2.forms import (
    CategoryOptionComboForm,
    DataElementForm,
    DataSetForm,
    MappingUploadForm,
    OrganisationUnitForm,
)
from mel.dhis2.mapping import Mapping
from mel.dhis2.models import Dhis2CategoryOptionCombo, Dhis2DataElement, Dhis2DataSet, Dhis2OrganisationUnit
from mel.sections import DHIS2_MAPPING_AREA

PER_PAGE = 25
AREA = only_where_shown(DHIS2_MAPPING_AREA)


@dataclass(frozen=True)
class Kind:
    """One kind of mapping row: its pages are named admin_dhis2_<key>, _new, _edit and _delete."""

    key: str
    model: type[Model]
    form: type[forms.ModelForm]
    title: str  # lazy: the list's heading
    one: str  # lazy: "Add …" / "Change …"
    columns: tuple[tuple[str, Callable[[Model], str]], ...]
    search: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    filters: tuple[str, ...] = ()  # choice fields the list can be narrowed by, as the old admin could


def _blank(value: str) -> str:
    return value or "—"


KINDS = {
    kind.key: kind
    for kind in (
        Kind(
            "data_set",
            Dhis2DataSet,
            DataSetForm,
            gettext_lazy("Data set"),
            gettext_lazy("the data set"),
            ((gettext_lazy("DHIS2 code"), lambda row: row.code),),
        ),
        Kind(
            "elements",
            Dhis2DataElement,
            DataElementForm,
            gettext_lazy("Data elements"),
            gettext_lazy("a data element"),
            (
                (gettext_lazy("Indicator"), lambda row: row.indicator),
                (gettext_lazy("Part"), lambda row: row.get_part_display()),
                (gettext_lazy("Disaggregation"), lambda row: row.get_dimension_display()),
                (gettext_lazy("DHIS2 code"), lambda row: row.code),
            ),
            search=("indicator", "code"),
            filters=("part", "dimension"),
        ),
        Kind(
            "combos",
            Dhis2CategoryOptionCombo,
            CategoryOptionComboForm,
            gettext_lazy("Category option combinations"),
            gettext_lazy("a category option combination"),
            (
                (gettext_lazy("Disaggregation"), lambda row: row.get_dimension_display()),
                (gettext_lazy("Category key"), lambda row: _blank(row.key)),
                (gettext_lazy("DHIS2 code"), lambda row: row.code),
            ),
            search=("key", "code"),
            filters=("dimension",),
        ),
        Kind(
            "units",
            Dhis2OrganisationUnit,
            OrganisationUnitForm,
            gettext_lazy("Organisation units"),
            gettext_lazy("an organisation unit"),
            (
                (gettext_lazy("City"), lambda row: row.jurisdiction.name),
                (gettext_lazy("DHIS2 code"), lambda row: row.code),
            ),
            related=("jurisdiction",),
        ),
    )
}


def _may_add(kind: Kind) -> bool:
    return kind.model is not Dhis2DataSet or not Dhis2DataSet.objects.exists()  # there is one data set


@AREA
@administrator_only
@require_GET
def overview(request: AppRequest) -> HttpResponse:
    counts = [(kind, kind.model.objects.count()) for kind in KINDS.values() if kind.key != "data_set"]
    context = {
        "heading": gettext_lazy("DHIS2 mapping"),
        "data_set": Dhis2DataSet.objects.first(),
        "counts": [(kind.title, reverse(f"admin_dhis2_{kind.key}"), count) for kind, count in counts],
    }
    return render(request, "mel/dhis2/administration/overview.html", context)


@AREA
@administrator_only
@require_GET
def rows(request: AppRequest, kind: str) -> HttpResponse:
    of = KINDS[kind]
    search = request.GET.get("q", "").strip()[:50]
    found = of.model.objects.select_related(*of.related).order_by(*(of.model._meta.ordering or ["pk"]))
    if search and of.search:
        found = found.filter(_matching(of.search, search))
    filters = _filters(of, request)
    found = found.filter(**{name: value for name, _label, _choices, value in filters if value is not None})
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    chosen = {"q": search} if search else {}
    chosen |= {name: value for name, _label, _choices, value in filters if value is not None}
    context = {
        "heading": of.title,
        "kind": of,
        "page": page,
        "cells": [(reverse(f"admin_dhis2_{kind}_edit", args=[row.pk]), _cells(of, row)) for row in page.object_list],
        "search": search,
        "filters": filters,
        "query": urlencode(chosen),
        "add_url": reverse(f"admin_dhis2_{kind}_new") if _may_add(of) else "",
    }
    return render(request, "mel/dhis2/administration/rows.html", context)


def _filters(kind: Kind, request: AppRequest) -> list[tuple[str, str, list, str | None]]:
    """Each filter: its field's name, label and choices, and the value chosen (None: any; a value that
    is not one of the choices counts as none chosen)."""
    filters = []
    for name in kind.filters:
        field = kind.model._meta.get_field(name)
        chosen = request.GET.get(name)
        choices = list(field.choices)
        filters.append((name, field.verbose_name, choices, chosen if chosen in dict(choices) else None))
    return filters


def _matching(fields: tuple[str, ...], search: str) -> Q:
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": search})
    return condition


def _cells(kind: Kind, row: Model) -> list[tuple[str, str]]:
    return [(label, value(row)) for label, value in kind.columns]


@AREA
@administrator_only
@require_http_methods(["GET", "POST"])
def row_new(request: AppRequest, kind: str) -> HttpResponse:
    of = KINDS[kind]
    if not _may_add(of):
        return HttpResponseRedirect(reverse(f"admin_dhis2_{kind}"))
    return _row_form(request, of, None)


@AREA
@administrator_only
@require_http_methods(["GET", "POST"])
def row_edit(request: AppRequest, kind: str, **ids: int) -> HttpResponse:
    of = KINDS[kind]
    return _row_form(request, of, get_object_or_404(of.model, pk=next(iter(ids.values()))))


def _row_form(request: AppRequest, of: Kind, row: Model | None) -> HttpResponse:
    form = of.form(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        actions.save_row(actor=request.actor, form=form)
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(reverse(f"admin_dhis2_{of.key}"))
    heading = (_("Change %(what)s") if row else _("Add %(what)s")) % {"what": of.one}
    context = {
        "heading": heading,
        "kind": of,
        "form": form,
        "row": row,
        "list_url": reverse(f"admin_dhis2_{of.key}"),
        "delete_url": reverse(f"admin_dhis2_{of.key}_delete", args=[row.pk]) if row else "",
    }
    return render(request, "mel/dhis2/administration/row.html", context)


@AREA
@administrator_only
@require_POST
def row_delete(request: AppRequest, kind: str, **ids: int) -> HttpResponse:
    of = KINDS[kind]
    row = get_object_or_404(of.model, pk=next(iter(ids.values())))
    if not confirmed(request):
        messages.error(request, NOT_CONFIRMED)
        return HttpResponseRedirect(reverse(f"admin_dhis2_{kind}_edit", args=[row.pk]))
    actions.delete_row(actor=request.actor, row=row)
    messages.success(request, _("Deleted."))
    return HttpResponseRedirect(reverse(f"admin_dhis2_{kind}"))


@AREA
@administrator_only
@require_GET
def export_mapping(request: AppRequest) -> HttpResponse:
    body = json.dumps(Mapping.load().as_file(), ensure_ascii=False, indent=2) + "\n"
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="dhis2-mapping.json"'
    return response


@AREA
@administrator_only
@require_http_methods(["GET", "POST"])
def import_mapping(request: AppRequest) -> HttpResponse:
    form = MappingUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        actions.import_mapping(actor=request.actor, mapping=form.mapping)
        messages.success(request, _("The mapping was imported and replaces the one before."))
        return HttpResponseRedirect(reverse("admin_dhis2_mapping"))
    context = {"heading": gettext_lazy("Import the DHIS2 mapping"), "form": form}
    return render(request, "mel/dhis2/administration/import.html", context, status=400 if form.errors else 200)
