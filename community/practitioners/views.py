"""Practitioner training and support, and a practitioner's own page (issue 12, points 5 and 6).

Who sees what is decided in community/practitioners/rules.py. No page here lists another
organisation's staff: a session's named attendees show only to their own organisation.
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from access import policy
from accounts.http import AppRequest
from casework.models import TeamMember
from community.models import Attendance, Course, SupportSession
from community.practitioners import actions, rules
from community.practitioners.forms import (
    CourseForm,
    SupportSessionForm,
    TrainingFilter,
    TrainingSessionForm,
    group_formset,
)
from directory.models import Membership, Organisation
from people.models import Participant

PER_PAGE = 25


def months_back(today: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` months earlier (the month's last day where it is shorter)."""
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    return datetime.date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


def _query_without_page(request: AppRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _filtered(access: rules.TrainingAccess, filters: TrainingFilter) -> tuple[QuerySet, QuerySet]:
    """The sessions and courses the filters choose, within what the reader may read."""
    sessions, courses = access.sessions(), access.courses()
    if topic := filters.value("topic"):
        sessions, courses = sessions.filter(course__topic=topic), courses.filter(topic=topic)
    if slug := filters.value("city"):
        sessions = sessions.filter(city__slug=slug)
    if months := filters.months:
        sessions = sessions.filter(held_on__gte=months_back(timezone.localdate(), months))
    return sessions, courses


def _by_discipline(sessions: QuerySet) -> list[tuple[str, int]]:
    labels = dict(Attendance.Discipline.choices)
    rows = Attendance.objects.filter(session__in=sessions).values("discipline").annotate(total=Sum("count"))
    return sorted(((str(labels.get(r["discipline"], r["discipline"])), r["total"]) for r in rows), key=lambda r: r[0])


@login_required
@require_GET
def trainings(request: AppRequest) -> HttpResponse:
    access = rules.training_access(request)
    filters = TrainingFilter(request.GET or None, cities=access.cities)
    sessions, courses = _filtered(access, filters)
    rows = sessions.select_related("course", "city", "trainer_organisation").annotate(attended=Sum("attendance__count"))
    context = {
        "access": access,
        "filters": filters,
        "page": Paginator(rows.order_by("-held_on", "-pk"), PER_PAGE).get_page(request.GET.get("page")),
        "query": _query_without_page(request),
        "totals": sessions.aggregate(sessions=Count("pk"), hours=Sum("hours")),
        "attended": Attendance.objects.filter(session__in=sessions).aggregate(total=Sum("count"))["total"] or 0,
        "by_discipline": _by_discipline(sessions),
        "courses": courses.select_related("organisation").order_by("title"),
        "editable": set(access.editable_courses().values_list("pk", flat=True)),
        "today": timezone.localdate(),
    }
    return render(request, "community/practitioners/trainings.html", context)


def _course_page(request: AppRequest, access: rules.TrainingAccess, course: Course | None) -> HttpResponse:
    form = CourseForm(
        request.POST or None,
        instance=course,
        organisations=access.offering_organisations(),
        initial={"organisation": access.organisation.pk} if course is None else None,
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in actions.COURSE_FIELDS}
        # The form has already set the fields on the instance; the action saves and audits them.
        actions.save_course(actor=request.actor, course=course, **fields)
        messages.success(request, _("Course saved."))
        return redirect("trainings")
    return render(request, "community/practitioners/course_form.html", {"form": form, "course": course})


@login_required
def course_new(request: AppRequest) -> HttpResponse:
    return _course_page(request, rules.recording_access(request), None)


@login_required
def course_edit(request: AppRequest, course_id: int) -> HttpResponse:
    access = rules.recording_access(request)
    return _course_page(request, access, rules.open_course_to_edit(access, course_id))


@login_required
def training_session_new(request: AppRequest) -> HttpResponse:
    access = rules.recording_access(request)
    form = TrainingSessionForm(
        request.POST or None,
        courses=access.courses().filter(is_active=True).order_by("title"),
        trainers=Organisation.objects.filter(is_active=True).exclude(kind=Organisation.Kind.NETWORK_HUB),
        members=rules.colleagues(access.organisation),
    )
    groups = group_formset(request.POST or None)
    if request.method == "POST" and all([form.is_valid(), groups.is_valid()]):
        rows = [group.row for group in groups if group.row]
        if rows or form.cleaned_data["named"]:
            data = form.cleaned_data
            session = actions.record_training_session(
                actor=request.actor,
                course=data["course"],
                trainer_organisation=data["trainer_organisation"],
                city=access.city,
                held_on=data["held_on"],
                hours=data["hours"],
                groups=rows,
                named=data["named"],
            )
            messages.success(request, _("Training session recorded."))
            return redirect("training_session", session_id=session.pk)
        form.add_error(None, _("Record who attended: at least one group or one named attendee."))
    context = {"form": form, "groups": groups}
    return render(request, "community/practitioners/session_form.html", context)


@login_required
@require_GET
def training_session(request: AppRequest, session_id: int) -> HttpResponse:
    access = rules.training_access(request)
    session = rules.open_session(access, session_id)
    kinds, disciplines = dict(Organisation.Kind.choices), dict(Attendance.Discipline.choices)
    counted = session.attendance.values("organisation_kind", "discipline").annotate(total=Sum("count"))
    groups = sorted(
        (str(kinds.get(row["organisation_kind"], "")), str(disciplines.get(row["discipline"], "")), row["total"])
        for row in counted
    )
    named = access.named_attendance(session).select_related("user").order_by("user__last_name", "user__username")
    context = {
        "session": session,
        "groups": groups,
        "total": sum(total for _kind, _discipline, total in groups),
        "named": named,
        "today": timezone.localdate(),
    }
    return render(request, "community/practitioners/session.html", context)


def _support_totals(organisation: Organisation, since: datetime.date) -> list[dict]:
    """Sessions, hours and attendances per kind since a day: two grouped queries."""
    held = SupportSession.objects.filter(organisation=organisation, held_on__gte=since)
    per_kind = {row["kind"]: row for row in held.values("kind").annotate(sessions=Count("pk"), hours=Sum("hours"))}
    attended = dict(
        SupportSession.attendees.through.objects.filter(supportsession__in=held)
        .values_list("supportsession__kind")
        .annotate(n=Count("pk"))
    )
    return [
        {**per_kind.get(kind, {"sessions": 0, "hours": 0}), "kind": str(label), "attendances": attended.get(kind, 0)}
        for kind, label in SupportSession.Kind.choices
    ]


@login_required
def support_sessions(request: AppRequest) -> HttpResponse:
    membership = rules.support_membership(request)
    organisation = membership.organisation
    form = SupportSessionForm(request.POST or None, members=rules.colleagues(organisation))
    if request.method == "POST" and form.is_valid():
        actions.record_support_session(actor=request.actor, **form.cleaned_data)
        messages.success(request, _("Session recorded."))
        return redirect("support_sessions")
    attendees = Prefetch("attendees", queryset=Membership.objects.select_related("user").order_by("user__username"))
    sessions = SupportSession.objects.filter(organisation=organisation).prefetch_related(attendees)
    context = {
        "organisation": organisation,
        "form": form,
        "page": Paginator(sessions.order_by("-held_on", "-pk"), PER_PAGE).get_page(request.GET.get("page")),
        "query": _query_without_page(request),
        "totals": _support_totals(organisation, months_back(timezone.localdate(), 12)),
    }
    return render(request, "community/practitioners/support.html", context, status=400 if form.errors else 200)


def caseload_of(membership: Membership) -> dict:
    """How many active participants the membership leads, and on how many teams it is (the lead's included)."""
    places = TeamMember.objects.current().filter(membership=membership, participant__status=Participant.Status.ACTIVE)
    return places.aggregate(lead=Count("participant", filter=Q(is_lead=True)), teams=Count("participant"))


@login_required
@require_GET
def my_work(request: AppRequest) -> HttpResponse:
    membership = rules.own_membership(request)
    today = timezone.localdate()
    support = list(
        SupportSession.objects.filter(
            attendees__user=request.user, held_on__gte=months_back(today, 12), held_on__lte=today
        )
        .distinct()
        .order_by("-held_on", "-pk")
    )
    trainings = list(request.user.trainings.select_related("session__course").order_by("-session__held_on"))
    context = {
        "membership": membership,
        "caseload": caseload_of(membership),
        "standard": settings.HOMECOMING_CASELOAD_STANDARD,
        "lists_participants": policy.may_list_participants(membership),
        "support": support,
        "support_hours": sum(session.hours for session in support),
        "trainings": trainings,
        "training_hours": sum(a.session.hours for a in trainings if a.session.held_on <= today),
        "today": today,
    }
    return render(request, "community/practitioners/my_work.html", context)
