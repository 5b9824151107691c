"""Makes the city's network signing key (or a new one, retiring the old after an overlap) and
prints its fingerprint, which the hub's administrator confirms out of band at enrolment."""

from django.core.management.base import BaseCommand, CommandParser

from core.actor import Actor
from network.exchange import keys


class Command(BaseCommand):
    help = "Make a new network signing key; the previous one keeps signing for the overlap."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--overlap-days", type=int, default=keys.DEFAULT_OVERLAP_DAYS)

    def handle(self, *args, overlap_days: int, **options) -> None:
        if overlap_days < 0:
            self.stderr.write("--overlap-days cannot be negative.")
            raise SystemExit(2)
        key = keys.generate(actor=Actor.for_system(), overlap_days=overlap_days)
        self.stdout.write(f"fingerprint: {key.fingerprint}")
        self.stdout.write(f"public key: {key.public_key}")
