"""Adding and editing a course: coordinators of the city, audited."""

from django.urls import reverse

from community.models import Course
from community.practitioners.tests.builders import course
from core.models import AuditEvent

VALID = {"title": "Child protection", "topic": "child_protection", "hours": "8", "description": "", "materials": ""}


def test_a_coordinator_adds_a_course_offered_by_its_organisation(client, coordinator, city_a):
    client.force_login(coordinator)
    response = client.post(reverse("course_new"), {**VALID, "organisation": city_a.social.pk, "is_active": "on"})
    assert response.status_code == 302
    saved = Course.objects.get()
    assert (saved.title, saved.hours, saved.organisation) == ("Child protection", 8, city_a.social)
    event = AuditEvent.objects.get(action="training.course_saved")
    assert (event.object_type, event.object_ref, event.actor) == ("course", str(saved.pk), coordinator)


def test_a_course_of_no_hours_is_refused(client, coordinator, city_a):
    client.force_login(coordinator)
    response = client.post(reverse("course_new"), {**VALID, "organisation": city_a.social.pk, "hours": "0"})
    assert response.status_code == 200 and response.context["form"].errors["hours"]
    assert not Course.objects.exists()


def test_a_course_cannot_be_said_to_be_offered_by_another_citys_organisation(client, coordinator, city_b):
    client.force_login(coordinator)
    response = client.post(reverse("course_new"), {**VALID, "organisation": city_b.social.pk})
    assert response.context["form"].errors["organisation"]
    assert not Course.objects.exists()


def test_a_coordinator_edits_a_course_of_its_city(client, coordinator, city_a):
    saved = course(coordinator)
    client.force_login(coordinator)
    edit = reverse("course_edit", args=[saved.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {**VALID, "title": "Trauma-informed care, part 1", "organisation": city_a.social.pk})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.title, saved.is_active) == ("Trauma-informed care, part 1", False)
    assert AuditEvent.objects.filter(action="training.course_saved", object_ref=str(saved.pk)).count() == 2


def test_another_citys_coordinator_finds_no_course_to_edit(client, coordinator, other_coordinator):
    saved = course(coordinator)
    client.force_login(other_coordinator)
    assert client.get(reverse("course_edit", args=[saved.pk])).status_code == 404
    assert client.post(reverse("course_edit", args=[saved.pk]), VALID).status_code == 404


def test_a_case_worker_neither_adds_nor_edits_courses(client, coordinator, case_worker):
    saved = course(coordinator)
    client.force_login(case_worker)
    assert client.get(reverse("course_new")).status_code == 404
    assert client.get(reverse("course_edit", args=[saved.pk])).status_code == 404
