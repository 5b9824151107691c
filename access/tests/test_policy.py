import re

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access import policy
from casework.actions import end_team_place
from casework.models import TeamMember
from casework.tests import builders as case
from conftest import make_user
from core.categories import Category
from directory.models import Discipline, Role
from people.tests.builders import actor_of


def _page(client, user, participant):
    client.force_login(user)
    return client.get(reverse("participant", args=[participant.code]))


@pytest.mark.parametrize(
    "persona",
    ["cso_partner", "police_partner", "me_officer", "network_editor", "administrator", "outsider", "other_coordinator"],
)
def test_people_outside_the_case_get_not_found(client, request, family, persona):
    assert _page(client, request.getfixturevalue(persona), family.mother).status_code == 404


def _comparable(response, code: str) -> str:
    # Nonces and CSRF tokens differ on every page; the path appears in the language form.
    html = re.sub(r'(nonce|value)="[^"]*"|"X-CSRFToken": "[^"]*"', "", response.content.decode())
    return html.replace(code, "CODE")


def test_not_allowed_and_does_not_exist_look_the_same(client, family, cso_partner):
    forbidden = _page(client, cso_partner, family.mother)
    missing = client.get(reverse("participant", args=["ZZZZ-ZZZZ"]))
    assert forbidden.status_code == missing.status_code == 404
    assert _comparable(forbidden, family.mother.code) == _comparable(missing, "ZZZZ-ZZZZ")


def test_not_allowed_and_does_not_exist_take_the_same_queries(family, other_coordinator):
    """No timing oracle: opening a forbidden record does the same database work as a missing one."""
    membership = other_coordinator.memberships.get()
    counts = []
    for code in (family.mother.code, "ZZZZ-ZZZZ"):
        with CaptureQueriesContext(connection) as queries, pytest.raises(Http404):
            policy.open_participant(membership, code)
        counts.append(len(queries))
    assert counts[0] == counts[1] > 1


@pytest.mark.parametrize("persona", ["coordinator", "case_worker", "psychologist"])
def test_the_owner_and_the_team_open_the_participant(client, request, family, persona):
    assert _page(client, request.getfixturevalue(persona), family.mother).status_code == 200


def test_a_case_worker_not_on_the_team_gets_not_found(client, family, city_a):
    colleague = make_user("a.colleague", organisation=city_a.social, role=Role.CASE_WORKER, totp=True)
    assert _page(client, colleague, family.mother).status_code == 404


def test_a_specialist_sees_only_the_categories_of_their_discipline(family, psychologist, city_a, coordinator):
    psych = policy.access_to(psychologist.memberships.get(), family.mother)
    assert psych.read == {
        Category.SUMMARY,
        Category.NEEDS_PLAN,
        Category.HEALTH,
        Category.HISTORY,
        Category.EXPERIENCES,
    }
    teacher = make_user("a.teacher", organisation=city_a.social, role=Role.SPECIALIST, discipline=Discipline.TEACHER)
    case.team_place(family.son, teacher.memberships.get(), by=coordinator)
    access = policy.access_to(teacher.memberships.get(), family.son)
    assert access.can_read(Category.EDUCATION)
    assert not access.can_read(Category.HEALTH)
    assert not access.can_read(Category.IDENTITY)


def test_the_psychologist_is_not_shown_the_identity_section(client, family, psychologist):
    page = _page(client, psychologist, family.mother).content.decode()
    assert "Only the lead case worker and the coordinator can see the identity." in page
    assert reverse("reveal_identity", args=[family.mother.code]) not in page


def test_identity_is_for_the_lead_and_the_owning_coordinator_only(family, coordinator, case_worker, psychologist):
    assert policy.access_to(coordinator.memberships.get(), family.mother).can_read(Category.IDENTITY)
    assert policy.access_to(case_worker.memberships.get(), family.mother).can_read(Category.IDENTITY)
    assert not policy.access_to(psychologist.memberships.get(), family.mother).can_read(Category.IDENTITY)


def test_participants_visible_to_follows_ownership_and_team(family, coordinator, case_worker, other_coordinator):
    codes = {family.mother.code, family.daughter.code, family.son.code}
    assert set(policy.participants_visible_to(coordinator.memberships.get()).values_list("code", flat=True)) == codes
    assert set(policy.participants_visible_to(case_worker.memberships.get()).values_list("code", flat=True)) == codes
    assert not policy.participants_visible_to(other_coordinator.memberships.get()).exists()


def test_a_removed_team_member_loses_access_at_once(client, family, psychologist, coordinator):
    for place in TeamMember.objects.current().filter(membership__user=psychologist):
        end_team_place(actor=actor_of(coordinator), place=place)
    assert _page(client, psychologist, family.mother).status_code == 404


def test_the_participant_list_shows_codes_never_names(client, family, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("participant_list")).content.decode()
    assert family.mother.code in page
    assert "Example-Mother" not in page
