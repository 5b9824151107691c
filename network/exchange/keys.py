"""The city's Ed25519 signing keys: made, encrypted at rest, rotated with an overlap.

The raw private key is encrypted with AES-256-GCM under the first of HOMECOMING_NETWORK_KEYS (a
random 12-byte nonce prepended); the id of that key is kept beside it so that the keys can be
rotated (any key of the list decrypts). ``network`` may not import core.vault, hence this small
copy of its scheme.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import os

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core import audit
from core.actor import Actor
from core.audit import AuditAction
from network.exchange import dsse
from network.exchange.models import SigningKey

DEFAULT_OVERLAP_DAYS = 30
# Bound to the purpose, so that a ciphertext of another kind cannot be passed off as a signing key.
_ASSOCIATED_DATA = b"homecoming.network-signing-key"


class KeyUnavailable(Exception):
    """No signing key, or one encrypted under a key no longer configured."""


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"homecoming.network-key-id:" + key).hexdigest()[:8]


def _encrypt(raw: bytes) -> tuple[bytes, str]:
    key = settings.HOMECOMING_NETWORK_KEYS[0]
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, raw, _ASSOCIATED_DATA), key_id(key)


def _decrypt(stored: SigningKey) -> bytes:
    keys = {key_id(key): key for key in settings.HOMECOMING_NETWORK_KEYS}
    key = keys.get(stored.encryption_key_id)
    if key is None:
        raise KeyUnavailable(f"Signing key {stored.fingerprint} is encrypted under a key no longer configured.")
    blob = bytes(stored.encrypted_private_key)
    return AESGCM(key).decrypt(blob[:12], blob[12:], _ASSOCIATED_DATA)


def private_key(stored: SigningKey) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_decrypt(stored))


@transaction.atomic
def generate(
    *, actor: Actor, overlap_days: int = DEFAULT_OVERLAP_DAYS, now: datetime.datetime | None = None
) -> SigningKey:
    """A new current key; the keys in use until now are retired and still sign for ``overlap_days``."""
    now = now or timezone.now()
    secret = Ed25519PrivateKey.generate()
    raw = secret.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    encrypted, encryption_key_id = _encrypt(raw)
    SigningKey.objects.select_for_update().filter(retired_at__isnull=True).update(
        retired_at=now, valid_until=now + datetime.timedelta(days=overlap_days)
    )
    public = secret.public_key()
    key = SigningKey.objects.create(
        encrypted_private_key=encrypted,
        encryption_key_id=encryption_key_id,
        public_key=base64.b64encode(public.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode("ascii"),
        fingerprint=dsse.fingerprint(public),
        created_at=now,
    )
    audit.record(
        action=AuditAction.NETWORK_REPORT_KEY_GENERATED,
        actor=actor,
        object_type="network_key",
        object_ref=key.fingerprint,
        reason=f"overlap {overlap_days} days",
    )
    return key


def signing_keys(now: datetime.datetime | None = None) -> list[SigningKey]:
    """The keys that sign now: the current one first, then retired ones still in their overlap."""
    now = now or timezone.now()
    current = SigningKey.objects.filter(retired_at__isnull=True).order_by("-created_at", "-pk")
    overlapping = SigningKey.objects.filter(retired_at__isnull=False, valid_until__gt=now).order_by("-created_at")
    return [*current[:1], *overlapping]


def sign(payload: bytes, now: datetime.datetime | None = None) -> dict:
    """A DSSE envelope with one signature per key that signs now (DSSE allows several)."""
    keys = signing_keys(now)
    if not keys:
        raise KeyUnavailable("This city has no network signing key: run `manage.py generate_network_key`.")
    envelope = dsse.sign(payload, key=private_key(keys[0]))
    for older in keys[1:]:
        envelope["signatures"] += dsse.sign(payload, key=private_key(older))["signatures"]
    return envelope
