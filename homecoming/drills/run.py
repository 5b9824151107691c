"""Runs the drills: sets up what they need, runs them in order, collects their figures and verdicts.

    result = run("all", smoke=True, log=print)   # result["passed"], result["failures"], result["drills"]

Everything lives in one temporary folder and is stopped and removed at the end, also when a drill
fails or the run is interrupted: gunicorn (SIGTERM to its process group, SIGKILL if it lingers), the
PostgreSQL cluster, the tmpfs of the disk drill. The load, kill, outage and conflict drills share one
cluster and one generated data set (each drill's checks look at its own writes); the disk drill has
its own SQLite database.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from homecoming.drills import faults, report, server
from homecoming.drills.browser import Recorder
from homecoming.drills.cluster import Cluster, free_port
from homecoming.drills.load import LockSampler, closed_loop, run_users


@dataclass(frozen=True)
class Sizes:
    """How long and how big: the full drills (``make drills``) or the smoke versions (``make test``)."""

    participants: int
    users: int
    mixed_seconds: float
    think: float
    throughput_seconds: float
    chain_threads: str
    chain_seconds: float
    kill_writers: int
    kill_after: float
    outage_users: int
    outage_phases: tuple[float, float, float]  # before, during, after
    disk_participants: int
    fast_schema: bool
    durable: bool
    workers: int


FULL = Sizes(
    participants=1000,
    users=50,
    mixed_seconds=300,
    think=0.5,
    throughput_seconds=15,
    chain_threads="1,4,16,50",
    chain_seconds=5,
    kill_writers=8,
    kill_after=10,
    outage_users=10,
    outage_phases=(3, 10, 10),
    disk_participants=30,
    fast_schema=False,
    durable=True,
    workers=server.default_workers(),
)
SMOKE = Sizes(
    participants=24,
    users=5,
    mixed_seconds=5,
    think=0.2,
    throughput_seconds=1,
    chain_threads="1,4",
    chain_seconds=0.2,
    kill_writers=3,
    kill_after=1.5,
    outage_users=3,
    outage_phases=(0.5, 1.5, 1.5),
    disk_participants=6,
    fast_schema=True,
    durable=False,
    workers=2,
)
ORDER = ("load", "conflict", "kill", "outage", "disk")


def machine() -> dict:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    return {
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in load],
    }


def run(
    drill: str,
    *,
    smoke: bool = False,
    seconds: float | None = None,
    users: int | None = None,
    size: int | None = None,
    log: Callable[[str], None] = print,
) -> dict:
    sizes = SMOKE if smoke else FULL
    overrides = {"mixed_seconds": seconds, "users": users, "participants": size}
    sizes = Sizes(**{**sizes.__dict__, **{k: v for k, v in overrides.items() if v is not None}})
    drills = ORDER if drill == "all" else (drill,)
    result: dict = {"drill": drill, "smoke": smoke, "machine": machine(), "sizes": sizes.__dict__, "drills": {}}
    failures: list[str] = []
    log(report.header(result))
    started = time.monotonic()
    # A stopped run (Ctrl+C, a CI time limit) still cleans up: SIGTERM unwinds like an exception.
    previous = signal.signal(signal.SIGTERM, _terminate) if _main_thread() else None
    server.closing.clear()
    try:
        with contextlib.ExitStack() as stack:
            folder = Path(tempfile.mkdtemp(prefix="homecoming-drill-"))
            stack.callback(shutil.rmtree, folder, ignore_errors=True)
            result["folder"] = str(folder)
            try:
                done = _drive(drills, stack, folder, sizes, smoke, result, log)
            finally:
                # Before the cleanups run: a drill still going in another thread starts no new server.
                server.closing.set()
        for name, (figures, failed) in done:
            result["drills"][name] = figures
            failures += [f"{name}: {failure}" for failure in failed]
    finally:
        server.closing.set()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    result["seconds"] = round(time.monotonic() - started, 1)
    result["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    result["failures"] = failures
    result["passed"] = not failures
    log(f"== {'all checks passed' if not failures else f'{len(failures)} checks failed'} in {result['seconds']:.0f} s")
    return result


def _drive(
    drills: tuple[str, ...], stack: contextlib.ExitStack, folder: Path, sizes: Sizes, smoke: bool, result: dict, log
) -> list[tuple[str, tuple[dict, list[str]]]]:
    beside = None
    if smoke and "disk" in drills and len(drills) > 1:
        # The smoke run's disk drill has a database and a server of its own: it runs beside the
        # others (the test suite's time), its lines printed when it is done.
        beside = _Beside(lambda: _timed("disk", None, folder, sizes, smoke, lambda line: None, stack))
        drills = tuple(name for name in drills if name != "disk")
    stage = None
    if any(name != "disk" for name in drills):
        stage = _stage(stack, folder, sizes, smoke, log)
        result["data_set"] = {
            k: v for k, v in stage.prepared.items() if k not in ("sessions", "refer_to", "second_browser")
        }
        result["cluster_folder"] = str(stage.cluster.folder)
        result["database_url"] = stage.env["DATABASE_URL"]
    done = []
    for name in drills:
        log(f"== {name}")
        done.append((name, _timed(name, stage, folder, sizes, smoke, log, stack)))
        log(report.drill(name, *done[-1][1]))
    if beside is not None:
        log("== disk (beside the others)")
        done.append(("disk", beside.result()))
        log(report.drill("disk", *done[-1][1]))
    return done


def _timed(
    name: str, stage, folder: Path, sizes: Sizes, smoke: bool, log, stack: contextlib.ExitStack
) -> tuple[dict, list[str]]:
    began = time.monotonic()
    verdict = _one(name, stage, folder, sizes, smoke, log, stack)
    verdict.figures["seconds"] = round(time.monotonic() - began, 1)
    # The machine is shared: how busy it was when the drill ended says how to read its times.
    verdict.figures["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return verdict.figures, verdict.failures


class _Beside(threading.Thread):
    """A drill in a thread of its own; ``result`` waits for it (and raises what it raised)."""

    def __init__(self, target: Callable[[], tuple[dict, list[str]]]) -> None:
        super().__init__(daemon=True)
        self._target_call = target
        self._result: tuple[dict, list[str]] | None = None
        self._error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self._result = self._target_call()
        except BaseException as error:
            self._error = error

    def result(self) -> tuple[dict, list[str]]:
        self.join()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _terminate(signum, frame) -> None:
    raise SystemExit(143)


def _stage(stack: contextlib.ExitStack, folder: Path, sizes: Sizes, smoke: bool, log) -> faults.Stage:
    # Room for the users' gunicorn workers, the lock sampler and the audit chain's 50 writing threads.
    cluster = stack.enter_context(Cluster(durable=sizes.durable, max_connections=120, log_lock_waits=True))
    env = server.drill_environment(cluster.create_database("homecoming"))
    log(f"  PostgreSQL on port {cluster.port}; generating {sizes.participants} participants, {sizes.users} sessions…")
    began = time.monotonic()
    prepared = server.worker(
        env,
        "prepare",
        "--size",
        str(sizes.participants),
        "--users",
        str(sizes.users),
        *(["--fast-schema"] if sizes.fast_schema else []),
    )
    log(f"  prepared in {time.monotonic() - began:.0f} s; starting gunicorn ({sizes.workers} sync workers)…")
    gunicorn = server.Gunicorn(env, port=free_port(), log=folder / "gunicorn.log", workers=sizes.workers)
    stack.callback(gunicorn.stop)
    gunicorn.start()
    return faults.Stage(folder, env, prepared, gunicorn, cluster=cluster, smoke=smoke, log=log)


def _one(
    name: str, stage: faults.Stage | None, folder: Path, sizes: Sizes, smoke: bool, log, stack: contextlib.ExitStack
) -> faults.Verdict:
    if name == "load":
        return load_drill(stage, sizes, log)
    if name == "conflict":
        return faults.conflict(stage)
    if name == "kill":
        return faults.kill(stage, writers=sizes.kill_writers, seconds=sizes.kill_after)
    if name == "outage":
        before, during, after = sizes.outage_phases
        return faults.outage(stage, users=sizes.outage_users, before=before, during=during, after=after)
    return faults.disk(
        folder,
        smoke=smoke,
        log=log,
        size=sizes.disk_participants,
        fast_schema=sizes.fast_schema,
        workers=1 if smoke else 3,
        also_on_exit=stack.callback,
    )


def load_drill(stage: faults.Stage, sizes: Sizes, log) -> faults.Verdict:
    verdict = faults.Verdict()
    sessions = stage.prepared["sessions"]
    base = stage.gunicorn.url
    # Throughput at the same concurrency: the trivial view, then the caseload's first page, each asked
    # for by as many threads as there are users (in the sessions of those who have a caseload).
    casework = [s for s in sessions if s["role"] in ("case_worker", "coordinator", "specialist")]
    readers = [casework[i % len(casework)] for i in range(len(sessions))]
    throughput = Recorder()
    healthz = closed_loop(base, readers, "/healthz", "healthz", seconds=sizes.throughput_seconds, recorder=throughput)
    caseload = closed_loop(
        base, readers, "/participants/", "caseload", seconds=sizes.throughput_seconds, recorder=throughput
    )
    verdict.figures["throughput"] = {
        "concurrency": len(readers),
        "healthz_per_second": round(healthz, 1),
        "caseload_per_second": round(caseload, 1),
        "caseload_share_of_healthz": round(caseload / healthz, 3) if healthz else None,
        "errors": report.errors(throughput.snapshot()),
    }
    log(f"  throughput at {len(sessions)} users: /healthz {healthz:.0f}/s, caseload {caseload:.1f}/s")
    log(f"  mixed load: {len(sessions)} users for {sizes.mixed_seconds:.0f} s…")
    recorder = Recorder()
    sampler = LockSampler(stage.cluster.url("homecoming").replace("postgres://", "postgresql://"))
    sampler.start()
    cpu_before = time.process_time()
    try:
        took = run_users(
            base,
            sessions,
            stage.prepared["refer_to"],
            seconds=sizes.mixed_seconds,
            think=sizes.think,
            recorder=recorder,
        )
    finally:
        waits = sampler.stop()
    outcomes = recorder.snapshot()
    verdict.figures["mixed"] = report.summary(outcomes, took)
    verdict.figures["mixed"]["think_seconds_mean"] = sizes.think
    verdict.figures["mixed"]["load_generator_cpu_seconds"] = round(time.process_time() - cpu_before, 1)
    verdict.figures["lock_waits"] = waits
    errors = verdict.figures["mixed"]["errors"]
    verdict.expect(errors["total"] == 0, f"{errors['total']} errors under load: {errors['by_status']}")
    verdict.expect(verdict.figures["throughput"]["errors"]["total"] == 0, "errors in the throughput runs")
    verdict.expect(verdict.figures["mixed"]["writes"] > 0, "no write was acknowledged under load")
    deadlocks = stage.cluster.log_text().count("deadlock detected")
    verdict.figures["deadlocks"] = deadlocks
    verdict.figures["lock_waits_logged"] = stage.cluster.log_text().count("still waiting for")
    verdict.expect(deadlocks == 0, f"{deadlocks} deadlocks in the PostgreSQL log")
    faults.judge_database(verdict, stage.check(recorder))
    # The audit chain's own rate, with the server idle (its workers' connections stay open).
    log(f"  audit chain: audited writes a second from {sizes.chain_threads} threads…")
    verdict.figures["audit_chain"] = server.worker(
        stage.env, "chain", "--threads", sizes.chain_threads, "--seconds", str(sizes.chain_seconds)
    )
    return verdict


def write_json(result: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, default=str))
