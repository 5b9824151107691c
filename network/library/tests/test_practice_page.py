from django.urls import reverse

from network.library.models import Practice
from network.library.tests.builders import make_practice


def test_a_reader_of_the_city_opens_a_published_practice(client, network_editor, coordinator, cso_partner, city_a):
    practice = make_practice(network_editor, city_a.social, state=Practice.State.PUBLISHED, reviewer=coordinator)
    client.force_login(cso_partner)
    response = client.get(reverse("practice", args=[practice.pk]))
    assert response.status_code == 200
    assert b"School enrolment" in response.content
    assert response.context["may"] == dict.fromkeys(
        ["edit", "submit", "review", "share", "withdraw", "attach", "translate"], False
    )


def test_a_draft_is_404_for_a_reader_and_another_city(client, network_editor, case_worker, other_coordinator, city_a):
    practice = make_practice(network_editor, city_a.social)
    for user in (case_worker, other_coordinator):
        client.force_login(user)
        assert client.get(reverse("practice", args=[practice.pk])).status_code == 404


def test_the_page_without_indicators_has_no_before_after_panel(client, network_editor, city_a):
    practice = make_practice(network_editor, city_a.social)
    client.force_login(network_editor)
    response = client.get(reverse("practice", args=[practice.pk]))
    assert response.context["panel"] is None
    assert b'id="before-after"' not in response.content
