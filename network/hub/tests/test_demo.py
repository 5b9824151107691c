import pytest

from network.hub.demo import seed_hub
from network.hub.models import MemberCity, ReceivedReport
from network.library.models import Practice

pytestmark = pytest.mark.django_db


def test_the_hub_demo_seeds_three_cities_with_two_signed_quarters_each_once(hub):
    seed_hub()
    seed_hub()
    assert MemberCity.objects.count() == 3
    assert ReceivedReport.objects.count() == 6
    # The shared demo practices, as each city's report brought them.
    by_city = Practice.objects.filter(received_from__isnull=False).values_list("received_from__slug", flat=True)
    assert sorted(set(by_city)) == ["demo-aktau", "demo-almaty", "demo-shymkent"]
    assert len(by_city) == 6 and all(p.is_demo for p in Practice.objects.all())
    hidden = ReceivedReport.objects.get(member__slug="demo-almaty", sequence=1).payload["indicators"][0]["total"]
    assert hidden["suppressed"] and hidden["count"] is None


def test_a_city_instance_gets_no_hub_demo():
    seed_hub()
    assert MemberCity.objects.count() == 0
