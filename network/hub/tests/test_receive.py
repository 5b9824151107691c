import base64
import datetime
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from core.actor import Actor
from core.models import AuditEvent
from network.exchange import dsse
from network.hub import actions
from network.hub.models import MemberKey, ReceivedReport
from network.hub.tests.helpers import enrolled, envelope_bytes, figure, hidden, payload, public_text, share

pytestmark = pytest.mark.django_db


def receive(member, body):
    return actions.receive(actor=Actor.for_system(), member=member, body=body)


def refusals():
    return list(AuditEvent.objects.filter(action="hub.report_refused").values_list("reason", flat=True))


def test_a_signed_report_of_an_enrolled_city_is_stored_with_its_key_and_audited():
    member, _token, key = enrolled()
    outcome = receive(member, envelope_bytes(payload(), key))
    assert (outcome.status, outcome.as_json()) == (201, {"stored": True})
    report = ReceivedReport.objects.get()
    assert (report.member, report.period, report.sequence) == (member, "2026Q2", 1)
    assert report.keyid == dsse.fingerprint(key.public_key())
    assert report.payload["indicators"][0]["code"] == "HC-OUT-02"
    assert AuditEvent.objects.filter(action="hub.report_received", object_ref=str(report.pk)).exists()


def test_sending_the_same_report_again_is_harmless_and_stores_nothing_new():
    member, _token, key = enrolled()
    body = envelope_bytes(payload(), key)
    receive(member, body)
    again = receive(member, body)
    assert (again.status, again.as_json()) == (200, {"stored": True, "already": True})
    assert ReceivedReport.objects.count() == 1
    assert refusals() == []


def test_a_newer_sequence_for_the_same_period_is_stored_beside_the_first():
    member, _token, key = enrolled()
    receive(member, envelope_bytes(payload(sequence=1), key))
    assert receive(member, envelope_bytes(payload(sequence=2), key)).status == 201
    assert ReceivedReport.objects.count() == 2


def refused(member, body, reason, status):
    outcome = receive(member, body)
    assert (outcome.status, outcome.reason) == (status, reason)
    assert outcome.as_json()["refused"] == reason and outcome.message
    assert refusals()[-1] == reason
    return outcome


def test_an_older_sequence_than_the_newest_stored_is_refused_as_replayed():
    member, _token, key = enrolled()
    receive(member, envelope_bytes(payload(sequence=3), key))
    refused(member, envelope_bytes(payload(sequence=2), key), "replayed", 409)
    assert ReceivedReport.objects.count() == 1


def test_a_different_report_under_a_stored_sequence_is_refused_as_a_conflict():
    member, _token, key = enrolled()
    receive(member, envelope_bytes(payload(sequence=1), key))
    changed = payload(sequence=1, indicators=[share("HC-OUT-02", 9, 10)])
    refused(member, envelope_bytes(changed, key), "conflict", 409)
    assert ReceivedReport.objects.get().payload["indicators"][0]["total"]["count"] == 8


def test_a_tampered_payload_is_refused_as_a_bad_signature_and_nothing_is_stored():
    member, _token, key = enrolled()
    envelope = json.loads(envelope_bytes(payload(), key))
    content = bytearray(base64.b64decode(envelope["payload"]))
    content[content.index(b'"count":8') + 8] = ord("9")  # one byte: 8 of 10 becomes 9 of 10
    envelope["payload"] = base64.b64encode(bytes(content)).decode()
    refused(member, json.dumps(envelope).encode(), "bad_signature", 403)
    assert ReceivedReport.objects.count() == 0


def test_a_report_signed_by_a_stranger_is_refused_as_an_unknown_key():
    member, _token, _key = enrolled()
    refused(member, envelope_bytes(payload(), Ed25519PrivateKey.generate()), "unknown_key", 403)
    assert ReceivedReport.objects.count() == 0


