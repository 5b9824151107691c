"""DSSE envelopes: the pre-authentication encoding as the specification writes it, signing and
verifying, and each refusal with its reason."""

import base64
import copy
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from network.exchange import dsse

PAYLOAD = json.dumps({"period": "2027Q1", "sequence": 3}).encode()


@pytest.fixture
def key():
    return Ed25519PrivateKey.generate()


def keys_of(*private):
    return {dsse.fingerprint(k.public_key()): k.public_key() for k in private}


def test_pae_is_the_specifications_worked_example():
    # From the DSSE protocol document: PAE("http://example.com/HelloWorld", "hello world").
    assert dsse.pae("http://example.com/HelloWorld", b"hello world") == (
        b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
    )


def test_a_signed_envelope_verifies_and_gives_back_the_exact_payload(key):
    envelope = dsse.sign(PAYLOAD, key=key)

    verified = dsse.verify(json.loads(json.dumps(envelope)), keys=keys_of(key))

    assert verified.payload == PAYLOAD
    assert verified.keyid == dsse.fingerprint(key.public_key()) == envelope["signatures"][0]["keyid"]
    assert envelope["payloadType"] == dsse.PAYLOAD_TYPE
    assert base64.b64decode(envelope["payload"]) == PAYLOAD


def test_a_changed_byte_of_the_payload_is_refused_as_a_bad_signature(key):
    envelope = dsse.sign(PAYLOAD, key=key)
    changed = bytearray(PAYLOAD)
    changed[-2] ^= 1
    envelope["payload"] = base64.b64encode(bytes(changed)).decode()

    with pytest.raises(dsse.EnvelopeError) as refused:
        dsse.verify(envelope, keys=keys_of(key))

    assert refused.value.reason == "bad_signature"


def test_a_strangers_key_is_refused_as_unknown(key):
    stranger = Ed25519PrivateKey.generate()

    with pytest.raises(dsse.EnvelopeError) as refused:
        dsse.verify(dsse.sign(PAYLOAD, key=stranger), keys=keys_of(key))

    assert refused.value.reason == "unknown_key"


def test_a_strangers_signature_under_a_known_keyid_is_a_bad_signature(key):
    envelope = dsse.sign(PAYLOAD, key=Ed25519PrivateKey.generate())
    envelope["signatures"][0]["keyid"] = dsse.fingerprint(key.public_key())

    with pytest.raises(dsse.EnvelopeError) as refused:
        dsse.verify(envelope, keys=keys_of(key))

    assert refused.value.reason == "bad_signature"


def test_any_of_several_signatures_by_a_known_key_is_enough(key):
    old, new = Ed25519PrivateKey.generate(), key
    envelope = dsse.sign(PAYLOAD, key=old)
    envelope["signatures"] += dsse.sign(PAYLOAD, key=new)["signatures"]

    assert dsse.verify(envelope, keys=keys_of(new)).keyid == dsse.fingerprint(new.public_key())


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda e: "not an envelope", "malformed"),
        (lambda e: e | {"signatures": "none"}, "malformed"),
        (lambda e: e | {"payload": "%%%"}, "malformed"),
        (lambda e: e | {"payload": 12}, "malformed"),
        (lambda e: e | {"payloadType": "application/json"}, "payload_type"),
        (lambda e: e | {"signatures": [{"keyid": e["signatures"][0]["keyid"], "sig": "***"}]}, "malformed"),
    ],
)
def test_what_is_not_a_well_formed_envelope_is_refused_with_its_reason(key, change, reason):
    envelope = change(copy.deepcopy(dsse.sign(PAYLOAD, key=key)))

    with pytest.raises(dsse.EnvelopeError) as refused:
        dsse.verify(envelope, keys=keys_of(key))

    assert refused.value.reason == reason
    assert str(refused.value)
