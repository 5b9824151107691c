"""The city's signing keys: encrypted at rest, printed as a fingerprint, rotated with an overlap."""

import base64
import datetime
import io

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management import call_command
from django.utils import timezone

from core.actor import Actor
from core.models import AuditEvent
from network.exchange import dsse, keys
from network.exchange.models import SigningKey

PAYLOAD = b'{"period":"2027Q1"}'
SYSTEM = Actor.for_system()


def public(stored: SigningKey) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(stored.public_key))


def test_the_private_key_is_stored_encrypted_and_decrypts_to_the_registered_public_key(db):
    stored = keys.generate(actor=SYSTEM)
    secret = keys.private_key(stored)
    raw = secret.private_bytes_raw()
    assert raw not in bytes(stored.encrypted_private_key)
    assert len(bytes(stored.encrypted_private_key)) == 12 + 32 + 16  # nonce, key, tag
    assert dsse.fingerprint(secret.public_key()) == stored.fingerprint == dsse.fingerprint(public(stored))


def test_a_key_encrypted_under_an_older_network_key_still_decrypts_after_rotation(db, settings):
    old, new = b"o" * 32, b"w" * 32
    settings.HOMECOMING_NETWORK_KEYS = [old]
    stored = keys.generate(actor=SYSTEM)
    settings.HOMECOMING_NETWORK_KEYS = [new, old]
    assert dsse.fingerprint(keys.private_key(stored).public_key()) == stored.fingerprint
    settings.HOMECOMING_NETWORK_KEYS = [new]
    with pytest.raises(keys.KeyUnavailable):
        keys.private_key(stored)


def test_the_command_prints_the_fingerprint_for_the_hubs_administrator_and_audits_it(db):
    out = io.StringIO()
    call_command("generate_network_key", stdout=out)
    stored = SigningKey.objects.get()
    assert f"fingerprint: {stored.fingerprint}" in out.getvalue()
    assert AuditEvent.objects.filter(action="network_report.key_generated", object_ref=stored.fingerprint).exists()


def test_a_new_key_retires_the_old_one_which_still_signs_during_the_overlap(db):
    start = timezone.now()
    first = keys.generate(actor=SYSTEM, now=start)
    second = keys.generate(actor=SYSTEM, overlap_days=30, now=start + datetime.timedelta(days=1))
    first.refresh_from_db()
    assert first.retired_at == start + datetime.timedelta(days=1)
    assert first.valid_until == start + datetime.timedelta(days=31)
    during = start + datetime.timedelta(days=10)
    assert keys.signing_keys(during) == [second, first]
    envelope = keys.sign(PAYLOAD, now=during)
    assert [s["keyid"] for s in envelope["signatures"]] == [second.fingerprint, first.fingerprint]
    # A hub that knows only the old key, or only the new one, accepts the report.
    assert dsse.verify(envelope, keys={first.fingerprint: public(first)}).payload == PAYLOAD
    assert dsse.verify(envelope, keys={second.fingerprint: public(second)}).payload == PAYLOAD


def test_after_the_overlap_only_the_newest_key_signs(db):
    start = timezone.now()
    first = keys.generate(actor=SYSTEM, now=start)
    second = keys.generate(actor=SYSTEM, overlap_days=30, now=start)
    after = start + datetime.timedelta(days=31)
    envelope = keys.sign(PAYLOAD, now=after)
    assert [s["keyid"] for s in envelope["signatures"]] == [second.fingerprint]
    with pytest.raises(dsse.EnvelopeError):
        dsse.verify(envelope, keys={first.fingerprint: public(first)})


def test_signing_without_any_key_says_which_command_makes_one(db):
    with pytest.raises(keys.KeyUnavailable, match="generate_network_key"):
        keys.sign(PAYLOAD)
