"""The DHIS2 dry run and downloads (issue 17 §3), for M&E officers and coordinators.

The page shows what would be sent for a finished period and the cities in the reader's scope: each
value with its data element, category option combination and organisation unit, the suppressed
cells left out, and what the mapping does not cover. Looking is not audited; a download is
(``DHIS2_EXPORTED``, the period as reference). Everyone else gets 404, as for a page that does not exist.
"""

from __future__ import annotations

import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AppRequest
from directory.models import Jurisdiction
from mel.dhis2 import actions
from mel.dhis2.export import NO_VALUE, Export, build, finished_period
from mel.periods import PeriodError
from mel.results import Dimension
from mel.scope import Scope, min_cell, scope_for
from mel.views import default_period

FILES = {"json": "", "sidecar": ".sidecar"}


class ExportForm(forms.Form):
    period = forms.CharField(
        label=gettext_lazy("Period"),
        max_length=10,
        help_text=gettext_lazy("A finished quarter (2026Q3), month (202609) or year (2026)."),
    )
    city = forms.ChoiceField(label=gettext_lazy("City"), required=False)

    def __init__(self, data, *, scope: Scope) -> None:
        super().__init__(data, initial={"period": default_period().code})
        self.scope = scope
        everywhere = _("Every city you see") if len(scope.cities) > 1 else _("Your whole view")
        self.fields["city"].choices = [("", everywhere), *((c.slug, c.name) for c in scope.cities)]

    def clean_period(self):
        try:
            return finished_period(self.cleaned_data["period"])
        except PeriodError as error:
            raise ValidationError(str(error)) from error

    def cities(self) -> list[Jurisdiction]:
        slug = self.cleaned_data.get("city") or ""
        return [city for city in self.scope.cities if not slug or city.slug == slug]


def _export(form: ExportForm) -> Export:
    return build(form.cleaned_data["period"], form.cities())


@login_required
@require_GET
def dry_run(request: AppRequest) -> HttpResponse:
    """What a download would send, what it leaves out, and what is not mapped."""
    scope = scope_for(request)
    query = request.GET.copy()
    query.setdefault("period", default_period().code)  # the last finished quarter unless another is asked for
    form = ExportForm(query, scope=scope)
    export = _export(form) if form.is_valid() else None
    context = {
        "form": form,
        "scope": scope,
        "export": export,
        "k": min_cell(),
        "no_value": NO_VALUE,
        "unmapped": unmapped_rows(export) if export else [],
    }
    return render(request, "mel/dhis2/dry_run.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def download(request: AppRequest) -> HttpResponse:
    """The dataValueSets document or its sidecar, as a file; audited."""
    scope = scope_for(request)
    form = ExportForm(request.POST, scope=scope)
    kind = request.POST.get("file", "")
    if kind not in FILES or not form.is_valid():
        return HttpResponse(_("Choose a finished period and a file."), status=400, content_type="text/plain")
    export = _export(form)
    data = export.sidecar() if kind == "sidecar" else export.document()
    actions.record_export(actor=request.actor, period=export.period)
    name = f"dhis2-{export.period.code}-{form.cleaned_data.get('city') or 'all'}{FILES[kind]}.json"
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def unmapped_rows(export: Export) -> list[str]:
    """Each gap of the mapping as a sentence."""
    sentences = {
        "data_set": _("No data set is mapped: the file has no dataSet."),
        "indicator": _("Indicator %(indicator)s has no data element: it is not sent."),
        "part": _("The %(part)s of %(indicator)s has no data element: it is not sent."),
        "data_element": _("The %(part)s of %(indicator)s by %(dimension)s has no data element: not sent."),
        "disaggregation": _("No category option combination is mapped for %(dimension)s: not sent."),
        "category": _("%(dimension)s = %(key)s has no category option combination: not sent."),
        "city": _("City %(city)s has no organisation unit: its figures are not sent."),
    }
    rows = []
    for gap in sorted(export.unmapped):
        values = dict(gap._fields())
        if values["dimension"] in Dimension.values:
            values["dimension"] = str(Dimension(values["dimension"]).label)
        rows.append(sentences[gap.kind] % values)
    return rows
