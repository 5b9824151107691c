import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from access import policy
from casework.models import TeamMember
from coordination.models import Transfer
from coordination.tests.helpers import case_record, consent
from core.models import AuditEvent
from notices.models import Notice


def _propose(client, participant, organisation, *, household=False):
    data = {"to_organisation": organisation.pk, "handover_note": "Settling with her sister in Shymkent."}
    if household:
        data["whole_household"] = "on"
    return client.post(reverse("transfer_new", args=[participant.code]), data)


@pytest.fixture
def proposed(client, family, coordinator, case_worker, other_coordinator, city_b):
    case_record(family.mother, by=case_worker)
    client.force_login(coordinator)
    assert _propose(client, family.mother, city_b.social, household=True).status_code == 302
    client.logout()
    return Transfer.objects.get()


def test_a_proposal_changes_no_ownership(proposed, family, city_a, other_coordinator):
    assert set(proposed.participants.all()) == {family.mother, family.daughter, family.son}
    family.mother.refresh_from_db()
    assert family.mother.owner == city_a.social
    assert Notice.objects.filter(recipient=other_coordinator, kind="transfer", data__status="pending").exists()
    assert AuditEvent.objects.filter(action="transfer.proposed").count() == 3


def test_receiving_coordinator_sees_the_handover_summary(client, proposed, other_coordinator):
    client.force_login(other_coordinator)
    page = client.get(reverse("transfer", args=[proposed.pk])).content.decode()
    assert "Settling with her sister" in page
    assert "Steady work near home" in page and "Sews well" in page
    assert "PHQ-9" not in page and "PHQ9" not in page  # no consent to share health for the transfer
    assert client.get(reverse("participant", args=[proposed.participants.first().code])).status_code == 404


def test_screenings_stay_out_of_the_handover_even_with_consent(
    client, proposed, family, coordinator, other_coordinator, case_worker, city_b
):
    """Consent to share health for the transfer is not enough: coordinators read no health
    (issue 19), so the receiving team sees screenings only once the case is theirs."""
    consent(family.mother, city_b.social, ["health"], recorded_by=case_worker, purpose="transfer")
    for reader in (other_coordinator, coordinator):
        client.force_login(reader)
        page = client.get(reverse("transfer", args=[proposed.pk])).content.decode()
        assert "PHQ-9" not in page and "PHQ9" not in page and "Settling with her sister" in page
    assert not AuditEvent.objects.filter(action="health.viewed", reason=f"transfer={proposed.pk}").exists()
    assert policy.handover_categories(proposed, family.mother, case_worker.memberships.get()) >= {"health"}


def test_acceptance_moves_ownership_and_ends_the_old_team(client, proposed, family, other_coordinator, city_b):
    client.force_login(other_coordinator)
    response = client.post(reverse("transfer_decide", args=[proposed.pk]), {"decision": "accept"})
    assert response.status_code == 302
    for participant in (family.mother, family.daughter, family.son):
        participant.refresh_from_db()
        assert participant.owner == city_b.social
    family.household.refresh_from_db()
    assert family.household.owner == city_b.social
    assert not TeamMember.objects.current().filter(participant=family.mother).exists()
    # Each ended place keeps its history and its audit row, as when a coordinator removes it.
    ended = TeamMember.objects.filter(participant__in=[family.mother, family.daughter, family.son])
    assert AuditEvent.objects.filter(action="team.removed").count() == ended.count() > 0
    assert all(place.history.filter(ended_at__isnull=False).exists() for place in ended)
    assert client.get(reverse("participant", args=[family.mother.code])).status_code == 200
    proposed.refresh_from_db()
    assert proposed.status == "accepted" and proposed.decided_by == other_coordinator


