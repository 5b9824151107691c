"""The unmet-needs and resource-gaps page of a city (issue 12 §7), and its download.

Aggregates only, every count through disclosure control (``mel.needs.gaps``): the page is the
evidence a city takes to central government, so it is meant to leave the case team. Looking is not
audited; a download is (``UNMET_NEEDS_DOWNLOADED``, the city's slug).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AppRequest
from directory.models import Jurisdiction
from mel.needs import actions, files
from mel.needs.gaps import COMPLEMENTARY, Gaps, Number, Section, gaps
from mel.needs.rules import cities_for
from mel.periods import Period, PeriodError
from mel.reports import display
from mel.views import DASH, Cell


def current_period() -> Period:
    return Period.containing(timezone.localdate(), "quarter")


class NeedsForm(forms.Form):
    optional_unmarked = True  # every field of a filter may be empty: saying so would be noise

    city = forms.ChoiceField(label=gettext_lazy("City"), required=False)
    period = forms.CharField(
        label=gettext_lazy("Period"),
        required=False,
        max_length=10,
        help_text=gettext_lazy("A quarter (2026Q4), a month (202611) or a year (2026)."),
    )

    def __init__(self, data, *, cities: tuple[Jurisdiction, ...]) -> None:
        super().__init__(data, initial={"period": current_period().code, "city": cities[0].slug})
        self.cities = cities
        self.fields["city"].choices = [(c.slug, c.name) for c in cities]
        if len(cities) == 1:
            self.fields["city"].widget = forms.HiddenInput()

    def clean_period(self) -> Period:
        text = self.cleaned_data["period"]
        if not text:
            return current_period()
        try:
            period = Period.parse(text)
        except PeriodError as error:
            raise ValidationError(str(error)) from error
        if period.start > timezone.localdate():
            raise ValidationError(_("This period has not begun yet."))
        return period

    def choices(self) -> tuple[Jurisdiction, Period]:
        """The city and period asked for; where one is wrong, its default."""
        if not self.is_bound:
            return self.cities[0], current_period()
        self.is_valid()
        slug = self.cleaned_data.get("city") or self.cities[0].slug
        city = next(c for c in self.cities if c.slug == slug)
        return city, self.cleaned_data.get("period") or current_period()


def cell(number: Number, k: int) -> Cell:
    """A number as the dashboards show it: hidden ones as "fewer than k" or "hidden", with the legend."""
    if number.suppressed:
        text = _("hidden") if number.reason == COMPLEMENTARY else _("fewer than %(k)s") % {"k": k}
        return Cell(text, suppressed=number.reason)
    return Cell(number_format(number.value))


def section_view(section: Section, k: int) -> dict:
    # A line without its own columns (the blocked actions' total has no split by waiting time).
    blank = [Cell(DASH, spoken=_("not shown"))] * (len(section.columns) if section.columns else 0)

    def line(each) -> dict:
        parts = [cell(n, k) for n in each.cells] if each.cells else blank
        return {"label": each.label, "cells": [*parts, cell(each.total, k)]}

    return {"section": section, "lines": [line(each) for each in section.lines], "total": line(section.total)}


def context_of(found: Gaps) -> dict:
    k = found.k
    data = found.caseload.data
    return {
        "gaps": found,
        "k": k,
        "blocked": section_view(found.blocked, k),
        "by_domain": section_view(found.declined_by_domain, k),
        "by_kind": section_view(found.declined_by_kind, k),
        "transfers": cell(found.transfers_declined, k),
        "urgent": section_view(found.urgent, k),
        "caseload": display.caseload(data, k),
        "legend": found.any_suppressed or any(data[key] is None for key in ("participants", "median", "largest")),
        "dash": DASH,
    }


@login_required
@require_GET
def unmet_needs(request: AppRequest) -> HttpResponse:
    cities = cities_for(request)
    form = NeedsForm(request.GET or None, cities=cities)
    city, period = form.choices()
    context = {"form": form, "cities": cities, **context_of(gaps(city, period))}
    return render(request, "mel/needs/page.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def download(request: AppRequest) -> HttpResponse:
    cities = cities_for(request)
    form = NeedsForm(request.POST, cities=cities)
    file_format = request.POST.get("format", "")
    if file_format not in files.MAKERS or not form.is_valid():
        return HttpResponse(_("Choose a city, a period and a file format."), status=400, content_type="text/plain")
    city, period = form.choices()
    found = gaps(city, period)
    body = files.MAKERS[file_format](found)
    actions.record_download(actor=request.actor, city=city, period=period, file_format=file_format)
    response = HttpResponse(body, content_type=files.MEDIA_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{files.filename(found, file_format)}"'
    return response
