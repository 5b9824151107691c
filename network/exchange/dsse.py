"""DSSE envelopes signed with Ed25519 (https://github.com/secure-systems-lab/dsse, protocol v1).

The signature is over the pre-authentication encoding (PAE) of the payload type and the payload
bytes, never over re-serialised JSON: what the city signed is exactly what the hub verifies, and any
DSSE implementation can check it. A key is named by its fingerprint (``keyid``): the SHA-256 of the
raw public key, in hex, which the hub's administrator confirms out of band at enrolment.

Envelope (JSON): ``{"payload": base64(payload), "payloadType": "...", "signatures": [{"keyid": "...",
"sig": base64(signature)}]}``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

PAYLOAD_TYPE = "application/vnd.homecoming.network-report+json"


class EnvelopeError(ValueError):
    """Why an envelope is refused: ``reason`` is a stable code (for the sender and the tests),
    ``str(error)`` a sentence for people."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def pae(payload_type: str, payload: bytes) -> bytes:
    """DSSEv1 pre-authentication encoding: lengths as ASCII decimals, separated by spaces."""
    kind = payload_type.encode()
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(payload), payload)


def fingerprint(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def sign(payload: bytes, *, key: Ed25519PrivateKey, payload_type: str = PAYLOAD_TYPE) -> dict:
    signature = key.sign(pae(payload_type, payload))
    return {
        "payload": base64.b64encode(payload).decode("ascii"),
        "payloadType": payload_type,
        "signatures": [{"keyid": fingerprint(key.public_key()), "sig": base64.b64encode(signature).decode("ascii")}],
    }


@dataclass(frozen=True)
class Verified:
    payload: bytes
    keyid: str  # the key whose signature held


def _b64(text: object, what: str) -> bytes:
    if not isinstance(text, str):
        raise EnvelopeError("malformed", f"The envelope's {what} is not base64 text.")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise EnvelopeError("malformed", f"The envelope's {what} is not valid base64.") from error


def verify(envelope: object, *, keys: dict[str, Ed25519PublicKey], payload_type: str = PAYLOAD_TYPE) -> Verified:
    """The payload, if one of its signatures is by one of ``keys`` (keyid -> public key).

    Refusals: ``malformed`` (not an envelope), ``payload_type`` (another kind of document),
    ``unknown_key`` (no signature by a key given), ``bad_signature`` (a known key, but the signature
    does not hold: the payload or the signature was changed).
    """
    if not isinstance(envelope, dict) or not isinstance(envelope.get("signatures"), list):
        raise EnvelopeError("malformed", "This is not a DSSE envelope (payload, payloadType, signatures).")
    if envelope.get("payloadType") != payload_type:
        raise EnvelopeError("payload_type", f"The envelope does not hold a {payload_type} document.")
    payload = _b64(envelope.get("payload"), "payload")
    known = [s for s in envelope["signatures"] if isinstance(s, dict) and s.get("keyid") in keys]
    if not known:
        raise EnvelopeError("unknown_key", "No signature is by a key registered for this sender.")
    message = pae(payload_type, payload)
    for signature in known:
        try:
            keys[signature["keyid"]].verify(_b64(signature.get("sig"), "signature"), message)
        except InvalidSignature:
            continue
        return Verified(payload=payload, keyid=signature["keyid"])
    raise EnvelopeError(
        "bad_signature", "The signature does not match the content: it was changed or signed by another key."
    )
