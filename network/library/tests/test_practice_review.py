from django.urls import reverse

from network.library.models import Practice
from network.library.tests.builders import make_practice


def test_the_coordinator_publishes_a_submitted_practice(client, network_editor, coordinator, city_a):
    practice = make_practice(network_editor, city_a.social, state=Practice.State.IN_REVIEW)
    client.force_login(coordinator)
    response = client.post(reverse("practice_review", args=[practice.pk]), {"review-decision": "approve"})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert (practice.state, practice.reviewed_by) == (Practice.State.PUBLISHED, coordinator)


def test_sending_back_needs_a_reason(client, network_editor, coordinator, city_a):
    practice = make_practice(network_editor, city_a.social, state=Practice.State.IN_REVIEW)
    client.force_login(coordinator)
    client.post(reverse("practice_review", args=[practice.pk]), {"review-decision": "return"})
    assert Practice.objects.get(pk=practice.pk).state == Practice.State.IN_REVIEW
    client.post(
        reverse("practice_review", args=[practice.pk]), {"review-decision": "return", "review-reason": "Costs?"}
    )
    practice.refresh_from_db()
    assert (practice.state, practice.return_reason) == (Practice.State.DRAFT, "Costs?")


def test_the_author_cannot_review_their_own_practice(client, network_editor, city_a):
    practice = make_practice(network_editor, city_a.social, state=Practice.State.IN_REVIEW)
    client.force_login(network_editor)
    response = client.post(reverse("practice_review", args=[practice.pk]), {"review-decision": "approve"})
    assert response.status_code == 404
    assert Practice.objects.get(pk=practice.pk).state == Practice.State.IN_REVIEW
