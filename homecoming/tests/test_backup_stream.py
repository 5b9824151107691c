"""The archive's encryption and its entries, without a database: every change to an archive's bytes
is refused, whichever chunk it touches, and the entries cannot name a file outside the media folder."""

import io
import os

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from homecoming.backup import BackupError, container
from homecoming.backup.stream import MAGIC, Decryptor, Encryptor

CHUNK = 1024
BLOCK = CHUNK + 16
KEY = X25519PrivateKey.generate()


def _seal(plaintext: bytes, header: dict | None = None) -> tuple[bytes, int]:
    """The archive's bytes, and where its first chunk starts."""
    out = io.BytesIO()
    encryptor = Encryptor(out, header or {"archive_id": "a1"}, KEY.public_key(), chunk_size=CHUNK)
    start = out.tell()
    encryptor.write(plaintext)
    encryptor.finish()
    return out.getvalue(), start


def _open(sealed: bytes, key: X25519PrivateKey = KEY) -> bytes:
    decryptor = Decryptor(io.BytesIO(sealed), key)
    return b"".join(decryptor.chunks())


@pytest.mark.parametrize("size", [0, 1, CHUNK, CHUNK + 1, 3 * CHUNK, 5 * CHUNK + 7])
def test_what_is_sealed_opens_whole_whatever_its_length(size):
    plaintext = os.urandom(size)
    sealed, _start = _seal(plaintext)
    assert _open(sealed) == plaintext


def test_the_header_is_authenticated_and_says_how_to_decrypt():
    sealed, _start = _seal(b"x" * 10, {"archive_id": "a1", "vendor": "sqlite"})
    decryptor = Decryptor(io.BytesIO(sealed), KEY)
    assert decryptor.header["vendor"] == "sqlite"
    assert decryptor.header["chunk_size"] == CHUNK
    assert sealed.startswith(MAGIC)


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]


PLAINTEXT = os.urandom(4 * CHUNK + 100)  # five chunks, the last one short


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda s, start: _flip(s, start + 3), id="a byte of the first chunk"),
        pytest.param(lambda s, start: _flip(s, start + 2 * BLOCK + 500), id="a byte in the middle"),
        pytest.param(lambda s, start: _flip(s, len(s) - 1), id="the last byte"),
        pytest.param(lambda s, start: s[: start + 4 * BLOCK], id="cut at a chunk boundary"),
        pytest.param(lambda s, start: s[: start + 2 * BLOCK + 300], id="cut in the middle of a chunk"),
        pytest.param(lambda s, start: s + s[start : start + BLOCK], id="a chunk added at the end"),
        pytest.param(lambda s, start: s + b"\x00", id="a byte added at the end"),
        pytest.param(
            lambda s, start: (
                s[:start] + s[start + BLOCK : start + 2 * BLOCK] + s[start : start + BLOCK] + s[start + 2 * BLOCK :]
            ),
            id="two chunks swapped",
        ),
        pytest.param(lambda s, start: s[:start] + s[start + BLOCK :], id="the first chunk removed"),
        pytest.param(lambda s, start: s.replace(b'"archive_id":"a1"', b'"archive_id":"b1"'), id="a header field"),
    ],
)
def test_any_change_to_the_archive_is_refused(change):
    sealed, start = _seal(PLAINTEXT)
    changed = change(sealed, start)
    assert changed != sealed
    with pytest.raises(BackupError):
        _open(changed)


def test_a_header_from_another_archive_does_not_open_its_chunks():
    first, start = _seal(PLAINTEXT)
    second, _ = _seal(PLAINTEXT)
    with pytest.raises(BackupError, match="does not authenticate at chunk 1"):
        _open(second[:start] + first[start:])


def test_another_private_key_is_refused_by_fingerprint():
    sealed, _start = _seal(PLAINTEXT)
    with pytest.raises(BackupError, match=r"encrypted to backup key [0-9a-f]{16}; the private key given belongs"):
        _open(sealed, X25519PrivateKey.generate())


@pytest.mark.parametrize(
    "data", [b"", b"PK\x03\x04 a zip file", MAGIC + b"\xff\xff\xff\xff", MAGIC + b"\x00\x00\x00\x02{}"]
)
def test_something_that_is_not_an_archive_is_refused(data):
    with pytest.raises(BackupError):
        _open(data)


def test_a_corrupted_header_length_cannot_make_the_reader_allocate_much():
    sealed, _start = _seal(b"x")
    with pytest.raises(BackupError, match="out of bounds"):
        _open(MAGIC + (1 << 30).to_bytes(4, "big") + sealed[len(MAGIC) + 4 :])


# --- Entries ---------------------------------------------------------------------------------------------


def _entries(write) -> list[tuple[str, bytes]]:
    out = io.BytesIO()
    writer = container.Writer(out.write)
    write(writer)
    writer.close()
    out.seek(0)
    return [(name, b"".join(data)) for name, data in container.entries(out.read)]


def test_entries_come_back_as_written_compressed_or_not():
    big = os.urandom(3 * container.BLOCK // 2)
    entries = _entries(
        lambda w: (
            w.add("database.sqlite3", [b"a" * 100_000, b"b"], compress=True),
            w.add("media/practices/x.pdf", [big]),
            w.add("manifest.json", [b"{}"], compress=True),
        )
    )
    assert entries == [
        ("database.sqlite3", b"a" * 100_000 + b"b"),
        ("media/practices/x.pdf", big),
        ("manifest.json", b"{}"),
    ]


@pytest.mark.parametrize(
    "name", ["media/../settings.py", "media//x", "media/./x", "media", "other/x", "media/a\\..\\b"]
)
def test_an_entry_cannot_name_a_file_outside_the_media_folder(name):
    with pytest.raises(BackupError, match="outside the media folder"):
        container.safe_media_path(name)


def test_an_entry_inside_the_media_folder_keeps_its_path():
    assert str(container.safe_media_path("media/practices/ab/cd.pdf")) == "practices/ab/cd.pdf"


def test_contents_that_go_on_after_their_end_are_refused():
    out = io.BytesIO()
    writer = container.Writer(out.write)
    writer.close()
    out.write(b"F")
    out.seek(0)
    with pytest.raises(BackupError, match="after their end"):
        list(container.entries(out.read))
