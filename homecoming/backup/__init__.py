"""Backup and restore (issue 16 §3; README, "Backup and restore").

One archive holds a consistent copy of the database (PostgreSQL: ``pg_dump -Fc`` in an exported
snapshot; SQLite: its online backup API) and the uploaded files under MEDIA_ROOT. It is encrypted
to the backup key, an X25519 public key that is none of the identity, blind-index, audit or network
keys: the app server can write backups but cannot read them, and the private key stays offline.

The modules, bottom up:

- ``stream``: the encryption (X25519 + HKDF-SHA256 + AES-256-GCM in chunks) and the archive header;
- ``container``: the named entries inside the encrypted stream (database, files, manifest);
- ``keys``: the backup key pair, key fingerprints, and the checks that keys match;
- ``databases``: a consistent copy of each database vendor, loading one, and what counts as empty;
- ``archive``: writing an archive, and checking, staging and restoring one (no audit row);
- ``actions``: ``back_up`` and ``restore``, which the commands call and which write the audit rows.
"""


class BackupError(Exception):
    """A backup could not be written, or an archive is refused: the message says why, in counts,
    codes and fingerprints only (it may end up in a log)."""
