"""The SQLite full-text index of practices (FTS5), kept in step by network.library.actions.

PostgreSQL searches the rows themselves (network/library/search.py), so nothing is made there.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS network_practice_fts "
        "USING fts5(practice_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TABLE IF EXISTS network_practice_fts")


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
