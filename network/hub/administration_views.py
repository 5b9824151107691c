"""The hub's member cities in its administration (issue 18 §12): a member's name, organisation and
whether it may send, and its keys (a rotated key added only when the fingerprint the city read out
matches; an old key given an end). Each change is audited. Members are enrolled on the hub's own
page, which shows the token once; they are never deleted, since their reports stay. Not on a city.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.http import AppRequest, administrator_only
from core.areas import only_where_shown
from network.hub import actions
from network.hub.forms import EndKeyForm, MemberForm, MemberKeyForm
from network.hub.models import MemberCity, MemberKey
from network.sections import MEMBERS_AREA

PER_PAGE = 50
AREA = only_where_shown(MEMBERS_AREA)


@AREA
@administrator_only
@require_GET
def members(request: AppRequest) -> HttpResponse:
    page = Paginator(MemberCity.objects.order_by("name", "pk"), PER_PAGE).get_page(request.GET.get("page"))
    context = {"heading": gettext_lazy("Member cities"), "page": page, "query": ""}
    return render(request, "network/hub/administration/members.html", context)


@AREA
@administrator_only
@require_http_methods(["GET", "POST"])
def member(request: AppRequest, member_id: int) -> HttpResponse:
    city = get_object_or_404(MemberCity.objects.select_related("organisation"), pk=member_id)
    form = MemberForm(request.POST or None, instance=city)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        city.refresh_from_db()  # the form wrote to the instance; the action saves it with its audit row
        actions.change_member(
            actor=request.actor,
            member=city,
            name=data["name"],
            organisation=data["organisation"],
            active=data["active"],
        )
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(reverse("admin_member", args=[city.pk]))
    context = {
        "heading": gettext_lazy("Member city"),
        "city": city,
        "form": form,
        "keys": city.keys.order_by("valid_from", "pk"),
    }
    return render(request, "network/hub/administration/member.html", context)


@AREA
@administrator_only
@require_http_methods(["GET", "POST"])
def key_new(request: AppRequest, member_id: int) -> HttpResponse:
    city = get_object_or_404(MemberCity, pk=member_id)
    form = MemberKeyForm(request.POST or None, member=city)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.add_key(
            actor=request.actor,
            member=city,
            public_key=data["public_key"],
            fingerprint=data["fingerprint"],
            valid_from=data["valid_from"],
            valid_until=data.get("valid_until"),
        )
        messages.success(request, _("The rotated key was added. Give the old key an end."))
        return HttpResponseRedirect(reverse("admin_member", args=[city.pk]))
    context = {"heading": gettext_lazy("Add a rotated key"), "city": city, "form": form}
    return render(request, "network/hub/administration/key_new.html", context)


@AREA
@administrator_only
@require_http_methods(["GET", "POST"])
def key_end(request: AppRequest, member_id: int, key_id: int) -> HttpResponse:
    key = get_object_or_404(MemberKey.objects.select_related("member"), pk=key_id, member_id=member_id)
    form = EndKeyForm(request.POST or None, key=key)
    if request.method == "POST" and form.is_valid():
        actions.end_key(actor=request.actor, key=key, valid_until=form.cleaned_data["valid_until"])
        messages.success(request, _("The key's end was saved."))
        return HttpResponseRedirect(reverse("admin_member", args=[member_id]))
    context = {"heading": gettext_lazy("End a key's validity"), "city": key.member, "key": key, "form": form}
    return render(request, "network/hub/administration/key_end.html", context)
