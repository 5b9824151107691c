"""A consistent copy of the database, loading one into an empty database, and what "empty" means.

PostgreSQL: a read-only REPEATABLE READ transaction exports its snapshot; the applied migrations
and the row counts are read in it and ``pg_dump -Fc --snapshot`` dumps exactly what it sees, so
the header, the dump and the counts agree while the app goes on writing. The dump streams from
the pipe into the encrypted archive: no plaintext copy is left on the server's disk. Connection
details go to ``pg_dump``/``pg_restore`` in PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE,
never on the command line (where any local user could read them).

SQLite: the online backup API copies the database in one step, which holds one read transaction
(in WAL mode writers go on meanwhile), into a file beside the database, as readable as the
database itself and removed when the archive is written. Migrations and counts are read there.

A target counts as empty when it has no tables at all: a SQLite file that does not exist (or has
no tables), a PostgreSQL database made with ``createdb`` and nothing else.
"""

from __future__ import annotations

import contextlib
import copy
import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.utils import load_backend

from homecoming.backup import BackupError

VENDORS = {"django.db.backends.sqlite3": "sqlite", "django.db.backends.postgresql": "postgresql"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
ENTRY = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
_READ = 1 << 20

Migration = tuple[str, str]


def vendor_of(database: dict) -> str:
    vendor = VENDORS.get(database.get("ENGINE", ""))
    if vendor is None:
        raise BackupError("Backups support SQLite and PostgreSQL databases only.")
    return vendor


def vendor_name(vendor: object) -> str:
    return VENDOR_NAMES.get(str(vendor), f"an unknown kind of ({vendor})")


# --- Connections -----------------------------------------------------------------------------------


def _wrapper(database: dict, alias: str) -> BaseDatabaseWrapper:
    """A Django connection of its own to ``database`` (a DATABASES entry), opened on first use."""
    configured = connections.configure_settings({DEFAULT_DB_ALIAS: copy.deepcopy(database)})[DEFAULT_DB_ALIAS]
    return load_backend(configured["ENGINE"]).DatabaseWrapper(configured, alias)


def _is_default(database: dict) -> bool:
    return database is connections[DEFAULT_DB_ALIAS].settings_dict or database == connections.settings.get(
        DEFAULT_DB_ALIAS
    )


@contextlib.contextmanager
def as_default(database: dict) -> Iterator[None]:
    """The models read and write ``database`` inside the block (in this thread): how a restore
    appends its audit row to the database it restored when that is not the configured one."""
    if _is_default(database):
        yield
        return
    previous = connections[DEFAULT_DB_ALIAS]
    wrapper = _wrapper(database, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = wrapper
    try:
        yield
    finally:
        wrapper.close()
        connections[DEFAULT_DB_ALIAS] = previous


def _sqlite_uri(name: str, *, read_only: bool) -> str:
    if name.startswith("file:"):
        return name  # an in-memory test database: already a URI
    uri = Path(name).resolve().as_uri()
    return f"{uri}?mode=ro" if read_only else uri


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    return [name for (name,) in rows]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    counts = {}
    for table in _sqlite_tables(db):
        counts[table] = db.execute(f"SELECT count(*) FROM {_quote(table)}").fetchone()[0]  # noqa: S608 (from sqlite_master)
    return counts


_PG_TABLES = (
    "SELECT schemaname, tablename FROM pg_catalog.pg_tables "
    "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
)


def _pg_counts(cursor) -> dict[str, int]:
    cursor.execute(_PG_TABLES)
    counts = {}
    for schema, table in cursor.fetchall():
        cursor.execute(f"SELECT count(*) FROM {_quote(schema)}.{_quote(table)}")  # noqa: S608 (names from pg_tables)
        counts[table if schema == "public" else f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


# --- PostgreSQL's tools ------------------------------------------------------------------------------


def pg_binary(name: str) -> str:
    """The newest installed PostgreSQL's tool (a newer pg_dump reads older servers), else PATH's."""
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    found = candidates[-1] if candidates else shutil.which(name)
    if not found:
        raise BackupError(f"{name} was not found: install PostgreSQL's client programs (postgresql-client).")
    return found


_PG_ENVIRONMENT = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD", "NAME": "PGDATABASE"}
_PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


def pg_environment(database: dict) -> dict[str, str]:
    """The environment for pg_dump/pg_restore: the process's own (libpq reads PG* variables for what
    the settings leave out, as it does for the app's connection), with the settings' values over it."""
    environment = dict(os.environ)
    for key, variable in _PG_ENVIRONMENT.items():
        value = database.get(key)
        if value not in (None, ""):
            environment[variable] = str(value)
    for key, variable in _PG_OPTIONS.items():
        value = database.get("OPTIONS", {}).get(key)
        if value not in (None, ""):
            environment[variable] = str(value)
    return environment


def _tool_errors(output: bytes) -> str:
    """The tool's own error lines, without the DETAIL and CONTEXT lines that may quote row values."""
    lines = [line.strip() for line in output.decode(errors="replace").splitlines()]
    errors = [line[:300] for line in lines if line.startswith(("pg_dump:", "pg_restore:"))]
    return " | ".join(errors[:3]) or "no message"


# --- A consistent copy of the source -----------------------------------------------------------------


@dataclass
class Snapshot:
    vendor: str
    migrations: list[Migration]
    chunks: Callable[[], Iterator[bytes]]
    counts: Callable[[], dict[str, int]]

    @property
    def entry(self) -> str:
        return ENTRY[self.vendor]

    @property
    def compress(self) -> bool:
        # pg_dump's custom format is compressed already; a SQLite file is not.
        return self.vendor == "sqlite"


@contextlib.contextmanager
def snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[Snapshot]:
    """A consistent view of the database ``using`` names, for as long as the block lasts."""
    connection = connections[using]
    vendor = vendor_of(connection.settings_dict)
    with _sqlite_snapshot(connection) if vendor == "sqlite" else _pg_snapshot(using) as taken:
        yield taken


def _migrations(rows) -> list[Migration]:
    return sorted((str(app), str(name)) for app, name in rows)


@contextlib.contextmanager
def _sqlite_snapshot(connection: BaseDatabaseWrapper) -> Iterator[Snapshot]:
    if connection.in_atomic_block:
        # The backup API would wait forever for the write lock this connection holds.
        raise BackupError("A backup cannot run inside a transaction.")
    connection.ensure_connection()
    name = str(connection.settings_dict["NAME"])
    folder = None if connection.is_in_memory_db() else Path(name).resolve().parent
    fd, copy_name = tempfile.mkstemp(prefix=".homecoming-backup-", suffix=".sqlite3", dir=folder)
    os.close(fd)
    try:
        copied = sqlite3.connect(copy_name)
        try:
            connection.connection.backup(copied)
            # One self-contained file: the copy keeps the source's WAL mode otherwise.
            copied.execute("PRAGMA journal_mode=DELETE")
            try:
                migrations = _migrations(copied.execute("SELECT app, name FROM django_migrations"))
            except sqlite3.OperationalError:
                raise BackupError("The database has no django_migrations table: it was never migrated.") from None
            counts = _sqlite_counts(copied)
        finally:
            copied.close()

        def chunks() -> Iterator[bytes]:
            with open(copy_name, "rb") as file:
                while data := file.read(_READ):
                    yield data

        yield Snapshot(vendor="sqlite", migrations=migrations, chunks=chunks, counts=lambda: counts)
    finally:
        os.unlink(copy_name)


@contextlib.contextmanager
def _pg_snapshot(using: str) -> Iterator[Snapshot]:
    # A connection of its own: the snapshot's transaction must not be the app's (or a test's).
    wrapper = connections.create_connection(using)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            exported = cursor.fetchone()[0]
            try:
                cursor.execute("SELECT app, name FROM django_migrations")
            except DatabaseError:
                raise BackupError("The database has no django_migrations table: it was never migrated.") from None
            migrations = _migrations(cursor.fetchall())

            def counts() -> dict[str, int]:
                return _pg_counts(cursor)

            yield Snapshot(
                vendor="postgresql",
                migrations=migrations,
                chunks=lambda: _pg_dump(wrapper.settings_dict, exported),
                counts=counts,
            )
            cursor.execute("COMMIT")
    finally:
        wrapper.close()


def _pg_dump(database: dict, exported: str) -> Iterator[bytes]:
    command = [pg_binary("pg_dump"), "--format=custom", "--no-password", f"--snapshot={exported}"]
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, env=pg_environment(database))
        stdout: IO[bytes] = process.stdout  # type: ignore[assignment]
        try:
            while data := stdout.read(_READ):
                yield data
        except BaseException:
            process.kill()
            process.wait()
            raise
        finally:
            stdout.close()
        code = process.wait()
        if code != 0:
            errors.seek(0)
            raise BackupError(f"pg_dump failed (exit {code}): {_tool_errors(errors.read())}. No backup written.")


# --- The target of a restore ------------------------------------------------------------------------


def table_count(database: dict) -> int:
    """How many tables the target holds: a restore goes into an empty database only."""
    if vendor_of(database) == "sqlite":
        name = str(database["NAME"])
        if not name.startswith("file:") and (not Path(name).exists() or Path(name).stat().st_size == 0):
            return 0
        db = sqlite3.connect(_sqlite_uri(name, read_only=True), uri=True)
        try:
            return len(_sqlite_tables(db))
        finally:
            db.close()
    wrapper = _wrapper(database, "backup-target")
    try:
        with wrapper.cursor() as cursor:
            cursor.execute(_PG_TABLES)
            return len(cursor.fetchall())
    except DatabaseError as error:
        raise BackupError(f"Cannot read the database to restore into: {str(error).strip()[:300]}") from None
    finally:
        wrapper.close()


def row_counts(database: dict) -> dict[str, int]:
    """Every table's row count, to compare a restored database with what its archive recorded."""
    if vendor_of(database) == "sqlite":
        db = sqlite3.connect(_sqlite_uri(str(database["NAME"]), read_only=True), uri=True)
        try:
            return _sqlite_counts(db)
        finally:
            db.close()
    wrapper = _wrapper(database, "backup-target")
    try:
        with wrapper.cursor() as cursor:
            return _pg_counts(cursor)
    finally:
        wrapper.close()


def load(database: dict, dump: Path) -> None:
    """Fill the (empty) target from a staged, authenticated dump."""
    if vendor_of(database) == "sqlite":
        _sqlite_load(database, dump)
    else:
        _pg_load(database, dump)


def _sqlite_load(database: dict, dump: Path) -> None:
    name = str(database["NAME"])
    created = not name.startswith("file:") and not Path(name).exists()
    source = sqlite3.connect(dump)
    target = sqlite3.connect(_sqlite_uri(name, read_only=False), uri=True)
    try:
        source.backup(target)
    except sqlite3.Error as error:
        target.close()
        if created:
            Path(name).unlink(missing_ok=True)
        raise BackupError(
            f"Loading the SQLite database failed ({error.sqlite_errorname}): nothing was restored."
        ) from None
    finally:
        source.close()
        target.close()


def _pg_load(database: dict, dump: Path) -> None:
    # One transaction, stopped at the first error: a failed restore leaves the database empty.
    # Without owners and privileges: the target's own user owns what it restores.
    command = [
        pg_binary("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--no-password",
        f"--dbname={database['NAME']}",
        str(dump),
    ]
    result = subprocess.run(command, capture_output=True, env=pg_environment(database), check=False)
    if result.returncode != 0:
        raise BackupError(
            f"pg_restore failed (exit {result.returncode}): {_tool_errors(result.stderr)}. "
            "Its transaction was rolled back: the database is as empty as before."
        )


# --- Schema versions ---------------------------------------------------------------------------------


def schema_difference(recorded: set[Migration]) -> tuple[list[Migration], list[Migration]]:
    """(migrations the archive records that this code does not know — a newer schema;
    migrations of this code the archive lacks — an older schema, for ``migrate`` after a restore)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    on_disk: dict[Migration, Any] = loader.disk_migrations
    known = set(on_disk) | {replaced for migration in on_disk.values() for replaced in migration.replaces}
    unknown = sorted(recorded - known)

    def applied(key: Migration) -> bool:
        migration = on_disk.get(key)
        replaces = getattr(migration, "replaces", None) or []
        return key in recorded or (bool(replaces) and all(tuple(r) in recorded for r in replaces))

    pending = sorted(key for key in loader.graph.nodes if not applied(key))
    return unknown, pending
