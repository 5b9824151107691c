"""Writes one encrypted archive of the database and the uploaded files (README, "Backup and restore").

    python manage.py backup --output /var/backups/homecoming/

Run it nightly from a timer. The output is counts and sizes only.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.actor import Actor
from homecoming.backup import BackupError, actions, databases


class Command(BaseCommand):
    help = (
        "Write a consistent, encrypted archive of the database and the media folder to --output (a file, or a folder "
        "to hold a file named by the time), encrypted to HOMECOMING_BACKUP_PUBLIC_KEY. The keys are not in it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, required=True, help="the archive's file, or a folder for it")

    def handle(self, *args, output: Path, **options) -> None:
        try:
            # A scheduled job: the system acts, so its audit row names no person.
            written = actions.back_up(actor=Actor.for_system(), output=output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        contents = written.contents
        self.stdout.write(self.style.SUCCESS(f"Backup written: {written.path}"))
        self.stdout.write(
            f"  archive {written.archive_id}: {written.archive_bytes} bytes, "
            f"encrypted to backup key {written.recipient}"
        )
        self.stdout.write(
            f"  database ({databases.vendor_name(written.vendor)}): {len(contents.tables)} tables, "
            f"{contents.rows} rows, {contents.database_bytes} bytes"
        )
        self.stdout.write(f"  media: {contents.files} files, {contents.media_bytes} bytes")
