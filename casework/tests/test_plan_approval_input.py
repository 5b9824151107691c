"""Approving a plan names the plan version it was read at; a version that is not a number is a 400."""

import pytest
from django.urls import reverse

from casework.models import Plan


@pytest.mark.parametrize("version", ["abc", "²", "", "[]"])
def test_approving_a_plan_with_a_version_that_is_not_a_number_is_a_bad_request(client, coordinator, family, version):
    client.force_login(coordinator)
    response = client.post(reverse("plan_approve", args=[family.mother.code]), {"plan_version": version})
    assert response.status_code == 400
    assert not Plan.objects.filter(participant=family.mother, approved_at__isnull=False).exists()


def test_approving_a_plan_is_still_refused_to_someone_outside_the_case_before_the_version_is_read(
    client, other_coordinator, family
):
    client.force_login(other_coordinator)
    response = client.post(reverse("plan_approve", args=[family.mother.code]), {"plan_version": "abc"})
    assert response.status_code == 404
