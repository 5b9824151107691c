"""One activity's page: its facts, attendance by group, and the buttons for those who may use them."""

from django.urls import reverse

from community.activities.tests.builders import activity


def test_a_reader_of_the_city_sees_the_activity_with_its_partners_and_attendance(
    client, case_worker, me_officer, city_a
):
    recorded = activity(case_worker, partners=[city_a.cso], title="Tea in Almaly", residents=21)
    client.force_login(me_officer)
    response = client.get(reverse("activity", args=[recorded.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tea in Almaly" in html and city_a.cso.name in html and "<caption>" in html and ">21<" in html
    assert reverse("activity_edit", args=[recorded.pk]) not in html


def test_the_coordinator_of_the_organiser_sees_edit_and_remove(client, case_worker, coordinator):
    recorded = activity(case_worker)
    client.force_login(coordinator)
    html = client.get(reverse("activity", args=[recorded.pk])).content.decode()
    assert (
        reverse("activity_edit", args=[recorded.pk]) in html and reverse("activity_remove", args=[recorded.pk]) in html
    )


def test_another_citys_activity_and_a_missing_one_are_404_alike(client, case_worker, other_coordinator):
    recorded = activity(case_worker)
    client.force_login(other_coordinator)
    assert client.get(reverse("activity", args=[recorded.pk])).status_code == 404
    assert client.get(reverse("activity", args=[recorded.pk + 1000])).status_code == 404
