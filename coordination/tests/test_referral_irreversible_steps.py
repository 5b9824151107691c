"""Ending a referral (done by the partner, revoked by the sender) cannot be undone: it asks once,
saying what will happen, and a post without the confirmation changes nothing."""

import pytest
from django.urls import reverse

from coordination.models import Referral


@pytest.fixture
def accepted(client, referred, cso_partner):
    client.force_login(cso_partner)
    client.post(reverse("referral_answer", args=[referred.pk]), {"decision": "accept"})
    return referred


def test_the_partner_is_told_what_marking_the_referral_done_will_do(client, accepted):
    page = client.get(reverse("referral", args=[accepted.pk])).content.decode()
    assert "<summary" in page and "Mark the referral done" in page
    assert "access to the participant's data ends at once" in page
    assert 'name="confirm" value="yes"' in page


def test_marking_done_without_the_confirmation_changes_nothing_and_says_why(client, accepted):
    response = client.post(reverse("referral_done", args=[accepted.pk]), follow=True)
    accepted.refresh_from_db()
    assert accepted.status == Referral.Status.ACCEPTED
    assert "must be confirmed" in response.content.decode()


def test_marking_done_with_the_confirmation_ends_the_partners_access(client, accepted):
    client.post(reverse("referral_done", args=[accepted.pk]), {"confirm": "yes"})
    accepted.refresh_from_db()
    assert accepted.status == Referral.Status.DONE


def test_revoking_without_the_confirmation_changes_nothing(client, referred, case_worker):
    client.force_login(case_worker)
    page = client.get(reverse("referral", args=[referred.pk])).content.decode()
    assert "Revoke the referral" in page and "Yes, revoke it" in page
    client.post(reverse("referral_revoke", args=[referred.pk]))
    referred.refresh_from_db()
    assert referred.status == Referral.Status.SENT
    client.post(reverse("referral_revoke", args=[referred.pk]), {"confirm": "yes"})
    referred.refresh_from_db()
    assert referred.status == Referral.Status.REVOKED
