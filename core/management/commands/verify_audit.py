from django.core.management.base import BaseCommand, CommandError

from core.audit import verify_chain


class Command(BaseCommand):
    help = "Check the audit log's hash chain; exits non-zero naming the first broken row."

    def handle(self, *args, **options) -> None:
        checked, problem = verify_chain()
        if problem:
            raise CommandError(f"Audit chain broken at {problem}. {checked} rows before it are intact.")
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} rows."))
