"""The ``backup`` command's refusals: no backup key, a backup key that is another key of this
installation, an archive that would replace another or land inside the media folder. What it writes
is tested with the round trip (test_backup_restore.py), which needs committed data."""

import io
import os

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import AuditEvent
from homecoming.backup import keys


def _backup(folder) -> str:
    out = io.StringIO()
    call_command("backup", "--output", str(folder), stdout=out)
    return out.getvalue()


def _nothing_written(folder) -> None:
    assert list(folder.iterdir()) == []
    assert not AuditEvent.objects.filter(action="backup.written").exists()


def test_backup_needs_the_backup_public_key(settings, tmp_path, db):
    settings.HOMECOMING_BACKUP_PUBLIC_KEY = None
    with pytest.raises(CommandError, match=r"HOMECOMING_BACKUP_PUBLIC_KEY .* must be set .* generate_backup_key"):
        _backup(tmp_path)
    _nothing_written(tmp_path)


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("HOMECOMING_IDENTITY_KEYS", "identity key"),
        ("HOMECOMING_BLIND_INDEX_KEY", "blind-index key"),
        ("HOMECOMING_AUDIT_KEYS", "audit key"),
        ("HOMECOMING_NETWORK_KEYS", "network key"),
    ],
)
def test_backup_refuses_a_backup_key_that_is_another_key(settings, tmp_path, setting, words, db):
    value = getattr(settings, setting)
    key = value[-1] if isinstance(value, list) else value
    settings.HOMECOMING_BACKUP_PUBLIC_KEY = key
    with pytest.raises(CommandError, match=f"is the {words} [0-9a-f]{{16}} \\({setting}\\)"):
        _backup(tmp_path)
    _nothing_written(tmp_path)


def test_backup_refuses_a_backup_key_made_from_the_identity_key(settings, tmp_path, db):
    identity = settings.HOMECOMING_IDENTITY_KEYS[0]
    public = X25519PrivateKey.from_private_bytes(identity).public_key().public_bytes_raw()
    settings.HOMECOMING_BACKUP_PUBLIC_KEY = public
    fingerprint = keys.fingerprint("identity", identity)
    with pytest.raises(CommandError, match=f"was made from the identity key {fingerprint}"):
        _backup(tmp_path)
    _nothing_written(tmp_path)


def test_backup_never_replaces_an_archive(settings, tmp_path, db):
    settings.HOMECOMING_BACKUP_PUBLIC_KEY = X25519PrivateKey.generate().public_key().public_bytes_raw()
    earlier = tmp_path / "nightly.hcbackup"
    earlier.write_bytes(b"an earlier archive")
    with pytest.raises(CommandError, match="exists: a backup never replaces another"):
        _backup(earlier)
    assert earlier.read_bytes() == b"an earlier archive"
    assert sorted(os.listdir(tmp_path)) == ["nightly.hcbackup"]


def test_backup_is_not_written_inside_the_media_folder_it_copies(settings, tmp_path, db):
    settings.HOMECOMING_BACKUP_PUBLIC_KEY = X25519PrivateKey.generate().public_key().public_bytes_raw()
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "backups").mkdir()
    with pytest.raises(CommandError, match="inside the media folder"):
        _backup(tmp_path / "backups")
    _nothing_written(tmp_path / "backups")
