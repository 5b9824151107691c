"""A copy of the database reveals no legal name, document number or phone."""

import glob
import sqlite3
import subprocess

import pytest
from django.db import connection

from conftest import IDENTITIES, TOTP_SECRET, register_family

SECRETS = [value for name, _born, document, phone in IDENTITIES.values() for value in (name, document, phone) if value]


def _database_bytes(tmp_path) -> bytes:
    if connection.vendor == "sqlite":
        # The test database lives in memory: copy it to a file, byte for byte as on disk.
        copy = tmp_path / "copy.sqlite3"
        target = sqlite3.connect(copy)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        return copy.read_bytes()
    settings = connection.settings_dict
    pg_dump = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))[-1]
    result = subprocess.run(
        [pg_dump, "-h", settings["HOST"], "-p", str(settings["PORT"]), "-U", settings["USER"], settings["NAME"]],
        capture_output=True,
        check=True,
    )
    return result.stdout


@pytest.mark.django_db(transaction=True)
def test_a_copy_of_the_database_holds_no_names_documents_phones_or_second_factor_secrets(tmp_path, city_a, case_worker):
    family = register_family(city_a.social, lead=case_worker.memberships.get(), assigned_by=case_worker)
    family.mother.identity.phone = "+7 701 555 0199"  # a change: history rows too
    family.mother.identity.save()
    raw = _database_bytes(tmp_path)
    assert b"people_identity" in raw  # the table is in the copy
    # The case worker's second-factor secret is sealed too (accounts/adapter.py).
    for secret in [*SECRETS, "+7 701 555 0199", TOTP_SECRET]:
        assert secret.encode() not in raw, secret
        assert secret.upper().encode() not in raw, secret
    assert family.mother.identity.full_name == IDENTITIES["mother"][0]  # and it is all still readable
