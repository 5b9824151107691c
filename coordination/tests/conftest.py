"""Fixtures shared by the referral tests."""

import pytest

from coordination.models import Referral
from coordination.tests.helpers import case_record, consent, refer


@pytest.fixture
def referred(client, family, case_worker, city_a):
    """The mother, referred to city A's CSO with consent for livelihood only."""
    case_record(family.mother, by=case_worker)
    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker)
    client.force_login(case_worker)
    assert refer(client, family.mother, city_a.cso, ["livelihood"]).status_code == 302
    client.logout()
    return Referral.objects.get()
