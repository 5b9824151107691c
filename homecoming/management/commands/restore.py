"""Restores an archive into the configured, empty database and media folder (README, "Backup and restore").

    python manage.py restore --archive FILE --private-key FILE [--check-only]

Everything is checked before anything is touched: the archive authenticates from end to end, its
database vendor is the configured one, its schema is not newer than this code, the configured keys
are the ones it needs (by fingerprint), and the database and media folder are empty. ``--check-only``
does all but the last and restores nothing: how to test a backup without a spare server.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.actor import Actor
from homecoming.backup import BackupError, actions, archive, databases, keys


class Command(BaseCommand):
    help = (
        "Check an archive from end to end and restore it into the configured database (which must be empty: a new "
        "database, or a SQLite file that does not exist yet) and media folder (empty or absent). "
        "With --check-only, verify it and print what it holds without restoring."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--archive", type=Path, required=True, help="the archive written by `backup`")
        parser.add_argument(
            "--private-key", type=Path, required=True, help="the backup private key (from generate_backup_key)"
        )
        parser.add_argument(
            "--check-only", action="store_true", help="verify and describe the archive; restore nothing"
        )

    def handle(self, *args, archive: Path, private_key: Path, check_only: bool, **options) -> None:
        try:
            key = keys.load_private_key(private_key)
            if check_only:
                checked = self._check(archive, key)
            else:
                restored = actions.restore(actor=Actor.for_system(), archive_path=archive, private_key=key)
                checked = restored.checked
        except BackupError as error:
            raise CommandError(str(error)) from None
        self._describe(checked)
        if check_only:
            self.stdout.write(
                self.style.SUCCESS(
                    "Check only: the archive is intact and this installation can restore it; nothing was restored."
                )
            )
            return
        database = actions.configured_database()
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored into the database {database['NAME']} and the media folder {settings.MEDIA_ROOT}."
            )
        )
        if checked.pending:
            self.stdout.write(
                self.style.WARNING(
                    f"The archive's schema is older than this code: run `python manage.py migrate` now "
                    f"({len(checked.pending)} migrations to apply)."
                )
            )
        if restored.recorded:
            self.stdout.write("The restore is recorded in the restored audit log.")
        else:
            self.stdout.write(
                self.style.WARNING(
                    "The restore could not be recorded in the audit log: its tables are older than this code. "
                    "Run `python manage.py migrate`, and note the restore (archive "
                    f"{checked.archive_id}) in your own records."
                )
            )
        self.stdout.write("Then run `python manage.py verify_audit --full`.")

    def _check(self, path: Path, key) -> archive.Checked:
        return archive.restore_archive(
            path,
            private_key=key,
            database=actions.configured_database(),
            media_root=Path(settings.MEDIA_ROOT),
            check_only=True,
        )

    def _describe(self, checked: archive.Checked) -> None:
        header, contents = checked.header, checked.contents
        self.stdout.write(
            f"Archive {checked.archive_id}: format {header['version']}, written {header.get('created_at')} "
            f"by Homecoming {header.get('homecoming_version') or '(unknown version)'}, {checked.archive_bytes} bytes, "
            f"encrypted to backup key {header['recipient']}; authentic from end to end."
        )
        self.stdout.write(
            f"  database ({databases.vendor_name(header['vendor'])}): {len(contents.tables)} tables, "
            f"{contents.rows} rows, {contents.database_bytes} bytes; media: {contents.files} files, "
            f"{contents.media_bytes} bytes"
        )
        schema = (
            f"older than this code ({len(checked.pending)} migrations to apply after a restore)"
            if checked.pending
            else "the same as this code's"
        )
        self.stdout.write(f"  schema: {len(header['migrations'])} migrations applied, {schema}")
        counts = ", ".join(
            f"{len(header['keys'][kind])} {words}{'s' if len(header['keys'][kind]) != 1 else ''}"
            for kind, (words, _variable) in keys.KINDS.items()
        )
        self.stdout.write(f"  keys: {counts}, all configured here")
