"""Delete the de-identified rows of evaluation extracts whose download window has closed or whose
downloads are used up: run it daily, from a timer. The request, its decision and its audit rows stay."""

from django.core.management.base import BaseCommand

from mel.extracts.actions import purge_expired


class Command(BaseCommand):
    help = "Delete the rows of evaluation extracts that can no longer be downloaded."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{purge_expired()} extract(s) purged.")
