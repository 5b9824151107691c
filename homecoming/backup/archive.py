"""Writing an archive; checking one and restoring it. No audit rows here (``actions`` writes them).

A restore checks before it touches anything, in this order: the header authenticates (with the
first chunk); the archive's database vendor is the target's; its schema is not newer than this
code; every key it needs is configured here; the target database and media folder are empty. Then
the whole archive is decrypted into a private staging folder, every chunk authenticated up to the
last: only an archive verified from end to end is loaded, and a failure before that leaves the
database and the media folder as they were.
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib.metadata
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from homecoming.backup import BackupError, container, databases, keys
from homecoming.backup.stream import CHUNK_SIZE, Decryptor, Encryptor, public_fingerprint

SUFFIX = ".hcbackup"
MANIFEST = "manifest.json"


@dataclasses.dataclass(frozen=True)
class Contents:
    """What an archive holds, in counts and sizes."""

    tables: dict[str, int]
    database_bytes: int
    files: int
    media_bytes: int

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


@dataclasses.dataclass(frozen=True)
class Written:
    path: Path
    archive_id: str
    archive_bytes: int
    vendor: str
    recipient: str
    contents: Contents


@dataclasses.dataclass(frozen=True)
class Checked:
    """An archive verified from end to end, and what restoring it here means."""

    header: dict
    archive_bytes: int
    contents: Contents
    # Migrations of this code the archive's schema lacks: ``migrate`` applies them after a restore.
    pending: list[tuple[str, str]]
    restored: bool = False

    @property
    def archive_id(self) -> str:
        return str(self.header.get("archive_id", ""))


def homecoming_version() -> str:
    try:
        return importlib.metadata.version("homecoming")
    except importlib.metadata.PackageNotFoundError:
        return ""


# --- Writing ------------------------------------------------------------------------------------------


def _archive_path(output: Path, created: datetime.datetime) -> Path:
    if output.is_dir():
        return output / f"homecoming-{created.strftime('%Y%m%dT%H%M%SZ')}{SUFFIX}"
    return output


def _media_files(media_root: Path) -> Iterator[tuple[Path, str]]:
    """Regular files under the media folder, in a stable order; links are not followed."""
    if not media_root.is_dir():
        return
    for folder, subfolders, names in os.walk(media_root):
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path, "media/" + path.relative_to(media_root).as_posix()


def write_archive(
    output: Path,
    *,
    public_key: X25519PublicKey,
    using: str = DEFAULT_DB_ALIAS,
    media_root: Path | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Written:
    """One encrypted archive of the database ``using`` names and the media folder, at ``output``
    (a file, or a folder to hold a file named by the time). It is written beside its final name and
    renamed when complete, so that a failed backup never leaves a file that looks like one."""
    media_root = Path(media_root if media_root is not None else settings.MEDIA_ROOT).resolve()
    created = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    target = _archive_path(Path(output), created)
    if target.resolve().is_relative_to(media_root):
        raise BackupError("The archive cannot be written inside the media folder it backs up.")
    if target.exists():
        raise BackupError(f"{target} exists: a backup never replaces another.")
    partial = target.with_name(target.name + ".partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupError(f"{partial} exists: another backup is being written there, or one failed.") from None
    except OSError as error:
        raise BackupError(f"Cannot write {partial}: {error.strerror}.") from None
    try:
        with os.fdopen(fd, "wb") as out, databases.snapshot(using) as taken:
            written = _write(out, taken, public_key, media_root, created, chunk_size)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
        _sync_folder(target.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return dataclasses.replace(written, path=target)


def _write(
    out: BinaryIO,
    taken: databases.Snapshot,
    public_key: X25519PublicKey,
    media_root: Path,
    created: datetime.datetime,
    chunk_size: int,
) -> Written:
    archive_id = uuid.uuid4().hex
    header = {
        "archive_id": archive_id,
        "created_at": created.isoformat(),
        "homecoming_version": homecoming_version(),
        "vendor": taken.vendor,
        "migrations": [list(migration) for migration in taken.migrations],
        "keys": keys.configured_fingerprints(),
    }
    encryptor = Encryptor(out, header, public_key, chunk_size=chunk_size)
    writer = container.Writer(encryptor.write)
    database_bytes = writer.add(taken.entry, taken.chunks(), compress=taken.compress)
    tables = taken.counts()
    files = media_bytes = 0
    for path, name in _media_files(media_root):
        media_bytes += writer.add_file(name, path)
        files += 1
    contents = Contents(tables=tables, database_bytes=database_bytes, files=files, media_bytes=media_bytes)
    writer.add(MANIFEST, [json.dumps(dataclasses.asdict(contents), sort_keys=True).encode()], compress=True)
    writer.close()
    encryptor.finish()
    return Written(
        path=Path(),
        archive_id=archive_id,
        archive_bytes=encryptor.bytes_written,
        vendor=taken.vendor,
        recipient=public_fingerprint(public_key),
        contents=contents,
    )


def _sync_folder(folder: Path) -> None:
    """The rename survives a crash only once the folder itself is on disk."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- Checking and restoring ---------------------------------------------------------------------------


