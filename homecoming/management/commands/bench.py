"""Generate a throwaway data set and time the main pages on it (issue 15; README, "Performance at scale").

    python manage.py bench --size 10000 [--repeat 20] [--warmup 2] [--seed 7] [--json PATH] [--keep]

Run it on an empty database only (``make bench`` makes one per run): it migrates it, generates
``--size`` participants, measures, prints the table and writes JSON (by default
``var/bench-<vendor>-<size>.json``). A database that holds organisations or participants it did not
generate is refused, so that real data is never benchmarked over; one it generated is refused too,
unless ``--keep`` asks to measure that data set again (after a code change) without generating anew.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.template import engines

from directory.models import Jurisdiction, Organisation
from homecoming.bench import MARKER, measure, report
from homecoming.bench.generate import generate
from people.models import Participant


def _timing_settings() -> None:
    """DEBUG off while timing, whatever the environment says (``make bench`` sets HOMECOMING_DEBUG for
    its throwaway keys): no query log on every cursor, no debug template engine. The test client's
    host is allowed, as the test runner allows it."""
    settings.DEBUG = False
    # Whitenoise reads it when the first request builds the middleware: production's value.
    settings.WHITENOISE_AUTOREFRESH = False
    for engine in engines.all():
        if hasattr(engine, "engine"):
            engine.engine.debug = False
    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


class Command(BaseCommand):
    help = "Generate N participants in an empty database and time the main pages (issue 15)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", type=int, default=1000, help="participants to generate (default 1000)")
        parser.add_argument("--repeat", type=int, default=20, help="timed requests per page (default 20)")
        parser.add_argument(
            "--warmup", type=int, default=2, help="untimed requests first, the cold one among them (default 2)"
        )
        parser.add_argument(
            "--budget", type=float, default=20.0, help="seconds per page before fewer requests are timed (default 20)"
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=30.0,
            help="seconds a query may run before its page is stopped (default 30)",
        )
        parser.add_argument("--seed", type=int, default=7, help="seed of the generated data (default 7)")
        parser.add_argument(
            "--json", type=Path, help="where to write the figures (default var/bench-<vendor>-<size>.json)"
        )
        parser.add_argument(
            "--keep", action="store_true", help="measure the data set this command generated earlier in this database"
        )

    def handle(
        self,
        *args,
        size: int,
        repeat: int,
        warmup: int,
        budget: float,
        timeout: float,
        seed: int,
        keep: bool,
        **options,
    ):
        if size < 2 or repeat < 1 or warmup < 0:
            raise CommandError("--size must be at least 2, --repeat at least 1, --warmup not negative.")
        debug_before = settings.DEBUG
        _timing_settings()
        machine_info = report.machine()
        generated = self._data_set(size, seed, keep)
        self.stdout.write("Measuring…")
        rows = measure.run(
            repeat=repeat, warmup=warmup, budget=budget, timeout=timeout, log=lambda line: self.stdout.write(line)
        )
        run_settings = {
            "repeat": repeat,
            "warmup": warmup,
            "budget": budget,
            "timeout": timeout,
            "seed": seed,
            "debug": settings.DEBUG,
            "debug_in_environment": debug_before,
        }
        result = report.result(rows, settings=run_settings, generated=generated, machine_info=machine_info)
        path = options["json"] or Path(settings.BASE_DIR) / "var" / f"bench-{connection.vendor}-{size}.json"
        report.write_json(result, path)
        self.stdout.write("")
        self.stdout.write(report.header(result))
        self.stdout.write("")
        self.stdout.write(report.table(rows))
        self.stdout.write(f"\nJSON: {path}")
        # A broken or stopped page is a finding, not a reason to stop `make bench` before PostgreSQL.
        failed = [row for row in rows if row.status != 200]
        if failed:
            self.stderr.write(f"{len(failed)} page(s) did not answer 200 in time: see the table.")

    def _data_set(self, size: int, seed: int, keep: bool) -> dict | None:
        """Generates the data set into an empty database, or (``--keep``) finds the one generated before."""
        tables = set(connection.introspection.table_names())
        holds_data = {Participant._meta.db_table, Organisation._meta.db_table} <= tables and (
            Participant.objects.exists() or Organisation.objects.exists()
        )
        if holds_data:
            if not Jurisdiction.objects.filter(slug=MARKER).exists():
                raise CommandError(
                    "This database holds organisations or participants that this command did not generate: "
                    "refusing to benchmark over them. Point DATABASE_URL at an empty database."
                )
            existing = Participant.objects.count()
            if not keep:
                raise CommandError(
                    f"This database already holds a generated data set ({existing} participants). Use an empty "
                    "database, or --keep to measure this data set again."
                )
            if existing != size:
                raise CommandError(f"The generated data set here has {existing} participants, not {size}.")
            # After a code change: its migrations (new indexes) apply to the data set too.
            call_command("migrate", interactive=False, verbosity=0)
            self.stdout.write(f"Measuring the data set generated earlier ({existing} participants).")
            return None
        if keep:
            raise CommandError("--keep: this database holds no generated data set to measure.")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        if Jurisdiction.objects.filter(slug=MARKER).exists():
            raise CommandError("A generation into this database stopped half-way: use an empty database.")
        self.stdout.write(f"Generating {size} participants on {connection.vendor} (seed {seed})…")
        started = time.perf_counter()
        generated = generate(size, seed=seed, log=lambda line: self.stdout.write(line))
        self.stdout.write(f"Generated in {time.perf_counter() - started:.0f} s.")
        return dataclasses.asdict(generated)