def test_the_sender_reads_but_cannot_write_during_the_handover(
    client, proposed, family, other_coordinator, case_worker
):
    client.force_login(other_coordinator)
    client.post(reverse("transfer_decide", args=[proposed.pk]), {"decision": "accept"})
    client.force_login(case_worker)
    assert client.get(reverse("participant", args=[family.mother.code])).status_code == 200
    assert family.mother.code in client.get(reverse("participant_list")).content.decode()
    assert client.get(reverse("note_new", args=[family.mother.code])).status_code == 404
    assert client.get(reverse("referral_new", args=[family.mother.code])).status_code == 404


def test_the_senders_read_access_ends_after_the_handover_period(
    client, proposed, family, other_coordinator, coordinator
):
    client.force_login(other_coordinator)
    client.post(reverse("transfer_decide", args=[proposed.pk]), {"decision": "accept"})
    Transfer.objects.filter(pk=proposed.pk).update(handover_until=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(coordinator)
    assert client.get(reverse("participant", args=[family.mother.code])).status_code == 404
    assert family.mother.code not in client.get(reverse("participant_list")).content.decode()


def test_declining_changes_nothing(client, proposed, family, other_coordinator, city_a, case_worker):
    client.force_login(other_coordinator)
    response = client.post(reverse("transfer_decide", args=[proposed.pk]), {"decision": "decline"})
    assert response.status_code == 400 and "Say why you decline" in response.content.decode()
    client.post(reverse("transfer_decide", args=[proposed.pk]), {"decision": "decline", "reason": "not_our_area"})
    proposed.refresh_from_db()
    assert proposed.status == "declined" and proposed.decline_reason == "not_our_area"
    family.mother.refresh_from_db()
    assert family.mother.owner == city_a.social
    assert TeamMember.objects.current().filter(participant=family.mother, membership__user=case_worker).exists()
    assert client.get(reverse("participant", args=[family.mother.code])).status_code == 404


def test_only_the_receiving_coordinator_decides(client, proposed, coordinator, case_worker, other_case_worker):
    for user in (coordinator, case_worker, other_case_worker):
        client.force_login(user)
        response = client.post(reverse("transfer_decide", args=[proposed.pk]), {"decision": "accept"})
        assert response.status_code == 404
    proposed.refresh_from_db()
    assert proposed.status == "pending"


def test_a_decided_transfer_cannot_be_decided_again(client, proposed, other_coordinator):
    client.force_login(other_coordinator)
    client.post(reverse("transfer_decide", args=[proposed.pk]), {"decision": "decline", "reason": "no_capacity"})
    response = client.post(reverse("transfer_decide", args=[proposed.pk]), {"decision": "accept"})
    assert response.status_code == 403


def test_the_sender_may_cancel_a_waiting_transfer(client, proposed, coordinator):
    client.force_login(coordinator)
    assert client.post(reverse("transfer_cancel", args=[proposed.pk])).status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == "cancelled"


def test_one_transfer_at_a_time(client, proposed, family, coordinator, city_b):
    client.force_login(coordinator)
    page = client.get(reverse("transfer_new", args=[family.son.code])).content.decode()
    assert "already waiting" in page
    _propose(client, family.son, city_b.social)
    assert Transfer.objects.count() == 1


def test_only_the_owning_coordinator_transfers(client, family, case_worker, other_coordinator):
    for user in (case_worker, other_coordinator):
        client.force_login(user)
        assert client.get(reverse("transfer_new", args=[family.mother.code])).status_code == 404


def test_the_home_page_and_the_inbox_give_the_proposals_day_in_the_citys_time_zone(client, proposed, other_coordinator):
    # 22:30 UTC on 29 November is 03:30 on 30 November in Almaty (UTC+5), where the city works.
    late = datetime.datetime(2026, 11, 29, 22, 30, tzinfo=datetime.UTC)
    Transfer.objects.filter(pk=proposed.pk).update(created_at=late)
    client.force_login(other_coordinator)
    for page in (client.get(reverse("home")), client.get(reverse("inbox"))):
        text = page.content.decode()
        assert "proposed on 30 Nov 2026" in text and "29 Nov 2026" not in text