def _recorded_migrations(header: dict) -> set[tuple[str, str]]:
    recorded = header.get("migrations")
    if not isinstance(recorded, list) or not all(
        isinstance(item, list) and len(item) == 2 and all(isinstance(part, str) for part in item) for item in recorded
    ):
        raise BackupError("The archive's header does not record its schema (its migrations).")
    return {(app, name) for app, name in recorded}


def _refusals(header: dict, database: dict) -> list[tuple[str, str]]:
    """Refuses an archive this installation cannot restore; returns the migrations to apply after it."""
    vendor, here = header.get("vendor"), databases.vendor_of(database)
    if vendor != here:
        raise BackupError(
            f"This archive holds a {databases.vendor_name(vendor)} database; the database to restore into is "
            f"{databases.vendor_name(here)}. Restore it into a {databases.vendor_name(vendor)} database."
        )
    unknown, pending = databases.schema_difference(_recorded_migrations(header))
    if unknown:
        shown = ", ".join(f"{app}.{name}" for app, name in unknown[:5]) + (", …" if len(unknown) > 5 else "")
        written_by = header.get("homecoming_version") or "the version that wrote it"
        raise BackupError(
            f"This archive is from a newer schema: it records {len(unknown)} migration(s) this code does not know "
            f"({shown}). Restore it with Homecoming {written_by} or later."
        )
    missing = keys.missing_keys(header.get("keys"))
    if missing:
        raise BackupError(
            "The configured keys cannot read what this archive sealed; missing: "
            + "; ".join(missing)
            + ". Configure them (from where the keys are kept), then restore."
        )
    return pending


def _media_file_count(media_root: Path) -> int:
    return sum(len(names) for _, _, names in os.walk(media_root)) if media_root.exists() else 0


def _refuse_non_empty(database: dict, media_root: Path) -> None:
    tables = databases.table_count(database)
    if tables:
        raise BackupError(
            f"The database to restore into is not empty: it holds {tables} tables. Restore into an empty database "
            "only (PostgreSQL: a new one made with createdb; SQLite: a file that does not exist yet)."
        )
    if media_root.exists() and not media_root.is_dir():
        raise BackupError(f"The media folder {media_root} is not a folder.")
    files = _media_file_count(media_root)
    if files:
        raise BackupError(
            f"The media folder {media_root} is not empty: it holds {files} files. "
            "Restore into an empty or absent media folder."
        )


