import base64
import os

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print a new random 32-byte key for HOMECOMING_IDENTITY_KEYS or HOMECOMING_BLIND_INDEX_KEY."

    def handle(self, *args, **options) -> None:
        self.stdout.write(base64.urlsafe_b64encode(os.urandom(32)).decode())
