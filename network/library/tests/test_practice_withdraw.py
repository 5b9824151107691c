from django.urls import reverse

from network.library.models import Practice
from network.library.tests.builders import make_practice


def test_the_coordinator_withdraws_a_published_practice_with_a_reason(client, network_editor, coordinator, city_a):
    practice = make_practice(
        network_editor, city_a.social, state=Practice.State.PUBLISHED, reviewer=coordinator, shared=True
    )
    client.force_login(coordinator)
    client.post(reverse("practice_withdraw", args=[practice.pk]), {"withdraw-reason": "Replaced."})
    practice.refresh_from_db()
    assert (practice.state, practice.shared_with_network) == (Practice.State.WITHDRAWN, False)


def test_without_a_reason_nothing_changes(client, network_editor, coordinator, city_a):
    practice = make_practice(network_editor, city_a.social, state=Practice.State.PUBLISHED, reviewer=coordinator)
    client.force_login(coordinator)
    client.post(reverse("practice_withdraw", args=[practice.pk]), {})
    assert Practice.objects.get(pk=practice.pk).state == Practice.State.PUBLISHED


def test_a_reader_cannot_withdraw(client, network_editor, coordinator, me_officer, city_a):
    practice = make_practice(network_editor, city_a.social, state=Practice.State.PUBLISHED, reviewer=coordinator)
    client.force_login(me_officer)
    assert client.post(reverse("practice_withdraw", args=[practice.pk]), {"withdraw-reason": "x"}).status_code == 404
