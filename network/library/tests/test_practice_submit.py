from django.urls import reverse

from network.library.models import Practice
from network.library.tests.builders import make_practice


def test_the_editor_submits_a_draft_for_review(client, network_editor, city_a):
    practice = make_practice(network_editor, city_a.social)
    client.force_login(network_editor)
    assert client.post(reverse("practice_submit", args=[practice.pk])).status_code == 302
    assert Practice.objects.get(pk=practice.pk).state == Practice.State.IN_REVIEW


def test_a_coordinator_cannot_submit_and_a_get_is_refused(client, network_editor, coordinator, city_a):
    practice = make_practice(network_editor, city_a.social)
    client.force_login(coordinator)
    assert client.post(reverse("practice_submit", args=[practice.pk])).status_code == 404
    client.force_login(network_editor)
    assert client.get(reverse("practice_submit", args=[practice.pk])).status_code == 405
