"""The identity vault's cryptography: AES-256-GCM sealing and a keyed blind index.

A sealed value is ``hc1.<key id>.<base64url(nonce + ciphertext)>``. The associated data
is the value's *context* — model, field and row — so a ciphertext copied to another row
or field does not open. Keys come from HOMECOMING_IDENTITY_KEYS: the first seals, all
open, which is what lets ``rotate_identity_key`` move every value to a new key.
The blind index is an HMAC under its own key, so exact duplicates can be found without
opening anything, and the index reveals nothing without that key.
"""

import base64
import hashlib
import hmac
import os
import re
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

PREFIX = "hc1"


class VaultError(Exception):
    """A sealed value could not be opened: wrong context, unknown key, or tampering."""


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"homecoming.key-id:" + key).hexdigest()[:8]


def _keys() -> dict[str, bytes]:
    return {key_id(key): key for key in settings.HOMECOMING_IDENTITY_KEYS}


def current_key_id() -> str:
    return key_id(settings.HOMECOMING_IDENTITY_KEYS[0])


def seal_bytes(data: bytes, *, context: str) -> str:
    key = settings.HOMECOMING_IDENTITY_KEYS[0]
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, data, context.encode())
    return f"{PREFIX}.{key_id(key)}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def open_bytes(token: str, *, context: str) -> bytes:
    try:
        prefix, kid, payload = token.split(".", 2)
        raw = base64.urlsafe_b64decode(payload.encode())
    except ValueError:
        raise VaultError("not a sealed value") from None
    if prefix != PREFIX:
        raise VaultError("not a sealed value")
    key = _keys().get(kid)
    if key is None:
        raise VaultError(f"sealed under key {kid}, which is not configured")
    try:
        return AESGCM(key).decrypt(raw[:12], raw[12:], context.encode())
    except InvalidTag:
        raise VaultError("does not open in this context (moved, edited, or wrong key)") from None


def seal(text: str, *, context: str) -> str:
    return seal_bytes(text.encode(), context=context)


def open_text(token: str, *, context: str) -> str:
    return open_bytes(token, context=context).decode()


def is_sealed(value: str) -> bool:
    return value.startswith(f"{PREFIX}.") and value.count(".") >= 2


def token_key_id(token: str) -> str:
    return token.split(".", 2)[1] if token.count(".") >= 2 else ""


# --- Blind index ----------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """Case, accents, punctuation and spacing do not make a different person."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]|_", " ", letters).split())


def normalise_document(number: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", number).upper())


def blind_index(value: str, *, purpose: str) -> str:
    """Keyed HMAC of a normalised value; ``purpose`` keeps the indexes of different fields apart."""
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(settings.HOMECOMING_BLIND_INDEX_KEY, message, hashlib.sha256).hexdigest()


# --- Model attribute ------------------------------------------------------------------


class Sealed:
    """A model attribute holding plaintext, stored sealed in another (text) column.

    The model provides ``seal_context(name)``, which names the model, the field and the row.
    Empty stays empty (and unsealed), so "not recorded" is not confused with a value.
    """

    def __init__(self, column: str, *, binary: bool = False) -> None:
        self.column = column
        self.binary = binary

    def __set_name__(self, owner, name: str) -> None:
        self.name = name
        owner._sealed_fields = (*getattr(owner, "_sealed_fields", ()), name)

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        token = getattr(obj, self.column)
        if not token:
            return b"" if self.binary else ""
        data = open_bytes(token, context=obj.seal_context(self.name))
        return data if self.binary else data.decode()

    def __set__(self, obj, value) -> None:
        if not value:
            setattr(obj, self.column, "")
            return
        data = value if self.binary else str(value).encode()
        setattr(obj, self.column, seal_bytes(data, context=obj.seal_context(self.name)))
