"""``visible_among`` (a few known participants, checked row by row) and ``participants_visible_to``
(the union of the user's places, for lists) answer the same as ``access_to``, person by person."""

import datetime

import pytest
from django.utils import timezone

from access import policy
from access.models import EmergencyAccess
from conftest import register_family
from core.categories import Category
from people.models import Participant

CATEGORIES = [Category.SUMMARY, Category.NEEDS_PLAN, Category.HEALTH, Category.IDENTITY]


@pytest.fixture
def two_cities(family, city_b, personas):
    other = register_family(
        city_b.social,
        lead=personas["other_case_worker"].memberships.get(),
        assigned_by=personas["other_coordinator"],
        prefix="B ",
    )
    # The case worker broke the glass for city B's mother (as if the two cities were one place).
    EmergencyAccess.objects.create(
        user=personas["case_worker"],
        membership=personas["case_worker"].memberships.get(),
        granted_at=timezone.now(),
        participant=other.mother,
        reason="Test",
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    return family, other


@pytest.mark.parametrize("category", CATEGORIES)
def test_both_ways_of_asking_agree_with_access_to_for_every_persona(two_cities, personas, category):
    everyone = Participant.objects.all()
    for name, user in personas.items():
        membership = user.memberships.first()
        expected = {p.code for p in everyone if policy.access_to(membership, p).can_read(category)}
        listed = set(policy.participants_visible_to(membership, category).values_list("code", flat=True))
        among = set(policy.visible_among(membership, everyone, category).values_list("code", flat=True))
        assert listed == expected, name
        assert among == expected, name


def test_a_household_is_narrowed_to_the_members_the_user_may_open(two_cities, personas):
    _, other = two_cities
    members = Participant.objects.filter(household=other.household)
    case_worker = personas["case_worker"].memberships.get()
    assert set(policy.visible_among(case_worker, members)) == {other.mother}
    assert set(policy.visible_among(personas["other_coordinator"].memberships.get(), members)) == {
        other.mother,
        other.daughter,
        other.son,
    }
