"""Backup → restore round trip, and every refusal of ``restore`` (issue 16 §3).

The round trip backs up committed data (a family, a note, a screening, a referral, a practice's
attachment) through the ``backup`` command, restores it into a new empty database (a new SQLite file;
on PostgreSQL a database made on the same test cluster and dropped afterwards) and compares every
table row by row and the media files byte for byte. The refusals use one archive per module of the
test database as it stands (migrated, reference data only), written without an audit row.
"""

from __future__ import annotations

import io
import os
import sqlite3
import uuid
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from conftest import IDENTITIES, restore_reference_data
from core.actor import Actor
from core.audit import AuditAction
from core.models import AuditChainHead, AuditEvent
from homecoming.backup import BackupError, actions, databases, keys
from homecoming.backup.archive import write_archive
from homecoming.backup.stream import Decryptor, Encryptor

ATTACHMENT = b"%PDF-1.4 a practice's attachment\n"
CHUNK = 4096


# --- Fixtures: keys, scratch databases, one archive per module ------------------------------------------


@pytest.fixture(scope="module")
def backup_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


@pytest.fixture(scope="module")
def private_key_file(tmp_path_factory, backup_key) -> Path:
    path = tmp_path_factory.mktemp("keys") / "backup.pem"
    path.write_bytes(
        backup_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return path


def _pg_admin():
    import psycopg

    settings_dict = connection.settings_dict
    return psycopg.connect(
        host=settings_dict["HOST"],
        port=settings_dict["PORT"],
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    )


class ScratchDatabases:
    """Empty databases beside the test database: SQLite files, or PostgreSQL databases on the test
    cluster (dropped at the end). Never the test database itself."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: list[str] = []

    def new(self) -> dict:
        if connection.vendor == "sqlite":
            return {**connection.settings_dict, "NAME": str(self.folder / f"{uuid.uuid4().hex}.sqlite3")}
        name = f"{connection.settings_dict['NAME']}_{uuid.uuid4().hex[:10]}"
        with _pg_admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return {**connection.settings_dict, "NAME": name}

    def drop_all(self) -> None:
        if self.made:
            with _pg_admin() as admin:
                for name in self.made:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def scratch(tmp_path_factory, django_db_setup):
    databases_ = ScratchDatabases(tmp_path_factory.mktemp("databases"))
    yield databases_
    databases_.drop_all()


@pytest.fixture(scope="module")
def empty_target(scratch) -> dict:
    """One empty database for the refusals, which never write to it."""
    return scratch.new()


@pytest.fixture(scope="module")
def archive(tmp_path_factory, django_db_setup, django_db_blocker, backup_key) -> Path:
    """The test database as it stands and one uploaded file, in small chunks (so that an archive has
    many), written straight by ``write_archive``: no audit row goes into the test database."""
    folder = tmp_path_factory.mktemp("archive")
    media = folder / "media"
    (media / "practices").mkdir(parents=True)
    (media / "practices" / "note.pdf").write_bytes(ATTACHMENT)
    with django_db_blocker.unblock():
        written = write_archive(
            folder / "test.hcbackup", public_key=backup_key.public_key(), media_root=media, chunk_size=CHUNK
        )
    return written.path


def _reseal(archive_path: Path, backup_key: X25519PrivateKey, change) -> Path:
    """The same contents under a header changed by ``change``: what another version of Homecoming, or
    another installation, would have written (anyone with the public key can write an archive)."""
    with archive_path.open("rb") as source:
        decryptor = Decryptor(source, backup_key)
        header = {
            k: v
            for k, v in decryptor.header.items()
            if k not in {"format", "version", "recipient", "ephemeral_key", "salt", "chunk_size"}
        }
        change(header)
        out = io.BytesIO()
        encryptor = Encryptor(out, header, backup_key.public_key(), chunk_size=CHUNK)
        for chunk in decryptor.chunks():
            encryptor.write(chunk)
        encryptor.finish()
    path = archive_path.with_name(f"resealed-{uuid.uuid4().hex[:8]}.hcbackup")
    path.write_bytes(out.getvalue())
    return path


def _restore(archive_path: Path, backup_key, database: dict, media_root: Path) -> actions.Restored:
    return actions.restore(
        actor=Actor.for_system(),
        archive_path=archive_path,
        private_key=backup_key,
        database=database,
        media_root=media_root,
    )


def _tables(wrapper) -> dict[str, list[tuple]]:
    """Every table of the database, its rows as sorted tuples of all columns."""
    with wrapper.cursor() as cursor:
        result = {}
        for name in wrapper.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {wrapper.ops.quote_name(name)}")  # noqa: S608 (names from the database)
            result[name] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
        return result


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _untouched(database: dict, media_root: Path) -> None:
    assert databases.table_count(database) == 0
    assert not media_root.exists()
    assert not [p for p in media_root.parent.iterdir() if p.name.startswith(".homecoming-restore-")]


# --- The round trip --------------------------------------------------------------------------------------


def _realistic_data(city_a, case_worker, psychologist, coordinator, network_editor):
    from casework.models import NeedsDomain
    from casework.tests import builders as case
    from conftest import make_family
    from coordination.actions import send_referral
    from instruments.tests.builders import screening
    from network.library import actions as library
    from network.library.tests import files
    from network.library.tests.builders import make_practice
    from people.tests.builders import actor_of, consent

    family = make_family(city_a, case_worker, psychologist, coordinator)
    case.note(family.mother, "Visited at home; the children were at school.", by=case_worker)
    screening(family.mother, by=psychologist)
    consent(family.mother, city_a.cso, ["summary"], recorded_by=coordinator)
    send_referral(
        actor=actor_of(case_worker),
        participant=family.mother,
        to_organisation=city_a.cso,
        domain=NeedsDomain.objects.get(code="livelihood"),
        what="Help to find part-time work",
        urgency="routine",
        categories=["summary"],
    )
    practice = make_practice(network_editor, city_a.social)
    library.add_attachment(actor=Actor.of(network_editor), practice=practice, name="report.pdf", data=files.PDF)
    return family


@pytest.mark.django_db(transaction=True)  # pg_dump and the SQLite backup API see committed data only
def test_a_backup_restores_every_table_and_file_into_an_empty_database(
    settings, tmp_path, scratch, backup_key, city_a, coordinator, case_worker, psychologist, network_editor
):
    restore_reference_data()  # an earlier transactional test may have flushed the seeded rows
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.HOMECOMING_BACKUP_PUBLIC_KEY = backup_key.public_key().public_bytes_raw()
    family = _realistic_data(city_a, case_worker, psychologist, coordinator, network_editor)
    before = _tables(connection)
    (tmp_path / "backups").mkdir()

    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "backups"), stdout=out)

    [archive_path] = (tmp_path / "backups").iterdir()
    assert archive_path.name.endswith(".hcbackup") and archive_path.stat().st_mode & 0o777 == 0o600
    written = AuditEvent.objects.order_by("id").last()
    assert written.action == AuditAction.BACKUP_WRITTEN and written.actor is None
    assert written.object_ref in out.getvalue()
    rows = sum(len(table) for table in before.values())
    assert f"{len(before)} tables, {rows} rows" in out.getvalue()
    assert "media: 1 files" in out.getvalue()
    for name, _born, document, _phone in IDENTITIES.values():  # counts only: nothing of anyone
        assert name not in out.getvalue() and (not document or document not in out.getvalue())

    target, restored_media = scratch.new(), tmp_path / "restored-media"
    restored = _restore(archive_path, backup_key, target, restored_media)

    assert restored.recorded and restored.checked.pending == []
    assert _files(restored_media) == _files(tmp_path / "media") != {}
    with databases.as_default(target):
        after = _tables(connection)
        # Identities open with the configured keys, and the audit chain goes on from the restored head.
        from people.models import Identity

        assert Identity.objects.get(pk=family.mother.pk).full_name == IDENTITIES["mother"][0]
        last = AuditEvent.objects.order_by("id").last()
        assert (last.action, last.object_ref) == (AuditAction.BACKUP_RESTORED, written.object_ref)
        check = io.StringIO()
        call_command("verify_audit", "--full", stdout=check)
        assert "Audit chain intact" in check.getvalue()

    models = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    assert models | {"django_migrations"} <= set(before) == set(after)
    assert any(name.startswith("people_historical") for name in before)
    events, head = AuditEvent._meta.db_table, AuditChainHead._meta.db_table
    for name, rows_before in before.items():
        if name not in {events, head}:
            assert after[name] == rows_before, name
    # Only the restore's own row is new (verify_audit --full stored its checkpoint in another table).
    assert set(before[events]) < set(after[events]) and len(after[events]) == len(before[events]) + 1


# --- Checking an archive ----------------------------------------------------------------------------------


def test_check_only_verifies_and_describes_the_archive_and_restores_nothing(archive, private_key_file, db):
    out = io.StringIO()
    call_command(
        "restore", "--archive", str(archive), "--private-key", str(private_key_file), "--check-only", stdout=out
    )
    text = out.getvalue()
    assert "authentic from end to end" in text
    assert f"database ({databases.vendor_name(connection.vendor)})" in text
    assert "media: 1 files, 33 bytes" in text
    assert "the same as this code's" in text
    assert "1 identity key, 1 blind-index key, 1 audit key, 1 network key, all configured here" in text
    assert "nothing was restored" in text


def test_an_archive_opens_when_the_configured_keys_include_its_own(archive, backup_key, settings, db):
    settings.HOMECOMING_IDENTITY_KEYS = [os.urandom(32), *settings.HOMECOMING_IDENTITY_KEYS]
    settings.HOMECOMING_AUDIT_KEYS = [*settings.HOMECOMING_AUDIT_KEYS, os.urandom(32)]
    from homecoming.backup.archive import restore_archive

    checked = restore_archive(
        archive, private_key=backup_key, database=connection.settings_dict, media_root=Path("/nowhere"), check_only=True
    )
    assert checked.contents.files == 1 and not checked.restored


# --- Refusals: nothing is changed ------------------------------------------------------------------------


def _size_to_cut(archive: Path) -> int:
    """Where the last whole chunk ends: the archive cut at a chunk boundary."""
    with archive.open("rb") as source:
        from homecoming.backup.stream import read_header

        start = len(read_header(source).prefix)
    chunks = (archive.stat().st_size - start) // (CHUNK + 16)
    return start + (chunks - 1) * (CHUNK + 16)


@pytest.mark.parametrize("damage", ["a byte in the middle", "the last byte", "cut at a chunk boundary"])
def test_a_damaged_archive_is_refused_and_nothing_is_restored(archive, backup_key, empty_target, tmp_path, damage, db):
    data = bytearray(archive.read_bytes())
    if damage == "a byte in the middle":
        data[len(data) // 2] ^= 1
    elif damage == "the last byte":
        data[-1] ^= 1
    else:
        del data[_size_to_cut(archive) :]
    damaged = tmp_path / "damaged.hcbackup"
    damaged.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="does not authenticate"):
        _restore(damaged, backup_key, empty_target, tmp_path / "media")
    _untouched(empty_target, tmp_path / "media")


def test_another_private_key_is_refused(archive, empty_target, tmp_path, db):
    with pytest.raises(BackupError, match="the private key given belongs to backup key"):
        _restore(archive, X25519PrivateKey.generate(), empty_target, tmp_path / "media")
    _untouched(empty_target, tmp_path / "media")


def test_an_archive_of_the_other_database_vendor_is_refused(archive, backup_key, tmp_path, db):
    other = (
        {"ENGINE": "django.db.backends.postgresql", "NAME": "elsewhere", "HOST": "192.0.2.1"}
        if connection.vendor == "sqlite"
        else {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "new.sqlite3")}
    )
    here, there = databases.vendor_name(connection.vendor), databases.vendor_name(databases.vendor_of(other))
    with pytest.raises(BackupError, match=f"holds a {here} database; the database to restore into is {there}"):
        _restore(archive, backup_key, other, tmp_path / "media")
    assert not (tmp_path / "new.sqlite3").exists() and not (tmp_path / "media").exists()


def test_an_archive_from_a_newer_schema_is_refused(archive, backup_key, empty_target, tmp_path, db):
    newer = _reseal(archive, backup_key, lambda header: header["migrations"].append(["people", "9999_from_the_future"]))
    with pytest.raises(BackupError, match=r"newer schema: it records 1 migration\(s\) .*people.9999_from_the_future"):
        _restore(newer, backup_key, empty_target, tmp_path / "media")
    _untouched(empty_target, tmp_path / "media")


def test_an_archive_is_refused_when_its_identity_key_is_not_configured(
    archive, backup_key, empty_target, settings, tmp_path, db
):
    archived = keys.fingerprint("identity", settings.HOMECOMING_IDENTITY_KEYS[0])
    settings.HOMECOMING_IDENTITY_KEYS = [os.urandom(32)]
    with pytest.raises(BackupError, match=f"missing: identity key {archived} \\(add it to HOMECOMING_IDENTITY_KEYS\\)"):
        _restore(archive, backup_key, empty_target, tmp_path / "media")
    _untouched(empty_target, tmp_path / "media")


def test_an_archive_is_refused_under_another_blind_index_key(archive, backup_key, empty_target, settings, tmp_path, db):
    archived = keys.fingerprint("blind_index", settings.HOMECOMING_BLIND_INDEX_KEY)
    settings.HOMECOMING_BLIND_INDEX_KEY = os.urandom(32)
    with pytest.raises(BackupError, match=f"missing: blind-index key {archived}"):
        _restore(archive, backup_key, empty_target, tmp_path / "media")
    _untouched(empty_target, tmp_path / "media")


def test_a_restore_into_a_database_that_holds_tables_is_refused(archive, backup_key, tmp_path, db):
    if connection.vendor == "sqlite":
        target = {**connection.settings_dict, "NAME": str(tmp_path / "used.sqlite3")}
        with sqlite3.connect(target["NAME"]) as used:
            used.execute("CREATE TABLE earlier (id integer)")
    else:
        target = connection.settings_dict  # the test database: it has tables, and must keep them
    tables = databases.table_count(target)
    with pytest.raises(BackupError, match=f"not empty: it holds {tables} tables"):
        _restore(archive, backup_key, target, tmp_path / "media")
    assert databases.table_count(target) == tables
    assert not (tmp_path / "media").exists()


def test_a_restore_into_a_media_folder_that_holds_files_is_refused(archive, backup_key, empty_target, tmp_path, db):
    (tmp_path / "media" / "practices").mkdir(parents=True)
    (tmp_path / "media" / "practices" / "earlier.pdf").write_bytes(b"earlier")
    with pytest.raises(BackupError, match=r"media folder .* is not empty: it holds 1 files"):
        _restore(archive, backup_key, empty_target, tmp_path / "media")
    assert databases.table_count(empty_target) == 0
    assert _files(tmp_path / "media") == {"practices/earlier.pdf": b"earlier"}


# --- An older schema --------------------------------------------------------------------------------------


def test_an_archive_from_an_older_schema_restores_and_the_command_says_to_migrate(
    archive, backup_key, private_key_file, scratch, tmp_path, settings, monkeypatch, db
):
    older = _reseal(archive, backup_key, lambda header: header["migrations"].remove(["mel", _last("mel")]))
    target = scratch.new()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    monkeypatch.setattr(actions, "configured_database", lambda: target)
    out = io.StringIO()
    call_command("restore", "--archive", str(older), "--private-key", str(private_key_file), stdout=out)
    text = out.getvalue()
    assert "older than this code (1 migrations to apply after a restore)" in text
    assert "run `python manage.py migrate` now (1 migrations to apply)" in text
    assert "The restore is recorded in the restored audit log." in text
    assert _files(tmp_path / "media") == {"practices/note.pdf": ATTACHMENT}
    with databases.as_default(target):
        assert AuditEvent.objects.order_by("id").last().action == AuditAction.BACKUP_RESTORED


def _last(app: str) -> str:
    from django.db.migrations.loader import MigrationLoader

    return max(name for label, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations if label == app)


def test_the_restore_command_turns_a_refusal_into_a_command_error(archive, tmp_path, db):
    other_key = tmp_path / "other.pem"
    call_command("generate_backup_key", "--private-out", str(other_key), stdout=io.StringIO())
    with pytest.raises(CommandError, match="encrypted to backup key"):
        call_command("restore", "--archive", str(archive), "--private-key", str(other_key), "--check-only")