def test_a_key_past_its_rotation_overlap_no_longer_verifies_but_the_new_key_does():
    member, _token, old = enrolled()
    new = Ed25519PrivateKey.generate()
    MemberKey.objects.create(member=member, public_key=public_text(new), fingerprint=dsse.fingerprint(new.public_key()))
    member.keys.filter(fingerprint=dsse.fingerprint(old.public_key())).update(
        valid_until=timezone.now() - datetime.timedelta(minutes=1)
    )
    refused(member, envelope_bytes(payload(sequence=1), old), "unknown_key", 403)
    assert receive(member, envelope_bytes(payload(sequence=1), new)).status == 201


def test_without_an_enrolled_city_the_report_is_refused_as_from_an_unknown_city():
    _member, _token, key = enrolled()
    refused(None, envelope_bytes(payload(), key), "unknown_city", 401)
    assert ReceivedReport.objects.count() == 0


def test_a_withdrawn_city_token_no_longer_names_a_city():
    member, token, _key = enrolled()
    assert actions.member_for_token(token) == member
    member.active = False
    member.save(update_fields=["active"])
    assert actions.member_for_token(token) is None
    assert actions.member_for_token("") is None


def test_a_body_over_two_megabytes_is_refused_as_too_large():
    member, _token, _key = enrolled()
    refused(member, b"{" + b" " * actions.MAX_BODY + b"}", "too_large", 413)


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"payload": "x"}',
        b'{"payloadType": "application/vnd.homecoming.network-report+json", "payload": "***", "signatures": []}',
    ],
)
def test_a_body_that_is_not_an_envelope_is_refused_as_malformed(body):
    member, _token, _key = enrolled()
    refused(member, body, "malformed", 400)


def test_an_envelope_of_another_kind_of_document_is_refused_by_its_payload_type():
    member, _token, key = enrolled()
    signed = dsse.sign(b"{}", key=key, payload_type="application/vnd.in-toto+json")
    refused(member, json.dumps(signed).encode(), "payload_type", 400)


def broken_payloads():
    other_schema = payload() | {"schema": "homecoming.network-report/0"}
    suppressed_with_number = payload(indicators=[hidden("HC-OUT-02") | {"total": figure(count=3, suppressed=True)}])
    return {
        "another schema": other_schema,
        "another city": payload(slug="shymkent"),
        "no period": payload(period="spring"),
        "sequence not a number": payload() | {"sequence": "1"},
        "indicators not a list": payload(indicators={"HC-OUT-02": 1}),
        "a figure with text": payload(indicators=[share("HC-OUT-02", 8, 10) | {"total": figure(count="eight")}]),
        "a number behind a suppressed cell": suppressed_with_number,
    }


@pytest.mark.parametrize("case", list(broken_payloads()))
def test_a_signed_payload_that_breaks_the_schema_is_refused_as_schema(case):
    member, _token, key = enrolled()
    refused(member, envelope_bytes(broken_payloads()[case], key), "schema", 400)
    assert ReceivedReport.objects.count() == 0


def test_a_signed_payload_that_is_not_json_is_refused_as_schema():
    member, _token, key = enrolled()
    refused(member, json.dumps(dsse.sign(b"\xff not json", key=key)).encode(), "schema", 400)


def test_a_report_for_a_period_that_has_not_begun_is_refused_by_its_period():
    member, _token, key = enrolled()
    future = str(timezone.localdate().year + 1)
    refused(member, envelope_bytes(payload(period=future), key), "period", 400)


def test_the_refusal_audit_row_names_the_city_and_reason_but_holds_no_payload():
    member, _token, key = enrolled()
    receive(member, envelope_bytes(payload(slug="shymkent"), key))
    row = AuditEvent.objects.get(action="hub.report_refused")
    assert (row.object_type, row.object_ref, row.reason) == ("member_city", str(member.pk), "schema")
    assert "HC-OUT-02" not in row.reason
