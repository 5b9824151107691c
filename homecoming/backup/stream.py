"""The archive's encryption: a header, then the payload in authenticated chunks.

    archive := MAGIC | header length (4 bytes, big-endian) | header (JSON) | chunk*
    chunk   := AES-256-GCM(key, nonce = counter (11 bytes) | last (1 byte), plaintext, aad)

The key is agreed with X25519 between a fresh ephemeral key (its public half in the header) and
the backup public key, then drawn with HKDF-SHA256 over a random salt (also in the header) and both
public keys: every archive has a key of its own, so the nonces may simply count. This is the STREAM
construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015), as in age:

- each chunk's nonce carries its position, so chunks cannot be reordered, dropped or repeated;
- only the last chunk carries the last flag, so an archive cut at a chunk boundary, or one with
  chunks added after its end, fails to authenticate;
- every chunk's associated data is the SHA-256 of everything before the first chunk, so the header
  (schema version, key fingerprints…) cannot be changed, nor swapped with another archive's.

The header is read before it is authenticated (it says how to decrypt); ``Decryptor`` authenticates
it with the first chunk before anyone acts on it. Public-key encryption means that whoever holds
the public key can write an archive that authenticates: authentication here proves that nothing
was altered, not who wrote it.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import os
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from homecoming.backup import BackupError

MAGIC = b"HCBACKUP"
FORMAT = "homecoming-backup"
FORMAT_VERSION = 1
CHUNK_SIZE = 1 << 20
# Bounds a reader accepts before anything is authenticated: a damaged length must not make it
# allocate gigabytes.
MIN_CHUNK_SIZE = 1 << 10
MAX_CHUNK_SIZE = 1 << 24
MAX_HEADER = 1 << 20
_TAG = 16
_KDF_INFO = b"homecoming.backup.v1"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode() + b"=" * (-len(text) % 4))


def public_fingerprint(public_key: X25519PublicKey) -> str:
    """The backup key's fingerprint, as the header and ``generate_backup_key`` show it."""
    raw = public_key.public_bytes_raw()
    return hashlib.sha256(b"homecoming.backup-key\x00" + raw).hexdigest()[:16]


def _derive(shared: bytes, salt: bytes, ephemeral: bytes, recipient: bytes) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_KDF_INFO + ephemeral + recipient).derive(shared)
    return AESGCM(key)


def _nonce(counter: int, *, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class Encryptor:
    """Writes the header, then encrypts what it is given in chunks; ``finish`` writes the last one.

    ``header`` is the caller's fields; the key agreement's fields are added here."""

    def __init__(
        self, out: BinaryIO, header: dict, recipient: X25519PublicKey, *, chunk_size: int = CHUNK_SIZE
    ) -> None:
        if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
            raise ValueError("chunk size out of bounds")
        ephemeral = X25519PrivateKey.generate()
        ephemeral_raw = ephemeral.public_key().public_bytes_raw()
        recipient_raw = recipient.public_bytes_raw()
        salt = os.urandom(32)
        try:
            shared = ephemeral.exchange(recipient)
        except ValueError:
            # A low-order point: every archive would have the same, public, key.
            raise BackupError("The backup public key is not a usable X25519 key.") from None
        self.header = {
            **header,
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "recipient": public_fingerprint(recipient),
            "ephemeral_key": b64(ephemeral_raw),
            "salt": b64(salt),
            "chunk_size": chunk_size,
        }
        encoded = json.dumps(self.header, sort_keys=True, separators=(",", ":")).encode()
        prefix = MAGIC + len(encoded).to_bytes(4, "big") + encoded
        out.write(prefix)
        self.bytes_written = len(prefix)
        self._out = out
        self._aad = hashlib.sha256(prefix).digest()
        self._aead = _derive(shared, salt, ephemeral_raw, recipient_raw)
        self._chunk_size = chunk_size
        self._buffer = bytearray()
        self._counter = 0
        self._finished = False

    def write(self, data: bytes) -> None:
        if self._finished:
            raise ValueError("the archive is finished")
        self._buffer += data
        # Strictly more than a chunk: what is left at the end (1..chunk_size bytes) is the last chunk.
        while len(self._buffer) > self._chunk_size:
            self._emit(bytes(self._buffer[: self._chunk_size]), last=False)
            del self._buffer[: self._chunk_size]

    def finish(self) -> None:
        self._emit(bytes(self._buffer), last=True)
        self._buffer.clear()
        self._finished = True

    def _emit(self, plaintext: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._counter, last=last), plaintext, self._aad)
        self._out.write(sealed)
        self.bytes_written += len(sealed)
        self._counter += 1


