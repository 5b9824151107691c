"""Transfers in the API: read by the coordinators of both organisations only (issue 14)."""

import pytest

from coordination import actions
from coordination.models import Transfer
from coordination.tests.helpers import case_record, consent
from core.models import AuditEvent
from people.tests.builders import actor_of

NOTE = "Settling with her sister in Shymkent."


@pytest.fixture
def proposed(family, coordinator, case_worker, city_b) -> Transfer:
    """The whole household, proposed by city A's coordinator to city B's social services."""
    case_record(family.mother, by=case_worker)
    return actions.propose_transfer(
        actor=actor_of(coordinator),
        participants=[family.mother, family.daughter, family.son],
        household=family.household,
        to_organisation=city_b.social,
        handover_note=NOTE,
    )


def url(transfer) -> str:
    return f"/api/v1/transfers/{transfer.pk}"


def test_both_coordinators_list_the_transfer_from_their_side(api_as, proposed, family, coordinator, other_coordinator):
    [sent] = api_as(coordinator).get("/api/v1/transfers").json()["items"]
    [received] = api_as(other_coordinator).get("/api/v1/transfers").json()["items"]
    assert sent["side"] == "sender" and received["side"] == "recipient"
    assert {k: v for k, v in sent.items() if k != "side"} == {k: v for k, v in received.items() if k != "side"}
    assert received["id"] == proposed.pk and received["status"] == "pending"
    assert received["from_organisation"] == "Almaty Social Services"
    assert received["to_organisation"] == "Shymkent Social Services"
    assert received["participants"] == [family.mother.code, family.daughter.code, family.son.code]  # in birth order
    assert received["household"] == family.household.code
    assert received["decided_at"] is None and received["handover_until"] is None


@pytest.mark.parametrize(
    "persona", ["case_worker", "psychologist", "cso_partner", "police_partner", "me_officer", "other_case_worker"]
)
def test_no_one_else_lists_or_opens_a_transfer_and_it_looks_missing(request, api_as, proposed, persona):
    client = api_as(request.getfixturevalue(persona))
    assert client.get("/api/v1/transfers").json() == {"items": [], "next": None}
    hidden, missing = client.get(url(proposed)), client.get(f"/api/v1/transfers/{proposed.pk + 1000}")
    assert hidden.status_code == missing.status_code == 404 and hidden.content == missing.content


def test_the_receiving_coordinator_reads_the_handover_while_the_transfer_waits(api_as, proposed, other_coordinator):
    response = api_as(other_coordinator).get(url(proposed))
    body = response.json()
    assert response.status_code == 200 and body["side"] == "recipient" and body["handover_note"] == NOTE
    mother = body["handover"][0]
    assert [r["participant"] for r in body["handover"]] == body["participants"]
    assert mother["categories"] == ["summary", "needs_plan"]
    assert mother["summary"]["household_role"] == "mother"
    assert [g["what_matters"] for g in mother["goals"]] == ["Steady work near home"]  # mental health is guarded
    assert mother["screenings"] is None
    assert "Zhanar" not in response.content.decode() and "Example Street" not in response.content.decode()


def test_screenings_stay_out_of_the_handover_even_with_consent(
    api_as, proposed, family, coordinator, other_coordinator, case_worker, city_b
):
    """Coordinators read no health: consent to share it for the transfer does not change that."""
    consent(family.mother, city_b.social, ["health"], recorded_by=case_worker, purpose="transfer")
    for reader in (other_coordinator, coordinator):
        body = api_as(reader).get(url(proposed)).json()
        assert body["handover"][0]["screenings"] is None and "health" not in body["handover"][0]["categories"]
    assert not AuditEvent.objects.filter(action="health.viewed").exists()


def test_once_decided_the_handover_note_and_summary_are_no_longer_shown(
    api_as, proposed, coordinator, other_coordinator
):
    actions.accept_transfer(actor=actor_of(other_coordinator), transfer=proposed)
    for reader in (other_coordinator, coordinator):
        body = api_as(reader).get(url(proposed)).json()
        assert body["status"] == "accepted" and body["handover_note"] is None and body["handover"] is None
        assert body["decided_at"] is not None and body["handover_until"] is not None
    assert NOTE not in api_as(coordinator).get("/api/v1/transfers").content.decode()


def test_a_declined_transfer_says_why(api_as, proposed, other_coordinator):
    actions.decline_transfer(actor=actor_of(other_coordinator), transfer=proposed, reason="no_capacity")
    body = api_as(other_coordinator).get(url(proposed)).json()
    assert body["status"] == "declined" and body["decline_reason"] == "no_capacity" and body["handover"] is None


def test_once_declined_the_receiving_side_no_longer_sees_the_codes_but_the_owner_does(
    api_as, proposed, family, coordinator, other_coordinator
):
    actions.decline_transfer(actor=actor_of(other_coordinator), transfer=proposed, reason="no_capacity")
    received = api_as(other_coordinator).get(url(proposed)).json()
    assert (received["participants"], received["participant_count"]) == ([], 3)
    sent = api_as(coordinator).get(url(proposed)).json()
    assert sent["participants"] == [family.mother.code, family.daughter.code, family.son.code]
