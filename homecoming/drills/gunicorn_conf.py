"""gunicorn's settings for the drills' servers (``--config python:homecoming.drills.gunicorn_conf``).

Only the full-disk drill needs one: without root (no small filesystem to mount) it makes SQLite's
database full with ``PRAGMA max_page_count``, a limit each connection sets for itself. The limit is
read from the file named by HOMECOMING_DRILL_PAGE_LIMIT_FILE at every new connection (the app opens one
per request on SQLite), so that the drill "frees space" by writing a larger number into that file.
"""

import os
from pathlib import Path


def post_worker_init(worker) -> None:
    limit_file = os.environ.get("HOMECOMING_DRILL_PAGE_LIMIT_FILE")
    if not limit_file:
        return
    from django.db.backends.signals import connection_created

    def limit_pages(sender, connection, **kwargs) -> None:
        if connection.vendor != "sqlite":
            return
        pages = int(Path(limit_file).read_text().strip())
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA max_page_count = {pages}")

    connection_created.connect(limit_pages, weak=False)
