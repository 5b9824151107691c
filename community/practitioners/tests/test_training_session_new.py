"""Recording a training session: the course, the date, the trainer, the hours, who attended."""

import datetime

from django.urls import reverse
from django.utils import timezone

from community.models import Attendance, TrainingSession
from community.practitioners.tests.builders import course
from conftest import make_user
from core.models import AuditEvent
from directory.models import Role

URL = reverse("training_session_new")


def body(the_course, trainer, *, held_on=None, hours="", groups=(), named=()) -> dict:
    data = {
        "course": the_course.pk,
        "held_on": (held_on or timezone.localdate()).isoformat(),
        "trainer_organisation": trainer.pk,
        "hours": hours,
        "named": [user.memberships.get().pk for user in named],
        "group-TOTAL_FORMS": "6",
        "group-INITIAL_FORMS": "0",
    }
    for index, (kind, discipline, count) in enumerate(groups):
        data |= {
            f"group-{index}-organisation_kind": kind,
            f"group-{index}-discipline": discipline,
            f"group-{index}-count": str(count),
        }
    return data


def test_a_coordinator_records_a_session_with_groups_and_named_colleagues(
    client, coordinator, case_worker, psychologist, city_a
):
    trauma = course(coordinator)
    client.force_login(coordinator)
    groups = [("school", "teacher", 12), ("health", "doctor", 3)]
    response = client.post(URL, body(trauma, city_a.cso, groups=groups, named=[case_worker, psychologist]))
    session = TrainingSession.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("training_session", args=[session.pk])
    assert (session.city, session.organisation, session.hours) == (city_a.city, city_a.social, trauma.hours)
    rows = {(a.organisation_kind, a.discipline, a.count, a.user) for a in Attendance.objects.all()}
    assert rows == {
        ("school", "teacher", 12, None),
        ("health", "doctor", 3, None),
        ("social_services", "social_worker", 1, case_worker),
        ("social_services", "psychologist", 1, psychologist),
    }
    event = AuditEvent.objects.get(action="training.session_recorded")
    assert (event.object_type, event.object_ref, event.reason) == (
        "training_session",
        str(session.pk),
        f"course={trauma.pk}",
    )


def test_the_hours_given_replace_the_courses(client, coordinator, city_a):
    client.force_login(coordinator)
    client.post(URL, body(course(coordinator), city_a.social, hours="3.5", groups=[("cso", "other", 4)]))
    assert TrainingSession.objects.get().hours == 3.5


def test_a_session_of_no_hours_is_refused(client, coordinator, city_a):
    client.force_login(coordinator)
    response = client.post(URL, body(course(coordinator), city_a.social, hours="0", groups=[("cso", "other", 4)]))
    assert response.status_code == 200 and response.context["form"].errors["hours"]
    assert not TrainingSession.objects.exists()


def test_a_session_more_than_a_year_ahead_is_refused_and_one_planned_next_month_is_not(client, coordinator, city_a):
    client.force_login(coordinator)
    today, trauma = timezone.localdate(), course(coordinator)
    far = body(trauma, city_a.social, held_on=today + datetime.timedelta(days=400), groups=[("cso", "other", 4)])
    assert client.post(URL, far).context["form"].errors["held_on"]
    assert not TrainingSession.objects.exists()
    soon = body(trauma, city_a.social, held_on=today + datetime.timedelta(days=30), groups=[("cso", "other", 4)])
    assert client.post(URL, soon).status_code == 302


def test_a_named_user_from_another_organisation_is_refused(client, coordinator, cso_partner, city_a):
    client.force_login(coordinator)
    response = client.post(URL, body(course(coordinator), city_a.social, named=[cso_partner]))
    assert response.status_code == 200 and response.context["form"].errors["named"]
    assert not TrainingSession.objects.exists()


def test_a_session_nobody_attended_is_refused(client, coordinator, city_a):
    client.force_login(coordinator)
    response = client.post(URL, body(course(coordinator), city_a.social))
    assert response.context["form"].non_field_errors()
    assert not TrainingSession.objects.exists()


def test_a_half_filled_group_row_is_refused(client, coordinator, city_a):
    client.force_login(coordinator)
    data = body(course(coordinator), city_a.social, groups=[("school", "", 12)])
    response = client.post(URL, data)
    assert response.context["groups"].errors[0]
    assert not TrainingSession.objects.exists()


def test_another_citys_course_cannot_be_chosen(client, coordinator, other_coordinator, city_a):
    client.force_login(coordinator)
    response = client.post(URL, body(course(other_coordinator), city_a.social, groups=[("cso", "other", 4)]))
    assert response.context["form"].errors["course"]


def test_a_colleague_holding_two_roles_is_counted_once(client, coordinator, city_a):
    both = make_user("a.both", organisation=city_a.social, role=Role.CASE_WORKER)
    second = both.memberships.create(organisation=city_a.social, role=Role.COORDINATOR)
    client.force_login(coordinator)
    data = body(course(coordinator), city_a.social) | {
        "named": [both.memberships.get(role=Role.CASE_WORKER).pk, second.pk]
    }
    assert client.post(URL, data).status_code == 302
    assert Attendance.objects.get().user == both


def test_the_form_offers_only_the_coordinators_own_colleagues(client, coordinator, case_worker, cso_partner):
    course(coordinator)
    client.force_login(coordinator)
    page = client.get(URL).content.decode()
    assert "a.caseworker" in page and "a.cso" not in page


def test_nobody_but_a_coordinator_records(client, coordinator, case_worker, city_a):
    trauma = course(coordinator)
    client.force_login(case_worker)
    assert client.get(URL).status_code == 404
    assert client.post(URL, body(trauma, city_a.social, groups=[("cso", "other", 4)])).status_code == 404