@dataclasses.dataclass(frozen=True)
class Opened:
    """An archive's header as read from its start; not yet authenticated."""

    header: dict
    prefix: bytes


def _read_exact(source: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes: fewer only at the end of the file (a pipe may return less per read)."""
    parts, left = [], size
    while left:
        part = source.read(left)
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def read_header(source: BinaryIO) -> Opened:
    """The header at the archive's start, checked for shape only."""
    start = _read_exact(source, len(MAGIC) + 4)
    if len(start) < len(MAGIC) + 4 or start[: len(MAGIC)] != MAGIC:
        raise BackupError("This is not a Homecoming backup archive.")
    length = int.from_bytes(start[len(MAGIC) :], "big")
    if length > MAX_HEADER:
        raise BackupError("The archive's header is damaged (its length is out of bounds).")
    encoded = _read_exact(source, length)
    try:
        header = json.loads(encoded)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError("The archive's header is damaged (it is not JSON).") from None
    if len(encoded) < length or not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("The archive's header is damaged.")
    version = header.get("version")
    if version != FORMAT_VERSION:
        raise BackupError(
            f"The archive is in format version {version}; this code reads version {FORMAT_VERSION}. "
            "Restore it with the Homecoming version that wrote it."
        )
    chunk_size = header.get("chunk_size")
    if not isinstance(chunk_size, int) or not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
        raise BackupError("The archive's header is damaged (its chunk size is out of bounds).")
    return Opened(header=header, prefix=start + encoded)


class Decryptor:
    """Decrypts an archive chunk by chunk, authenticating each before it is handed out.

    The first chunk is decrypted at once, which authenticates the header: after construction,
    ``header`` may be trusted. ``read`` returns plaintext until the authenticated last chunk, and
    raises ``BackupError`` at the first chunk that does not authenticate."""

    def __init__(self, source: BinaryIO, private_key: X25519PrivateKey) -> None:
        opened = read_header(source)
        header = opened.header
        mine = public_fingerprint(private_key.public_key())
        if header.get("recipient") != mine:
            raise BackupError(
                f"This archive was encrypted to backup key {header.get('recipient')}; "
                f"the private key given belongs to backup key {mine}."
            )
        try:
            ephemeral_raw = unb64(str(header["ephemeral_key"]))
            salt = unb64(str(header["salt"]))
            shared = private_key.exchange(X25519PublicKey.from_public_bytes(ephemeral_raw))
        except (KeyError, ValueError):
            raise BackupError("The archive's header is damaged (its key agreement fields).") from None
        self._aead = _derive(shared, salt, ephemeral_raw, private_key.public_key().public_bytes_raw())
        self._aad = hashlib.sha256(opened.prefix).digest()
        self._source = source
        self._block = header["chunk_size"] + _TAG
        self._counter = 0
        self._next = _read_exact(source, self._block)
        self._pending = memoryview(b"")
        self.finished = False
        self._pull()  # the first chunk: authenticates the header
        self.header = header

    def _pull(self) -> None:
        """Decrypt the next chunk into the pending plaintext."""
        current = self._next
        if not current:
            raise BackupError("The archive is cut short: it has no data after its header.")
        self._next = _read_exact(self._source, self._block) if len(current) == self._block else b""
        last = not self._next
        try:
            plaintext = self._aead.decrypt(_nonce(self._counter, last=last), current, self._aad)
        except InvalidTag:
            where = "its last chunk" if last else f"chunk {self._counter + 1}"
            raise BackupError(
                f"The archive does not authenticate at {where}: it was altered, damaged or cut short. "
                "Nothing was restored."
            ) from None
        self._counter += 1
        self._pending = memoryview(plaintext)
        self.finished = last

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes of authenticated plaintext; b"" only after the last chunk."""
        while not self._pending and not self.finished:
            self._pull()
        data = bytes(self._pending[:size])
        self._pending = self._pending[size:]
        return data

    def chunks(self) -> Iterator[bytes]:
        while True:
            data = self.read(CHUNK_SIZE)
            if not data:
                return
            yield data
