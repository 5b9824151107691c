"""Error pages are cheap: no inbox count, and the same work whatever was asked for. No page counts
the inbox itself: the browser asks for the count once the page has loaded (issue 15)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def _counts_notices(queries) -> bool:
    return any("notice" in query["sql"].lower() for query in queries.captured_queries)


def test_a_not_found_page_does_not_count_the_inbox(client, coordinator, family):
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("participant", args=["ZZZZ-ZZZZ"]))
    assert response.status_code == 404
    assert not _counts_notices(queries)


def test_a_page_with_the_navigation_leaves_the_count_to_the_browser(client, coordinator, family):
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("participant_list"))
    assert page.status_code == 200 and f'data-inbox-count="{reverse("inbox_count")}"' in page.content.decode()
    assert not _counts_notices(queries)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("inbox_count")).status_code == 200
    assert _counts_notices(queries)
