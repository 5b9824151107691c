"""Referrals in the API: what a partner sees, and how it answers (issue 14)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from api.tests.conftest import send_referral
from casework.tests import builders as case
from coordination.models import Referral, ReferralEvent
from coordination.tests.helpers import case_record, consent
from core.models import AuditEvent
from notices.models import Notice
from people.actions import withdraw_consent
from people.tests.builders import actor_of

MOVES = ("referral.accepted", "referral.declined", "referral.done")


def url(referral, move: str = "") -> str:
    return f"/api/v1/referrals/{referral.pk}" + (f"/{move}" if move else "")


def post(client, referral, move: str, etag: str | None, body: dict | None = None):
    headers = {} if etag is None else {"If-Match": etag}
    return client.post(url(referral, move), body or {}, content_type="application/json", headers=headers)


@pytest.fixture
def referred(family, case_worker, city_a) -> Referral:
    """The mother's record (livelihood and mental health needs and goals, a PHQ-9), referred to
    city A's CSO with consent for livelihood only."""
    case_record(family.mother, by=case_worker)
    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker)
    return send_referral(family.mother, city_a.cso, ["livelihood"], by=case_worker)


@pytest.fixture
def partner(api_as, cso_partner):
    return api_as(cso_partner)


def etag_of(client, referral) -> str:
    return client.get(url(referral))["ETag"]


# --- What a partner sees -----------------------------------------------------------------------


def test_a_summary_only_consent_shares_the_summary_and_nothing_else(api_as, family, case_worker, cso_partner, city_a):
    case_record(family.mother, by=case_worker)
    case.phase(family.mother, "resettlement", by=case_worker)
    consent(family.mother, city_a.cso, ["summary"], recorded_by=case_worker)
    referral = send_referral(family.mother, city_a.cso, ["summary"], by=case_worker)
    response = api_as(cso_partner).get(url(referral))
    assert response.status_code == 200
    body = response.json()
    assert body["side"] == "recipient" and body["shared"] == ["summary"]
    record = body["record"]
    assert record["participant"] == family.mother.code and record["categories"] == ["summary"]
    assert record["summary"]["household_role"] == "mother" and record["summary"]["sex"] == "female"
    assert [p["phase"] for p in record["summary"]["phases"]] == ["resettlement"]
    assert sorted(m["household_role"] for m in record["summary"]["household"]) == ["child", "child", "mother"]
    assert record["needs"] == [] and record["goals"] == [] and record["milestones"] == []
    assert record["screenings"] is None
    text = response.content.decode()
    assert "Zhanar" not in text and "1990-03-14" not in text and "N12345678" not in text and "+7 701" not in text
    assert not AuditEvent.objects.filter(action="health.viewed").exists()


def test_a_consent_with_health_shares_the_screenings_and_audits_a_health_read(
    api_as, family, case_worker, cso_partner, city_a
):
    case_record(family.mother, by=case_worker)
    consent(family.mother, city_a.cso, ["livelihood", "health"], recorded_by=case_worker)
    referral = send_referral(family.mother, city_a.cso, ["livelihood", "health"], by=case_worker)
    record = api_as(cso_partner).get(url(referral)).json()["record"]
    assert record["categories"] == ["health", "livelihood"] and record["summary"] is None
    assert [(s["instrument"], s["total"]) for s in record["screenings"]] == [("phq9", 17.0)]
    assert sorted(g["what_matters"] for g in record["goals"]) == ["Sleep through the night", "Steady work near home"]
    assert sorted(n["domain"] for n in record["needs"]) == ["livelihood", "mental_health"]
    read = AuditEvent.objects.get(action="health.viewed")
    assert read.actor == cso_partner and read.object_ref == family.mother.code
    assert read.reason == f"referral={referral.pk}" and read.organisation == city_a.cso
    assert AuditEvent.objects.filter(action="referral.viewed", reason=f"referral={referral.pk}").count() == 1


