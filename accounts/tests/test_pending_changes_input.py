"""A post on the changes page must name a change by its number: anything else is a 400."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("change", ["", "abc", "²", "٣", "9" * 40])
def test_deciding_a_change_named_by_something_other_than_its_number_is_a_bad_request(client, coordinator, change):
    client.force_login(coordinator)
    response = client.post(reverse("pending_changes"), {"change": change, "decision": "confirm"})
    assert response.status_code == 400


def test_the_changes_page_is_still_hidden_from_a_case_worker_whatever_is_posted(client, case_worker):
    client.force_login(case_worker)
    assert client.post(reverse("pending_changes"), {"change": "abc"}).status_code == 404
