"""The tests that read the seeded demo share one seeding: it is the dearest fixture of the suite.

The demo is seeded once for this package, in a transaction rolled back at its end; each test still
runs in a savepoint of its own. The root conftest's xdist scheduler sends the whole package to one
worker, so the demo is seeded once per database.
"""

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 (closed with the process)
        yield
        transaction.set_rollback(True)
