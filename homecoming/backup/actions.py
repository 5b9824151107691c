"""Backing up and restoring, as the system: each writes its audit row.

A backup's row goes into the database it copied, after the archive is complete (so that it is
not in the archive it records). A restore cannot record anything before the database exists: its
row is appended to the restored chain, which goes on from the head the archive holds, and
``verify_audit --full`` walks it from the first row to that one.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from django.conf import settings
from django.db import connection

from core.actor import Actor
from core.audit import AuditAction, record
from core.models import AuditChainHead, AuditEvent
from homecoming.backup import archive, databases, keys


def back_up(*, actor: Actor, output: Path) -> archive.Written:
    """An archive of the configured database and media folder, encrypted to the configured backup key."""
    public_key = keys.configured_public_key()
    written = archive.write_archive(output, public_key=public_key)
    record(
        action=AuditAction.BACKUP_WRITTEN,
        actor=actor,
        object_type="backup",
        object_ref=written.archive_id,
        reason=f"tables={len(written.contents.tables)} rows={written.contents.rows} files={written.contents.files} "
        f"bytes={written.archive_bytes}",
    )
    return written


def configured_database() -> dict:
    """The database a restore goes into: the configured one, which the operator points at a new, empty
    database (DATABASE_URL) before restoring."""
    return settings.DATABASES["default"]


@dataclasses.dataclass(frozen=True)
class Restored:
    checked: archive.Checked
    # False when the restored audit tables are older than this code's: ``migrate`` first.
    recorded: bool


def restore(
    *,
    actor: Actor,
    archive_path: Path,
    private_key: X25519PrivateKey,
    database: dict | None = None,
    media_root: Path | None = None,
) -> Restored:
    """Restore an archive into an empty database (by default the configured one) and media folder,
    then append the restore to the restored audit chain."""
    database = database if database is not None else configured_database()
    checked = archive.restore_archive(
        archive_path,
        private_key=private_key,
        database=database,
        media_root=Path(media_root if media_root is not None else settings.MEDIA_ROOT),
    )
    with databases.as_default(database):
        if not _audit_tables_are_current():
            return Restored(checked=checked, recorded=False)
        record(
            action=AuditAction.BACKUP_RESTORED,
            actor=actor,
            object_type="backup",
            object_ref=checked.archive_id,
            reason=f"written_at={checked.header.get('created_at', '')}",
        )
    return Restored(checked=checked, recorded=True)


def _audit_tables_are_current() -> bool:
    """Whether the restored audit tables have every column this code writes: an archive from an
    older schema may predate one, and then the row waits until ``migrate`` has run."""
    with connection.cursor() as cursor:
        for model in (AuditEvent, AuditChainHead):
            columns = {c.name for c in connection.introspection.get_table_description(cursor, model._meta.db_table)}
            if {field.column for field in model._meta.concrete_fields} - columns:
                return False
    return True