def test_a_livelihood_referral_shares_livelihood_only(partner, referred, case_worker):
    case.milestone(referred.participant, "employed", by=case_worker, note="Bakery, mornings")
    case.milestone(referred.participant, "stable_housing", by=case_worker)
    response = partner.get(url(referred))
    record = response.json()["record"]
    assert [g["what_matters"] for g in record["goals"]] == ["Steady work near home"]
    assert [(n["domain"], n["rating"], n["strengths"]) for n in record["needs"]] == [("livelihood", 2, "Sews well")]
    assert [m["kind"] for m in record["milestones"]] == ["employed"]
    assert record["summary"] is None and record["screenings"] is None
    assert "Bakery" not in response.content.decode()  # a milestone's note stays with the case team
    assert not AuditEvent.objects.filter(action="health.viewed").exists()


def test_a_withdrawn_consent_ends_sharing_at_once(partner, referred, case_worker):
    withdraw_consent(actor=actor_of(case_worker), consent=referred.participant.consents.get())
    body = partner.get(url(referred)).json()
    assert body["shared"] == [] and body["categories"] == ["livelihood"]
    assert body["record"]["categories"] == [] and body["record"]["goals"] == [] and body["record"]["needs"] == []


def test_the_sender_sees_the_referral_without_the_shared_record(api_as, referred, case_worker):
    response = api_as(case_worker).get(url(referred))
    body = response.json()
    assert response.status_code == 200 and body["side"] == "sender"
    assert body["record"] is None and body["shared"] is None
    assert [e["status"] for e in body["events"]] == ["sent"]
    assert not AuditEvent.objects.filter(action="referral.viewed").exists()


