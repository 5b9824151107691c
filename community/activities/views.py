"""Community activities: the city's list, one activity, and recording, editing, removing one.

Every decision about who may do what is in ``rules``; the views only ask it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AppRequest
from community.activities import actions, rules
from community.activities.forms import ActivityEditForm, ActivityFilterForm, ActivityForm
from community.models import Activity
from core.http import NOT_CONFIRMED, confirmed

PER_PAGE = 25
# What a form saves, apart from the version it started from.
SAVED = ("partners", *sorted(actions.FIELDS))


@dataclass(frozen=True)
class Totals:
    activities: int
    reached: int
    with_participants: int
    share_shown: bool  # False below k activities: a share of so few could point at a person

    @property
    def share(self) -> int:
        return round(100 * self.with_participants / self.activities) if self.activities else 0


def totals_of(activities: QuerySet[Activity]) -> Totals:
    """The list's totals in one query. Exact counts: they count activities and attendances, not people
    the programme serves, except the share with participants, hidden below k activities."""
    reached = F("residents") + F("young_people") + F("teachers") + F("participants") + F("others")
    row = activities.order_by().aggregate(
        activities=Count("pk"), reached=Sum(reached), with_participants=Count("pk", filter=Q(participants__gt=0))
    )
    k = int(getattr(settings, "HOMECOMING_MIN_CELL", 5))
    return Totals(row["activities"], row["reached"] or 0, row["with_participants"], row["activities"] >= k)


@login_required
@require_GET
def activity_list(request: AppRequest) -> HttpResponse:
    if not rules.may_read(request):
        raise Http404
    visible = rules.activities_readable(request)
    cities = rules.readable_cities(request) if rules.reads_every_city(request) else None
    form = ActivityFilterForm(request.GET or None, activities=visible, cities=cities)
    activities, status = visible, 200
    if form.is_bound:
        activities, status = (form.narrow(visible), 200) if form.is_valid() else (visible.none(), 400)
    page = Paginator(activities.select_related("organisation", "city"), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "totals": totals_of(activities),
        "k": int(getattr(settings, "HOMECOMING_MIN_CELL", 5)),
        "every_city": cities is not None,
        "may_record": rules.may_record(request),
    }
    return render(request, "community/activities/list.html", context, status=status)


@login_required
@require_GET
def activity_detail(request: AppRequest, activity_id: int) -> HttpResponse:
    activity = rules.readable_activity(request, activity_id)
    context = {
        "activity": activity,
        "partners": activity.partners.order_by("name"),
        "may_edit": rules.may_edit(request, activity),
        "may_remove": rules.may_remove(request, activity),
    }
    return render(request, "community/activities/detail.html", context)


@login_required
def activity_new(request: AppRequest) -> HttpResponse:
    if not rules.may_record(request):
        raise Http404
    form = ActivityForm(request.POST or None, organisation=request.membership.organisation)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in SAVED}
        activity = actions.record_activity(actor=request.actor, **fields)
        messages.success(request, _("Activity recorded."))
        return HttpResponseRedirect(reverse("activity", args=[activity.pk]))
    return render(request, "community/activities/form.html", {"form": form})


@login_required
def activity_edit(request: AppRequest, activity_id: int) -> HttpResponse:
    activity = rules.editable_activity(request, activity_id)
    initial = {name: getattr(activity, name) for name in SAVED if name != "partners"}
    initial |= {"partners": list(activity.partners.all()), "version": activity.version}
    form = ActivityEditForm(request.POST or None, initial=initial, organisation=activity.organisation)
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in SAVED}
        try:
            actions.edit_activity(
                actor=request.actor, activity=activity, expected_version=form.cleaned_data["version"] or 0, **fields
            )
        except actions.Conflict as clash:
            # Nothing is lost: the other save stays, and this form keeps what was typed.
            conflict = clash.current
            data = request.POST.copy()
            data["version"] = str(conflict.version)  # saving again now overwrites knowingly
            form = ActivityEditForm(data, organisation=activity.organisation)
        else:
            messages.success(request, _("Activity saved."))
            return HttpResponseRedirect(reverse("activity", args=[activity.pk]))
    context = {"form": form, "activity": activity, "conflict": conflict}
    return render(request, "community/activities/form.html", context, status=409 if conflict else 200)


@login_required
@require_POST
def activity_remove(request: AppRequest, activity_id: int) -> HttpResponse:
    activity = rules.removable_activity(request, activity_id)
    if not confirmed(request):
        messages.error(request, NOT_CONFIRMED)
        return HttpResponseRedirect(reverse("activity", args=[activity.pk]))
    actions.remove_activity(actor=request.actor, activity=activity)
    messages.success(request, _("Activity removed."))
    return HttpResponseRedirect(reverse("activities"))
