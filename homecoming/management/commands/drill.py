"""Load and fault drills against gunicorn on a throwaway database (issue 16; README, "Drills").

    python manage.py drill load|kill|outage|disk|conflict|all [--smoke] [--json PATH]

Each drill starts what it needs itself, in a temporary folder: a PostgreSQL cluster on a loopback
port (the disk drill: a SQLite file), the schema, a generated data set with signed-in sessions, and
gunicorn; and stops and removes it all at the end, also when the drill fails. The database in
DATABASE_URL is never touched. ``--smoke`` runs the short version the test suite runs. The figures
are printed (and written as JSON with ``--json``); the exit status is non-zero when a check fails.

``--task`` runs one step of a drill inside a process pointed at the drill's database (the drills
start those processes themselves; homecoming/drills/scene.py): it prints one line of JSON.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

DRILLS = ("load", "kill", "outage", "disk", "conflict", "all")
TASKS = ("prepare", "check", "chain")


class Command(BaseCommand):
    help = "Run the load and fault drills on a throwaway database and server (issue 16)."
    # The drill process itself never opens a database: its own checks would look at the wrong one.
    requires_system_checks: list = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("drill", nargs="?", choices=DRILLS, help="which drill (all: the four and the conflict)")
        parser.add_argument("--smoke", action="store_true", help="the short version, as the test suite runs it")
        parser.add_argument("--json", type=Path, help="also write the figures to this file")
        parser.add_argument("--seconds", type=float, help="seconds of the mixed load (default 300, smoke 5)")
        parser.add_argument("--users", type=int, help="simulated users (default 50, smoke 5)")
        parser.add_argument("--size", type=int, help="participants generated (default 1000, smoke 24)")
        # Internal: one step inside a process pointed at the drill's database.
        parser.add_argument("--task", choices=TASKS, help=argparse.SUPPRESS)
        parser.add_argument("--fast-schema", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument("--seed", type=int, default=16, help=argparse.SUPPRESS)
        parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
        parser.add_argument("--threads", default="1,4,16,50", help=argparse.SUPPRESS)

    def handle(self, *args, drill: str | None, task: str | None, **options) -> None:
        if task:
            self.stdout.write(json.dumps(self._task(task, options)))
            return
        if drill is None:
            raise CommandError(f"Name a drill: {', '.join(DRILLS)}.")
        from homecoming.drills import run

        smoke = options["smoke"]
        result = run.run(
            drill,
            smoke=smoke,
            seconds=options["seconds"],
            users=options["users"],
            size=options["size"],
            log=lambda line: self.stdout.write(line),
        )
        if options["json"]:
            run.write_json(result, options["json"])
        if not result["passed"]:
            raise CommandError("Drill failed: " + "; ".join(result["failures"]))

    def _task(self, task: str, options: dict) -> dict:
        from homecoming.drills import load, scene

        data = json.loads(options["input"].read_text()) if options["input"] else {}
        try:
            if task == "prepare":
                return scene.prepare(
                    size=options["size"] or 30,
                    users=options["users"] or 5,
                    seed=options["seed"],
                    fast=options["fast_schema"],
                )
            if task == "check":
                return scene.check(acknowledged=data.get("acknowledged", []), attempted=data.get("attempted", []))
            threads = [int(n) for n in options["threads"].split(",") if n.strip()]
            return load.chain_rates(threads=threads, seconds=options["seconds"] or 2.0)
        except scene.NotADrillDatabase as refused:
            raise CommandError(str(refused)) from None
