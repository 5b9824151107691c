"""The backup key pair, and fingerprints of the keys an archive needs to be read.

Fingerprints name keys without revealing them: the first 16 hex digits of SHA-256 over a label
that says what the key is for and the key itself. The label keeps a key's fingerprint as one kind
of key apart from its fingerprint as another, and apart from the identity vault's key ids.

An archive records the fingerprints of every identity, blind-index, audit and network key its
installation held. A restore needs each of them configured here: identity values sealed under an
older identity key stay so until ``rotate_identity_key`` moves them, so every key listed may be the
only one that opens some of them; the blind index is useless under another key; audit rows are
sealed under the audit keys (``verify_audit`` needs them all); the city's network signing key is
sealed under the network keys. Extra keys configured here are fine.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from django.conf import settings

from homecoming.backup import BackupError
from homecoming.backup.stream import b64

# The kinds of key an archive depends on, with the words used to name them to the operator.
KINDS = {
    "identity": ("identity key", "HOMECOMING_IDENTITY_KEYS"),
    "blind_index": ("blind-index key", "HOMECOMING_BLIND_INDEX_KEY"),
    "audit": ("audit key", "HOMECOMING_AUDIT_KEYS"),
    "network": ("network key", "HOMECOMING_NETWORK_KEYS"),
}


def fingerprint(kind: str, key: bytes) -> str:
    return hashlib.sha256(b"homecoming.key-fingerprint\x00" + kind.encode() + b"\x00" + key).hexdigest()[:16]


def _configured() -> dict[str, list[bytes]]:
    blind = settings.HOMECOMING_BLIND_INDEX_KEY
    return {
        "identity": list(settings.HOMECOMING_IDENTITY_KEYS),
        "blind_index": [blind] if blind else [],
        "audit": list(settings.HOMECOMING_AUDIT_KEYS),
        "network": list(settings.HOMECOMING_NETWORK_KEYS),
    }


def configured_fingerprints() -> dict[str, list[str]]:
    """What an archive written here records: each kind's keys, in their configured order."""
    return {kind: [fingerprint(kind, key) for key in keys] for kind, keys in _configured().items()}


def missing_keys(recorded: object) -> list[str]:
    """The keys an archive needs that are not configured here, named by kind and fingerprint."""
    if not isinstance(recorded, dict) or set(recorded) != set(KINDS):
        return ["the archive does not record its key fingerprints"]
    here = configured_fingerprints()
    missing = []
    for kind, (words, variable) in KINDS.items():
        prints = recorded[kind]
        if not isinstance(prints, list):
            return ["the archive does not record its key fingerprints"]
        missing += [f"{words} {fp} (add it to {variable})" for fp in prints if fp not in here[kind]]
    return missing


# --- The backup key pair ------------------------------------------------------------------------


def generate() -> tuple[bytes, str]:
    """A new key pair: the private key as PKCS #8 PEM, the public key as url-safe base64."""
    private = X25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return pem, b64(private.public_key().public_bytes_raw())


def write_private_key(path: Path, pem: bytes) -> None:
    """Written readable by its owner only, and never over an existing file (an older private key
    may be the only one that opens older archives)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupError(f"{path} exists: choose another file (an older key may still open older archives).") from None
    except OSError as error:
        raise BackupError(f"Cannot write {path}: {error.strerror}.") from None
    with os.fdopen(fd, "wb") as file:
        file.write(pem)
        file.flush()
        os.fsync(file.fileno())


def load_private_key(path: Path) -> X25519PrivateKey:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BackupError(f"Cannot read the private key {path}: {error.strerror}.") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise BackupError(f"{path} is not a backup private key (PEM, from generate_backup_key).") from None
    if not isinstance(key, X25519PrivateKey):
        raise BackupError(f"{path} is not a backup private key (an X25519 key, from generate_backup_key).")
    return key


def configured_public_key() -> X25519PublicKey:
    """The backup public key from the settings, refused if it is any other key of this installation."""
    raw = settings.HOMECOMING_BACKUP_PUBLIC_KEY
    if not raw:
        raise BackupError(
            "HOMECOMING_BACKUP_PUBLIC_KEY (or HOMECOMING_BACKUP_PUBLIC_KEY_FILE) must be set to write a backup: "
            "make a key pair with `manage.py generate_backup_key` on a machine that keeps the private key."
        )
    refuse_key_reuse(raw)
    return X25519PublicKey.from_public_bytes(raw)


def refuse_key_reuse(public: bytes) -> None:
    """The backup key must be a key of its own. Checked: the public key is not byte for byte any
    identity, blind-index, audit or network key, and is not the X25519 public key of any of them
    (which would mean the backup's private key IS that key, so that whoever holds it reads backups)."""
    for kind, keys in _configured().items():
        words, variable = KINDS[kind]
        for key in keys:
            if public == key:
                raise BackupError(
                    f"HOMECOMING_BACKUP_PUBLIC_KEY is the {words} {fingerprint(kind, key)} ({variable}): "
                    "a backup key must be a key pair of its own (`manage.py generate_backup_key`). No backup written."
                )
            if X25519PrivateKey.from_private_bytes(key).public_key().public_bytes_raw() == public:
                raise BackupError(
                    f"HOMECOMING_BACKUP_PUBLIC_KEY was made from the {words} {fingerprint(kind, key)} ({variable}): "
                    "a backup key must be a key pair of its own (`manage.py generate_backup_key`). No backup written."
                )
