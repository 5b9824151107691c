"""An M&E officer's request: for the organisations of their scope with participants in the period."""

import datetime

import pytest

from core.models import AuditEvent
from mel.extracts import actions
from mel.extracts.models import ExtractRequest
from mel.extracts.tests.helpers import PERIOD, households, request
from people.tests.builders import actor_of


def test_a_request_names_the_organisations_whose_participants_are_in_it_and_is_audited(city_a, me_officer):
    households(city_a.social, 2)
    extract = request(me_officer, purpose="A purpose nobody else reads")
    assert extract.status == ExtractRequest.Status.PENDING
    assert list(extract.owners.all()) == [city_a.social]
    assert extract.variables[0] == "sex" and extract.period == "2026Q1"
    event = AuditEvent.objects.get(action="extract.requested")
    assert (event.object_type, event.object_ref) == ("extract", str(extract.pk))
    assert "purpose" not in event.reason.lower() and "nobody" not in event.reason


def test_people_who_arrived_after_the_period_make_no_request(city_a, me_officer):
    households(city_a.social, 2, arrived_on=datetime.date(2026, 5, 1))
    with pytest.raises(actions.ExtractError):
        request(me_officer)
    assert not ExtractRequest.objects.exists()


def test_only_an_m_and_e_officer_may_request(city_a, coordinator):
    from mel.scope import scope_for

    households(city_a.social, 1)
    actor = actor_of(coordinator)
    with pytest.raises(actions.ExtractError):
        actions.request_extract(
            actor=actor, scope=scope_for(actor.membership), variables=["sex"], period=PERIOD, purpose="x"
        )
