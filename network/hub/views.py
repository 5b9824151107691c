"""The hub's pages and its receiving API. All of them exist only on a hub (``HOMECOMING_ROLE=hub``):
on a city they answer 404 to everyone, signed in or not."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AppRequest
from core.actor import Actor
from directory.models import Role
from mel import indicators
from network.hub import actions, comparison
from network.hub.models import MemberCity, ReceivedReport

READERS = frozenset({Role.NETWORK_EDITOR, Role.ME_OFFICER, Role.ADMINISTRATOR})


def hub_only(view: Callable) -> Callable:
    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if settings.HOMECOMING_ROLE != "hub":
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def _require(request: AppRequest, roles: frozenset) -> None:
    if request.membership is None or request.membership.role not in roles:
        raise Http404


# --- Receiving --------------------------------------------------------------------------------


def _bearer(request: HttpRequest) -> str:
    kind, _space, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if kind.lower() == "bearer" else ""


@csrf_exempt  # a city's program, not a browser: it proves itself by its token and its signature
@hub_only
@require_POST
def receive(request: HttpRequest) -> JsonResponse:
    """A city pushes its signed report: 201 stored, 200 already stored, or a refusal with its reason."""
    actor = Actor.for_system()
    member = actions.member_for_token(_bearer(request))
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > actions.MAX_BODY:
        # Refused on the declared length, before the body is read at all.
        outcome = actions.refuse(actor=actor, member=member, reason="too_large")
    else:
        outcome = actions.receive(actor=actor, member=member, body=request.body)
    return JsonResponse(outcome.as_json(), status=outcome.status)


class UploadForm(forms.Form):
    member = forms.ModelChoiceField(label=_("City"), queryset=MemberCity.objects.filter(active=True))
    envelope = forms.FileField(label=_("Signed report (.json)"))


@hub_only
@login_required
@require_http_methods(["GET", "POST"])
def upload(request: AppRequest) -> HttpResponse:
    """A report handed over as a file by an air-gapped city: the same checks as the API."""
    _require(request, frozenset({Role.ADMINISTRATOR}))
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    outcome = None
    if posted and form.is_valid():
        body = form.cleaned_data["envelope"].read(actions.MAX_BODY + 1)
        outcome = actions.receive(actor=request.actor, member=form.cleaned_data["member"], body=body)
        if outcome.stored:
            form = UploadForm()
    status = 400 if (form.errors or (outcome and outcome.reason)) else 200
    return render(request, "network/hub/upload.html", {"form": form, "outcome": outcome}, status=status)


# --- Enrolment --------------------------------------------------------------------------------


class EnrolForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(label=_("Jurisdiction"), max_length=100, help_text=_("The city's slug, as it sends it."))
    public_key = forms.CharField(label=_("Public key"), max_length=64, help_text=_("Base64, from the city."))
    fingerprint = forms.CharField(
        label=_("Fingerprint"), max_length=200, help_text=_("As the city read it to you, on a call you placed.")
    )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if MemberCity.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("This city is already a member."))
        return slug


@hub_only
@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: AppRequest) -> HttpResponse:
    """An administrator enrols a city; its token is shown once, on this answer only."""
    _require(request, frozenset({Role.ADMINISTRATOR}))
    form = EnrolForm(request.POST if request.method == "POST" else None)
    member = token = None
    if request.method == "POST" and form.is_valid():
        try:
            member, token = actions.enrol(actor=request.actor, **form.cleaned_data)
        except actions.EnrolmentError as error:
            form.add_error(None, str(error))
    context = {"form": form, "member": member, "token": token}
    return render(request, "network/hub/enrol.html", context, status=400 if form.errors else 200)


# --- Reading ----------------------------------------------------------------------------------


def _indicator_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} · {indicator.name}") for code, indicator in indicators.CATALOGUE.items()]


class CompareForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    period = forms.ChoiceField(label=_("Period"))

    def __init__(self, data, *, periods: list[str]) -> None:
        super().__init__(data)
        self.fields["indicator"].choices = _indicator_choices()
        self.fields["period"].choices = [(p, p) for p in reversed(periods)]


@hub_only
@login_required
@require_GET
def compare(request: AppRequest) -> HttpResponse:
    """The member cities side by side on one indicator and period, alphabetically."""
    _require(request, READERS)
    periods = comparison.reported_periods()
    data = request.GET.copy()
    data.setdefault("indicator", next(iter(indicators.CATALOGUE)))
    if periods:
        data.setdefault("period", periods[-1])
    form = CompareForm(data, periods=periods)
    cells = []
    if form.is_valid():
        cells = comparison.side_by_side(form.cleaned_data["indicator"], form.cleaned_data["period"])
    context = {"form": form, "cells": cells, "indicator": indicators.CATALOGUE.get(data.get("indicator", ""))}
    return render(request, "network/hub/compare.html", context, status=400 if form.errors and periods else 200)


class TrendForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))

    def __init__(self, data) -> None:
        super().__init__(data)
        self.fields["indicator"].choices = _indicator_choices()


@hub_only
@login_required
@require_GET
def trends(request: AppRequest) -> HttpResponse:
    """The network-wide trend of one indicator: per period, each city's own figure (never summed)."""
    _require(request, READERS)
    data = request.GET.copy()
    data.setdefault("indicator", next(iter(indicators.CATALOGUE)))
    form = TrendForm(data)
    members, rows = comparison.trends(form.cleaned_data["indicator"]) if form.is_valid() else ([], [])
    context = {"form": form, "members": members, "rows": rows, "indicator": indicators.CATALOGUE.get(data["indicator"])}
    return render(request, "network/hub/trends.html", context, status=400 if form.errors else 200)


@hub_only
@login_required
@require_GET
def reports(request: AppRequest) -> HttpResponse:
    """Who reported what when: city, period, sequence, received (newest first)."""
    _require(request, READERS)
    received = ReceivedReport.objects.select_related("member").order_by("-received_at", "-pk")[:500]
    members = MemberCity.objects.order_by("name")
    return render(request, "network/hub/reports.html", {"received": received, "members": members})
