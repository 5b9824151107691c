"""Makes the backup key pair: the private key into a file (kept offline), the public key printed for
HOMECOMING_BACKUP_PUBLIC_KEY (README, "Backup and restore")."""

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from django.core.management.base import BaseCommand, CommandError, CommandParser

from homecoming.backup import BackupError, keys
from homecoming.backup.stream import public_fingerprint, unb64


class Command(BaseCommand):
    help = (
        "Make a backup key pair: write the private key to --private-out (readable by its owner only; never over an "
        "existing file) and print the public key for HOMECOMING_BACKUP_PUBLIC_KEY. Run it on the machine that will "
        "keep the private key, not on the app server: whoever holds it can read every backup."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--private-out", type=Path, required=True, help="where to write the private key (PEM)")

    def handle(self, *args, private_out: Path, **options) -> None:
        pem, public = keys.generate()
        try:
            keys.write_private_key(private_out, pem)
        except BackupError as error:
            raise CommandError(str(error)) from None
        fingerprint = public_fingerprint(X25519PublicKey.from_public_bytes(unb64(public)))
        self.stdout.write(f"Private key written to {private_out} (backup key {fingerprint}): keep it offline.")
        self.stdout.write(f"HOMECOMING_BACKUP_PUBLIC_KEY={public}")
