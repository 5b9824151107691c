import pytest

from network.hub.demo import seed_hub
from network.hub.models import MemberCity, ReceivedReport

pytestmark = pytest.mark.django_db


def test_the_hub_demo_seeds_three_cities_with_two_signed_quarters_each_once(hub):
    seed_hub()
    seed_hub()
    assert MemberCity.objects.count() == 3
    assert ReceivedReport.objects.count() == 6
    hidden = ReceivedReport.objects.get(member__slug="demo-zhanaozen", sequence=1).payload["indicators"][0]["total"]
    assert hidden["suppressed"] and hidden["count"] is None


def test_a_city_instance_gets_no_hub_demo():
    seed_hub()
    assert MemberCity.objects.count() == 0
