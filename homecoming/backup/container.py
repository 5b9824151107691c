"""Named entries inside the encrypted stream, written as they are read (no size known beforehand).

    payload := entry* END
    entry   := ENTRY | name length (2 bytes) | name (UTF-8) | compression (1 byte) | block* | 0 (4 bytes)
    block   := length (4 bytes, 1..BLOCK) | data

A dump from ``pg_dump`` arrives through a pipe with no length known in advance, so an entry is a
series of blocks ended by an empty one: nothing is staged on the server's disk to learn its size.
Names are ``database.sqlite3`` or ``database.pgdump``, ``media/<relative path>`` and ``manifest.json``.
Entries the encryption already authenticates are still parsed strictly: a reader refuses any name
that could leave the folder it is restored into.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath

from homecoming.backup import BackupError

ENTRY = b"F"
END = b"Z"
BLOCK = 1 << 20
STORED, DEFLATED = 0, 1
MAX_NAME = 4096

Sink = Callable[[bytes], None]
Reader = Callable[[int], bytes]


class Writer:
    def __init__(self, sink: Sink) -> None:
        self._sink = sink

    def add(self, name: str, chunks: Iterable[bytes], *, compress: bool = False) -> int:
        """One entry from ``chunks``; returns its size before compression."""
        encoded = name.encode()
        if not encoded or len(encoded) > MAX_NAME:
            raise BackupError("An entry name is empty or too long.")
        self._sink(ENTRY + len(encoded).to_bytes(2, "big") + encoded + bytes([DEFLATED if compress else STORED]))
        compressor = zlib.compressobj(6) if compress else None
        size = 0
        for chunk in chunks:
            size += len(chunk)
            self._blocks(compressor.compress(chunk) if compressor else chunk)
        if compressor:
            self._blocks(compressor.flush())
        self._sink(b"\x00\x00\x00\x00")
        return size

    def add_file(self, name: str, path: Path, *, compress: bool = False) -> int:
        def chunks() -> Iterator[bytes]:
            with path.open("rb") as file:
                while data := file.read(BLOCK):
                    yield data

        return self.add(name, chunks(), compress=compress)

    def close(self) -> None:
        self._sink(END)

    def _blocks(self, data: bytes) -> None:
        for start in range(0, len(data), BLOCK):
            block = data[start : start + BLOCK]
            self._sink(len(block).to_bytes(4, "big") + block)


def _exact(read: Reader, size: int) -> bytes:
    parts, left = [], size
    while left:
        part = read(left)
        if not part:
            raise BackupError("The archive's contents end in the middle of an entry.")
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def safe_media_path(name: str) -> PurePosixPath:
    """The path under the media folder that an entry ``media/…`` names, or a refusal."""
    # Split by hand: PurePosixPath would quietly tidy "a//b" and "a/./b" that a writer never makes.
    parts = name.split("/")
    if len(parts) < 2 or parts[0] != "media" or any(part in ("", ".", "..") for part in parts) or "\\" in name:
        raise BackupError("The archive names a file outside the media folder.")
    return PurePosixPath(*parts[1:])


def entries(read: Reader) -> Iterator[tuple[str, Iterator[bytes]]]:
    """(name, its data in pieces) for each entry; each entry's data must be read before the next.
    Ends at the end marker, which must also be the end of the stream."""
    while True:
        kind = _exact(read, 1)
        if kind == END:
            if read(1):
                raise BackupError("The archive's contents go on after their end.")
            return
        if kind != ENTRY:
            raise BackupError("The archive's contents are damaged (an unknown record).")
        length = int.from_bytes(_exact(read, 2), "big")
        if not 0 < length <= MAX_NAME:
            raise BackupError("The archive's contents are damaged (an entry name's length).")
        try:
            name = _exact(read, length).decode()
        except UnicodeDecodeError:
            raise BackupError("The archive's contents are damaged (an entry name).") from None
        compression = _exact(read, 1)[0]
        if compression not in (STORED, DEFLATED):
            raise BackupError("The archive's contents are damaged (an unknown compression).")
        data = _data(read, compression)
        yield name, data
        for _ in data:  # whatever the caller left unread
            pass


def _data(read: Reader, compression: int) -> Iterator[bytes]:
    decompressor = zlib.decompressobj() if compression == DEFLATED else None
    while True:
        length = int.from_bytes(_exact(read, 4), "big")
        if length > BLOCK:
            raise BackupError("The archive's contents are damaged (a block's length).")
        if length == 0:
            break
        block = _exact(read, length)
        if decompressor is None:
            yield block
            continue
        try:
            # Bounded output per call: a small block must not expand into gigabytes at once.
            data = decompressor.decompress(block, BLOCK)
            while data:
                yield data
                data = decompressor.decompress(decompressor.unconsumed_tail, BLOCK)
        except zlib.error:
            raise BackupError("The archive's contents are damaged (compressed data).") from None
    if decompressor is not None and not decompressor.eof:
        raise BackupError("The archive's contents are damaged (compressed data end early).")
