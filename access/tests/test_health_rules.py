"""Who reads health and history (issue 19, finding 7): the lead and the clinical disciplines on the
team, never a police organisation, whatever a consent says."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from access import policy
from casework.actions import assign_team_member
from conftest import make_user
from core.actor import Actor
from core.categories import Category
from directory.models import Role
from people.actions import ConsentRefused, record_consent
from people.models import Consent


def _consent(city_a, family, coordinator, **data):
    """What a consent recorded before this rule could hold: written as it was, to show it no longer counts."""
    # By hand on purpose: record_consent now refuses health for the police, so no action can make this.
    return Consent.objects.create(
        participant=family.mother,
        purpose=Consent.Purpose.REFERRAL,
        given_by=Consent.GivenBy.PARTICIPANT,
        given_on=timezone.localdate() - datetime.timedelta(days=1),
        recorded_by=coordinator,
        **data,
    )


def test_a_case_worker_who_is_not_the_lead_does_not_read_health_or_history(family, city_a, coordinator):
    second = make_user("a.second", organisation=city_a.social, role=Role.CASE_WORKER, totp=True)
    actor = Actor.of(coordinator, coordinator.memberships.get())
    assign_team_member(actor=actor, participant=family.mother, membership=second.memberships.get(), is_lead=False)
    access = policy.access_to(second.memberships.get(), family.mother)
    assert access.can_read(Category.NEEDS_PLAN)
    assert not access.can_read(Category.HEALTH)
    assert not access.can_read(Category.HISTORY)
    assert not access.can_write(Category.HEALTH)


@pytest.mark.parametrize("persona", ["case_worker", "psychologist"])
def test_the_lead_and_the_psychologist_read_health(request, family, persona):
    user = request.getfixturevalue(persona)
    assert policy.access_to(user.memberships.get(), family.mother).can_read(Category.HEALTH)


def test_the_consent_form_refuses_health_for_the_police(client, family, case_worker, city_a):
    client.force_login(case_worker)
    response = client.post(
        reverse("consent_new", args=[family.mother.code]),
        {
            "categories": ["summary", "health", "history"],
            "recipient_organisation": city_a.police.pk,
            "purpose": "referral",
            "given_by": "participant",
            "given_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "are never shared with the police, whatever the consent" in response.content.decode()
    assert not Consent.objects.exists()


def test_the_consent_action_refuses_health_for_police_of_any_kind(family, case_worker):
    actor = Actor.of(case_worker, case_worker.memberships.get())
    data = {"categories": ["history"], "recipient_kind": "police", "purpose": "referral"}
    with pytest.raises(ConsentRefused):
        record_consent(actor=actor, participant=family.mother, data=data)
    assert not Consent.objects.exists()


def test_an_older_consent_naming_the_police_no_longer_shares_health(family, city_a, coordinator):
    _consent(city_a, family, coordinator, categories=["summary", "health"], recipient_organisation=city_a.police)
    assert policy.consented_for_referral(family.mother, city_a.police) == {Category.SUMMARY}
