"""Anonymise the cases closed longer than HOMECOMING_RETENTION_YEARS (homecoming/retention.py).

Run it monthly from a timer. ``--dry-run`` counts what would change and changes nothing.
The output is counts only: no code, no name, no text of any record.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.actor import Actor
from homecoming.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Anonymise the cases closed longer than HOMECOMING_RETENTION_YEARS: identity, photos, free text and exact "
        "dates removed, codes replaced; the figures the indicators count from them are kept first. Run it monthly "
        "from a timer; --dry-run prints the same counts and changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count what would change; change nothing")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        years = settings.HOMECOMING_RETENTION_YEARS
        result = apply_retention(actor=Actor.for_system(), today=timezone.localdate(), years=years, dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"Dry run: nothing was changed. Cases closed more than {years} years ago would give:")
        else:
            self.stdout.write(f"Cases closed more than {years} years ago:")
        for key, count in result.lines():
            self.stdout.write(f"  {key}={count}")
        if not dry_run:
            self.stdout.write(self.style.SUCCESS(f"{result.counts['participants']} participants anonymised."))
