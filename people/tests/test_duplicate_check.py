"""The duplicate check at registration is not a national lookup (issue 19, finding 5)."""

import pytest
from django.core.cache import cache

from conftest import make_user, register_family
from core.actor import Actor
from core.models import AuditEvent
from directory.models import Role
from people.actions import TooManyChecks, find_duplicates

MOTHER = {"full_name": "Zhanar Example-Mother", "date_of_birth": None}


@pytest.fixture(autouse=True)
def _fresh_counts(db):
    cache.clear()
    yield
    cache.clear()


def _mother(family) -> dict:
    return {**MOTHER, "date_of_birth": family.mother.identity.date_of_birth}


def test_a_registration_in_another_city_is_not_looked_up(family, other_coordinator):
    actor = Actor.of(other_coordinator, other_coordinator.memberships.get())
    assert find_duplicates(actor=actor, members=[_mother(family)]) == []
    assert not AuditEvent.objects.filter(action="participant.duplicate_found_elsewhere").exists()


def test_a_wider_scope_set_by_the_programme_finds_it_without_its_code_and_audits_the_answer(
    family, other_coordinator, settings
):
    settings.HOMECOMING_DUPLICATE_SCOPE = "country"
    actor = Actor.of(other_coordinator, other_coordinator.memberships.get())
    found = find_duplicates(actor=actor, members=[_mother(family)])
    assert found == [{"member": 1, "kind": "name_dob", "codes": [], "elsewhere": True}]
    event = AuditEvent.objects.get(action="participant.duplicate_found_elsewhere")
    assert event.actor == other_coordinator
    assert event.object_ref == family.mother.code
    assert event.reason == "member=1 kind=name_dob matches=1"


def test_a_match_the_user_may_open_shows_its_code_and_is_not_audited(family, coordinator):
    actor = Actor.of(coordinator, coordinator.memberships.get())
    found = find_duplicates(actor=actor, members=[_mother(family)])
    assert found[0]["codes"] == [family.mother.code]
    assert not AuditEvent.objects.filter(action="participant.duplicate_found_elsewhere").exists()


def test_a_colleague_outside_the_team_learns_only_that_a_match_exists(family, city_a):
    colleague = make_user("a.colleague", organisation=city_a.social, role=Role.CASE_WORKER, totp=True)
    actor = Actor.of(colleague, colleague.memberships.get())
    assert find_duplicates(actor=actor, members=[_mother(family)])[0]["elsewhere"] is True
    assert AuditEvent.objects.filter(action="participant.duplicate_found_elsewhere", actor=colleague).count() == 1


def test_the_check_is_rate_limited_per_user(family, coordinator, settings):
    settings.HOMECOMING_DUPLICATE_CHECKS_PER_HOUR = 3
    actor = Actor.of(coordinator, coordinator.memberships.get())
    for _ in range(3):
        find_duplicates(actor=actor, members=[{"full_name": "Nobody Known", "date_of_birth": None}])
    with pytest.raises(TooManyChecks):
        find_duplicates(actor=actor, members=[_mother(family)])


def test_registering_for_another_city_does_not_make_a_match(city_b, coordinator):
    register_family(city_b.social)
    actor = Actor.of(coordinator, coordinator.memberships.get())
    assert (
        find_duplicates(actor=actor, members=[{**MOTHER, "date_of_birth": None, "document_number": "N12345678"}]) == []
    )
