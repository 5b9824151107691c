"""Removing an activity: the organiser's coordinator only, by POST, confirmed, audited."""

from django.urls import reverse

from community.activities.tests.builders import activity
from community.models import Activity
from core.models import AuditEvent


def test_the_organisers_coordinator_removes_an_activity_and_it_is_audited(client, case_worker, coordinator):
    recorded = activity(case_worker)
    client.force_login(coordinator)
    response = client.post(reverse("activity_remove", args=[recorded.pk]), {"confirm": "yes"})
    assert response.status_code == 302 and response["Location"] == reverse("activities")
    assert not Activity.objects.exists()
    assert AuditEvent.objects.filter(action="activity.removed", object_ref=str(recorded.pk), actor=coordinator).exists()


def test_a_case_worker_and_another_citys_coordinator_cannot_remove_it(client, case_worker, other_coordinator):
    recorded = activity(case_worker)
    for user in (case_worker, other_coordinator):
        client.force_login(user)
        assert client.post(reverse("activity_remove", args=[recorded.pk]), {"confirm": "yes"}).status_code == 404
    assert Activity.objects.exists()
    assert not AuditEvent.objects.filter(action="activity.removed").exists()


def test_removing_is_only_by_post(client, case_worker, coordinator):
    recorded = activity(case_worker)
    client.force_login(coordinator)
    assert client.get(reverse("activity_remove", args=[recorded.pk])).status_code == 405
    assert Activity.objects.exists()


def test_removing_without_the_confirmation_keeps_the_activity_and_says_why(client, case_worker, coordinator):
    recorded = activity(case_worker)
    client.force_login(coordinator)
    page = client.get(reverse("activity", args=[recorded.pk])).content.decode()
    assert "This cannot be undone." in page and 'name="confirm" value="yes"' in page
    response = client.post(reverse("activity_remove", args=[recorded.pk]), follow=True)
    assert Activity.objects.exists() and "must be confirmed" in response.content.decode()
