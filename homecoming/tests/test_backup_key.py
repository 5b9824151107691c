"""``generate_backup_key``: the private key into a file only its owner reads, never over another;
the public key printed in the form HOMECOMING_BACKUP_PUBLIC_KEY takes."""

import io

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from django.core.management import call_command
from django.core.management.base import CommandError

from homecoming import env
from homecoming.backup import BackupError, keys
from homecoming.backup.stream import public_fingerprint


def test_the_private_key_is_written_for_its_owner_only_and_the_public_key_is_printed(tmp_path, monkeypatch):
    out = io.StringIO()
    call_command("generate_backup_key", "--private-out", str(tmp_path / "backup.pem"), stdout=out)
    assert (tmp_path / "backup.pem").stat().st_mode & 0o777 == 0o600
    private = keys.load_private_key(tmp_path / "backup.pem")
    [line] = [line for line in out.getvalue().splitlines() if line.startswith("HOMECOMING_BACKUP_PUBLIC_KEY=")]
    monkeypatch.setenv("HOMECOMING_BACKUP_PUBLIC_KEY", line.split("=", 1)[1])
    public = env.key("HOMECOMING_BACKUP_PUBLIC_KEY")  # as settings.py reads it
    assert public == private.public_key().public_bytes_raw()
    assert f"backup key {public_fingerprint(X25519PublicKey.from_public_bytes(public))}" in out.getvalue()


def test_an_existing_file_is_never_overwritten(tmp_path):
    earlier = tmp_path / "backup.pem"
    earlier.write_bytes(b"an older key")
    with pytest.raises(CommandError, match="exists: choose another file"):
        call_command("generate_backup_key", "--private-out", str(earlier), stdout=io.StringIO())
    assert earlier.read_bytes() == b"an older key"


def test_a_file_that_is_not_a_backup_key_is_refused_as_one(tmp_path):
    (tmp_path / "identity.key").write_text("0mN2nma0CqY0b-uyYW7qsAXJgvmZP-HRo30d2LqxDqM=")
    with pytest.raises(BackupError, match="is not a backup private key"):
        keys.load_private_key(tmp_path / "identity.key")