def _contents(decryptor: Decryptor, vendor: str, stage: Path | None) -> Contents:
    """Reads every entry (into ``stage`` when given) and the manifest; every chunk is authenticated
    on the way, and the last one too, or this raises."""
    expected_database = databases.ENTRY[vendor]
    seen_database, manifest = False, None
    files = media_bytes = database_bytes = 0
    for name, data in container.entries(decryptor.read):
        if manifest is not None:
            raise BackupError("The archive's contents are damaged (entries after the manifest).")
        if name == expected_database and not seen_database:
            database_bytes = _drain(data, stage / "database" if stage else None)
            seen_database = True
        elif name.startswith("media/") and seen_database:
            relative = container.safe_media_path(name)
            media_bytes += _drain(data, stage / "media" / relative if stage else None)
            files += 1
        elif name == MANIFEST and seen_database:
            manifest = _manifest(b"".join(data))
        else:
            raise BackupError("The archive's contents are damaged (an entry out of place).")
    if manifest is None:
        raise BackupError("The archive's contents are damaged (no manifest).")
    if (manifest.files, manifest.media_bytes, manifest.database_bytes) != (files, media_bytes, database_bytes):
        raise BackupError("The archive's contents do not match its manifest.")
    return manifest


def _drain(data: Iterator[bytes], path: Path | None) -> int:
    size = 0
    if path is None:
        for piece in data:
            size += len(piece)
        return size
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        raise BackupError("The archive's contents are damaged (a file twice).")
    with path.open("xb") as file:
        for piece in data:
            file.write(piece)
            size += len(piece)
    return size


def _manifest(raw: bytes) -> Contents:
    try:
        data: Any = json.loads(raw)
        tables = {str(name): int(rows) for name, rows in data["tables"].items()}
        return Contents(
            tables=tables,
            database_bytes=int(data["database_bytes"]),
            files=int(data["files"]),
            media_bytes=int(data["media_bytes"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BackupError("The archive's contents are damaged (its manifest).") from None


def restore_archive(
    archive: Path,
    *,
    private_key: X25519PrivateKey,
    database: dict,
    media_root: Path,
    check_only: bool = False,
) -> Checked:
    """Verify ``archive`` and, unless ``check_only``, restore it into the empty ``database`` (a
    DATABASES entry) and ``media_root``. The staging folder is made beside the media folder (files
    move into place by renaming) and removed afterwards; it needs room for the archive's contents."""
    media_root = Path(media_root).resolve()
    try:
        source = archive.open("rb")
    except OSError as error:
        raise BackupError(f"Cannot read the archive {archive}: {error.strerror}.") from None
    with source:
        decryptor = Decryptor(source, private_key)
        header = decryptor.header
        pending = _refusals(header, database)
        vendor = str(header["vendor"])
        if check_only:
            contents = _contents(decryptor, vendor, None)
            return Checked(header=header, archive_bytes=archive.stat().st_size, contents=contents, pending=pending)
        _refuse_non_empty(database, media_root)
        try:
            media_root.parent.mkdir(parents=True, exist_ok=True)
            stage = Path(tempfile.mkdtemp(prefix=".homecoming-restore-", dir=media_root.parent))
        except OSError as error:
            raise BackupError(f"Cannot make a staging folder beside {media_root}: {error.strerror}.") from None
        try:
            contents = _contents(decryptor, vendor, stage)
            # Verified from end to end: now, and only now, the target is changed.
            databases.load(database, stage / "database")
            _move_media(stage / "media", media_root)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
    restored = databases.row_counts(database)
    if restored != contents.tables:
        differing = sorted(t for t in set(restored) | set(contents.tables) if restored.get(t) != contents.tables.get(t))
        raise BackupError(
            f"The restored database differs from what the archive recorded in {len(differing)} tables "
            f"({', '.join(differing[:5])}): do not use it; restore again into a new empty database."
        )
    return Checked(
        header=header, archive_bytes=archive.stat().st_size, contents=contents, pending=pending, restored=True
    )


def _move_media(staged: Path, media_root: Path) -> None:
    media_root.mkdir(parents=True, exist_ok=True)
    if not staged.is_dir():
        return
    for path in sorted(p for p in staged.rglob("*") if p.is_file()):
        relative = PurePosixPath(path.relative_to(staged).as_posix())
        destination = media_root.joinpath(*relative.parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, destination)
