"""Editing an activity: saved by its organisation, a stale save answered 409 with the typed text kept."""

from django.test import Client
from django.urls import reverse

from community.activities.tests.builders import activity, form_data
from community.models import Activity


def _edit(client, recorded, **fields):
    return client.post(reverse("activity_edit", args=[recorded.pk]), form_data(version="1") | fields)


def test_the_form_shows_what_was_recorded_and_saves_an_edit(client, case_worker, psychologist):
    recorded = activity(case_worker, title="Before")
    client.force_login(psychologist)
    assert 'value="Before"' in client.get(reverse("activity_edit", args=[recorded.pk])).content.decode()
    response = _edit(client, recorded, title="After")
    assert response.status_code == 302 and response["Location"] == reverse("activity", args=[recorded.pk])
    recorded.refresh_from_db()
    assert (recorded.title, recorded.version) == ("After", 2)


def test_a_stale_save_answers_409_keeps_what_was_typed_and_overwrites_nothing(client, case_worker, coordinator):
    recorded = activity(case_worker)
    client.force_login(case_worker)
    other_tab = Client()
    other_tab.force_login(coordinator)
    assert _edit(other_tab, recorded, what_happened="Saved first").status_code == 302
    late = _edit(client, recorded, what_happened="Typed second")
    html = late.content.decode()
    assert late.status_code == 409
    assert "Saved first" in html and "Typed second" in html
    assert Activity.objects.get().what_happened == "Saved first"
    # Saving again from the conflict page is a knowing choice, and goes through.
    assert _edit(client, recorded, what_happened="Both", version="2").status_code == 302
    assert Activity.objects.get().what_happened == "Both"


def test_another_organisation_of_the_city_and_another_city_get_404(client, case_worker, cso_partner, other_coordinator):
    recorded = activity(case_worker)
    for user in (cso_partner, other_coordinator):
        client.force_login(user)
        assert client.get(reverse("activity_edit", args=[recorded.pk])).status_code == 404
        assert _edit(client, recorded, title="Changed").status_code == 404
    assert Activity.objects.get().title == recorded.title


def test_an_edit_refuses_a_participant_code_like_the_new_form(client, case_worker, family):
    recorded = activity(case_worker)
    client.force_login(case_worker)
    response = _edit(client, recorded, follow_up=f"Call {family.mother.code}")
    assert "remove the participant code" in response.content.decode()
    assert Activity.objects.get().version == 1
