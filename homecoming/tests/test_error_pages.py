"""Error pages are cheap: no inbox count, and the same work whatever was asked for."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def test_a_not_found_page_does_not_count_the_inbox(client, coordinator, family):
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("participant", args=["ZZZZ-ZZZZ"]))
    assert response.status_code == 404
    assert not any("notice" in query["sql"].lower() for query in queries.captured_queries)


def test_a_page_that_shows_the_navigation_still_counts_the_inbox(client, coordinator, family):
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert any("notice" in query["sql"].lower() for query in queries.captured_queries)
