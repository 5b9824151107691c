from django.apps import AppConfig
from django.db import DatabaseError
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _sqlite_statistics(sender, connection, **kwargs) -> None:
    """SQLite plans a query from its statistics, and a database that never ran ANALYZE has none:
    it then takes an index on a column with two values (the organisation) for a selective one
    and reads every referral of a city to show a case worker's few. Once per process, sampled
    (``analysis_limit``): a fraction of a second even at 100,000 participants."""
    if connection.vendor != "sqlite" or getattr(_sqlite_statistics, "done", False):
        return
    _sqlite_statistics.done = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute("ANALYZE")
    except DatabaseError:
        pass  # a read-only or full database still serves: statistics only make plans better


class CoreConfig(AppConfig):
    """What every app needs: the audit log, the vault's cryptography, data categories, the actor."""

    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        connection_created.connect(_sqlite_statistics, dispatch_uid="core.sqlite_statistics")