@pytest.mark.parametrize(
    "persona", ["police_partner", "other_coordinator", "other_case_worker", "me_officer", "network_editor"]
)
def test_a_referral_to_another_organisation_is_not_found_exactly_like_a_missing_one(request, api_as, referred, persona):
    client = api_as(request.getfixturevalue(persona))
    hidden, missing = client.get(url(referred)), client.get(f"/api/v1/referrals/{referred.pk + 1000}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content and hidden.headers["Content-Type"] == missing.headers["Content-Type"]
    assert client.post(url(referred, "accept"), headers={"If-Match": "x"}).content == missing.content
    assert not AuditEvent.objects.filter(action__in=["referral.viewed", *MOVES]).exists()


# --- Lists -------------------------------------------------------------------------------------


def test_the_partner_lists_the_referrals_it_received(partner, referred, family):
    body = partner.get("/api/v1/referrals").json()
    assert body["next"] is None
    [item] = body["items"]
    assert item["id"] == referred.pk and item["participant"] == family.mother.code
    assert item["from_organisation"] == "Almaty Social Services" and item["to_organisation"] == "Almaty CSO"
    assert item["domain"] == "livelihood" and item["status"] == "sent" and item["shared"] is None
    assert item["respond_by"] == (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    assert partner.get("/api/v1/referrals", {"status": "accepted"}).json()["items"] == []
    assert partner.get("/api/v1/referrals", {"side": "sent"}).json()["items"] == []
    assert partner.get("/api/v1/referrals", {"status": "lost"}).status_code == 422


def test_the_case_worker_lists_the_referrals_sent_and_others_see_none(api_as, referred, case_worker, police_partner):
    [item] = api_as(case_worker).get("/api/v1/referrals", {"side": "sent"}).json()["items"]
    assert item["id"] == referred.pk and item["side"] == "sender" and item["shared"] is None
    assert api_as(case_worker).get("/api/v1/referrals").json()["items"] == []
    assert api_as(police_partner).get("/api/v1/referrals").json()["items"] == []


# --- Answers -----------------------------------------------------------------------------------


def test_accept_then_complete_move_the_referral_with_their_audit_rows_and_events(
    partner, referred, cso_partner, case_worker, city_a
):
    first = etag_of(partner, referred)
    accepted = post(partner, referred, "accept", first)
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert accepted["ETag"] != first and accepted.json()["record"]["categories"] == ["livelihood"]
    done = post(partner, referred, "complete", accepted["ETag"])
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert done.json()["record"] is None and done.json()["shared"] == []
    referred.refresh_from_db()
    assert referred.status == "done"
    events = ReferralEvent.objects.filter(referral=referred).order_by("pk")
    assert [(e.status, e.by, e.organisation) for e in events][1:] == [
        ("accepted", cso_partner, city_a.cso),
        ("done", cso_partner, city_a.cso),
    ]
    moves = AuditEvent.objects.filter(action__in=MOVES).order_by("pk")
    assert [(a.action, a.reason, a.actor, a.object_ref) for a in moves] == [
        ("referral.accepted", f"referral={referred.pk}", cso_partner, referred.participant.code),
        ("referral.done", f"referral={referred.pk}", cso_partner, referred.participant.code),
    ]
    assert Notice.objects.filter(recipient=case_worker, data__status="done").exists()


def test_the_api_writes_what_the_page_writes(client, partner, referred, family, case_worker, cso_partner, city_a):
    by_page = send_referral(family.mother, city_a.cso, ["livelihood"], by=case_worker)
    client.force_login(cso_partner)
    assert client.post(reverse("referral_answer", args=[by_page.pk]), {"decision": "accept"}).status_code == 302
    assert client.post(reverse("referral_done", args=[by_page.pk]), {"confirm": "yes"}).status_code == 302
    post(partner, referred, "complete", post(partner, referred, "accept", etag_of(partner, referred))["ETag"])

    def written(referral) -> list:
        rows = AuditEvent.objects.filter(action__in=MOVES, reason=f"referral={referral.pk}").order_by("pk")
        events = referral.events.order_by("pk")
        return [(a.action, a.actor_id, a.organisation_id) for a in rows] + [
            (e.status, e.by_id, e.organisation_id, e.reason) for e in events
        ]

    assert written(referred) == written(by_page) and len(written(referred)) == 5


def test_decline_records_the_reason_the_page_offers(partner, referred):
    response = post(partner, referred, "decline", etag_of(partner, referred), {"reason": "no_capacity"})
    assert response.status_code == 200
    assert response.json()["status"] == "declined" and response.json()["decline_reason"] == "no_capacity"
    assert AuditEvent.objects.get(action="referral.declined").reason == f"referral={referred.pk} reason=no_capacity"
    assert referred.events.last().reason == "no_capacity"


def test_a_decline_reason_the_page_does_not_offer_is_refused_with_nothing_written(partner, referred):
    response = post(partner, referred, "decline", etag_of(partner, referred), {"reason": "too_busy"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "reason"
    assert post(partner, referred, "decline", etag_of(partner, referred), {"why": "x"}).status_code == 422
    referred.refresh_from_db()
    assert referred.status == "sent" and referred.events.count() == 1
    assert not AuditEvent.objects.filter(action__in=MOVES).exists()


def test_a_stale_if_match_is_refused_and_the_referral_stays_sent(partner, referred):
    read = etag_of(partner, referred)
    Referral.objects.get(pk=referred.pk).save()  # someone changed it meanwhile
    response = post(partner, referred, "accept", read)
    assert response.status_code == 412
    assert response.headers["Content-Type"] == "application/problem+json"
    assert post(partner, referred, "accept", '"referral-0-v1"').status_code == 412  # another record's tag
    assert post(partner, referred, "accept", None).status_code == 422  # If-Match is required
    referred.refresh_from_db()
    assert referred.status == "sent" and referred.events.count() == 1
    assert not AuditEvent.objects.filter(action__in=MOVES).exists()


def test_accepting_twice_is_a_conflict(partner, referred):
    accepted = post(partner, referred, "accept", etag_of(partner, referred))
    again = post(partner, referred, "accept", accepted["ETag"])
    assert again.status_code == 409 and again.json()["detail"] == "This referral is accepted now."
    assert post(partner, referred, "decline", accepted["ETag"], {"reason": "other"}).status_code == 409
    assert post(partner, referred, "accept", etag_of(partner, referred)).status_code == 409
    assert AuditEvent.objects.filter(action="referral.accepted").count() == 1
    assert list(referred.events.values_list("status", flat=True)) == ["sent", "accepted"]


def test_a_referral_is_completed_only_once_accepted(partner, referred):
    response = post(partner, referred, "complete", etag_of(partner, referred))
    assert response.status_code == 409 and response.json()["detail"] == "This referral is waiting for an answer now."
    referred.refresh_from_db()
    assert referred.status == "sent"


def test_a_referral_past_its_end_date_cannot_be_answered(partner, referred):
    Referral.objects.filter(pk=referred.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    response = post(partner, referred, "accept", etag_of(partner, referred))
    assert response.status_code == 409 and response.json()["detail"] == "This referral is expired now."
    assert not AuditEvent.objects.filter(action__in=MOVES).exists()


def test_only_the_recipient_answers_a_referral(api_as, referred, coordinator, case_worker):
    for sender in (case_worker, coordinator):
        client = api_as(sender)
        assert post(client, referred, "accept", etag_of(client, referred)).status_code == 404
    referred.refresh_from_db()
    assert referred.status == "sent"


def test_a_read_only_token_may_read_but_not_accept(api_as, referred, cso_partner):
    reader = api_as(cso_partner, "read")
    response = post(reader, referred, "accept", etag_of(reader, referred))
    assert response.status_code == 403
    referred.refresh_from_db()
    assert referred.status == "sent" and referred.events.count() == 1
    assert not AuditEvent.objects.filter(action__in=MOVES).exists()
    assert not Notice.objects.filter(data__status="accepted").exists()


# --- Services given, and revoking --------------------------------------------------------------


def test_the_partner_records_a_service_under_an_accepted_referral_only(partner, referred):
    service = {"given_on": timezone.localdate().isoformat(), "description": "Two sessions of job counselling"}
    early = post(partner, referred, "services", None, service)
    assert early.status_code == 409 and early.json()["detail"] == "This referral is waiting for an answer now."
    post(partner, referred, "accept", etag_of(partner, referred))
    response = post(partner, referred, "services", None, service)
    assert response.status_code == 201
    assert response.json()["services_given"] == [service]
    reasons = AuditEvent.objects.filter(action="referral.service_recorded").values_list("reason", flat=True)
    assert list(reasons) == [f"referral={referred.pk}"]


def test_a_service_in_the_future_is_refused_by_the_pages_form(partner, referred):
    post(partner, referred, "accept", etag_of(partner, referred))
    response = post(partner, referred, "services", None, {"given_on": "2999-01-01", "description": "Advice"})
    assert response.status_code == 422 and [e["field"] for e in response.json()["errors"]] == ["given_on"]
    assert not referred.services_given.exists()


def test_the_referring_case_worker_revokes_and_the_partner_sees_nothing_more(api_as, partner, referred, case_worker):
    sender = api_as(case_worker)
    response = post(sender, referred, "revoke", etag_of(sender, referred))
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    assert partner.get(url(referred)).json()["record"] is None
    assert post(sender, referred, "revoke", response["ETag"]).status_code == 409


def test_revoking_is_for_the_sending_case_only_and_names_the_version_read(api_as, partner, referred, case_worker):
    etag = etag_of(api_as(case_worker), referred)
    assert post(partner, referred, "revoke", etag).status_code == 404
    post(partner, referred, "accept", etag_of(partner, referred))  # changed since the case worker read it
    assert post(api_as(case_worker), referred, "revoke", etag).status_code == 412
    referred.refresh_from_db()
    assert referred.status == "accepted"
