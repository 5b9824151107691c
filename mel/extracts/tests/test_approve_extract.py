"""A coordinator decides: approval builds the extract once; nobody decides their own request."""

import pytest

from core.models import AuditEvent
from directory.models import Membership, Role
from mel.extracts import actions
from mel.extracts.models import ExtractRequest
from mel.extracts.tests.helpers import households, request
from people.tests.builders import actor_of


def test_approval_builds_the_de_identified_rows_once_and_is_audited_without_content(city_a, me_officer, coordinator):
    households(city_a.social, 5)
    extract = actions.approve_extract(actor=actor_of(coordinator), extract=request(me_officer))
    assert extract.status == ExtractRequest.Status.APPROVED and extract.decided_by == coordinator
    cover = extract.built["cover"]
    assert (cover["people"], cover["withheld"], cover["k"]) == (10, 0, 5)
    assert [t["name"] for t in extract.built["tables"]][:2] == ["participants", "needs_ratings"]
    event = AuditEvent.objects.get(action="extract.approved")
    assert event.object_ref == str(extract.pk) and event.reason == "people=10 generalised=0 withheld=0"


def test_the_requester_cannot_approve_their_own_request_even_as_a_coordinator(city_a, me_officer):
    households(city_a.social, 5)
    extract = request(me_officer)
    second = Membership.objects.create(user=me_officer, organisation=city_a.social, role=Role.COORDINATOR)
    from core.actor import Actor

    as_coordinator = Actor.of(me_officer, second)
    with pytest.raises(actions.ExtractError, match="own request"):
        actions.approve_extract(actor=as_coordinator, extract=extract)
    with pytest.raises(actions.ExtractError, match="own request"):
        actions.refuse_extract(actor=as_coordinator, extract=extract, reason="no")
    extract.refresh_from_db()
    assert extract.status == ExtractRequest.Status.PENDING and extract.built is None
    assert not AuditEvent.objects.filter(action__in=["extract.approved", "extract.refused"]).exists()


def test_a_coordinator_of_another_city_cannot_decide(city_a, me_officer, other_coordinator):
    households(city_a.social, 5)
    extract = request(me_officer)
    with pytest.raises(actions.ExtractError):
        actions.approve_extract(actor=actor_of(other_coordinator), extract=extract)


def test_a_refusal_keeps_its_reason_out_of_the_audit_and_builds_nothing(city_a, me_officer, coordinator):
    households(city_a.social, 5)
    extract = actions.refuse_extract(actor=actor_of(coordinator), extract=request(me_officer), reason="Too broad")
    assert extract.status == ExtractRequest.Status.REFUSED and extract.built is None
    assert AuditEvent.objects.get(action="extract.refused").reason == ""
    with pytest.raises(actions.ExtractError, match="already"):
        actions.approve_extract(actor=actor_of(coordinator), extract=extract)
