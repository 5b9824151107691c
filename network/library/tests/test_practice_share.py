from django.urls import reverse

from network.library.models import Practice
from network.library.tests.builders import make_practice


def test_the_coordinator_shares_and_unshares_a_published_practice(client, network_editor, coordinator, city_a):
    practice = make_practice(network_editor, city_a.social, state=Practice.State.PUBLISHED, reviewer=coordinator)
    client.force_login(coordinator)
    client.post(reverse("practice_share", args=[practice.pk]), {"shared": "yes"})
    assert Practice.objects.get(pk=practice.pk).shared_with_network
    client.post(reverse("practice_share", args=[practice.pk]), {"shared": "no"})
    assert not Practice.objects.get(pk=practice.pk).shared_with_network


def test_a_draft_is_not_shared(client, network_editor, city_a):
    practice = make_practice(network_editor, city_a.social)
    client.force_login(network_editor)
    assert client.post(reverse("practice_share", args=[practice.pk]), {"shared": "yes"}).status_code == 404


def test_a_case_worker_does_not_share(client, network_editor, coordinator, case_worker, city_a):
    practice = make_practice(network_editor, city_a.social, state=Practice.State.PUBLISHED, reviewer=coordinator)
    client.force_login(case_worker)
    assert client.post(reverse("practice_share", args=[practice.pk]), {"shared": "yes"}).status_code == 404
