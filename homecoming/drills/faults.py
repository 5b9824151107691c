"""The fault drills (issue 16 §2), each against gunicorn over HTTP, each ending with the database's
own account (``scene.check``: every acknowledged write there, nothing half-written, the audit chain
intact from its first row).

- ``kill``: case workers write contact notes through the real form; after a few seconds the whole
  gunicorn process group gets SIGKILL; gunicorn is started again and serves.
- ``outage``: users read cases and write notes while PostgreSQL is stopped (``pg_ctl stop -m
  immediate``: every server process quits at once, as in a crash) and started again: during it
  every answer is the calm 503 page; after it the same gunicorn (same master, same workers) serves
  200s again, each worker having dropped its broken persistent connection and opened a new one.
- ``disk``: the app on SQLite whose database cannot grow (a small tmpfs filled with a ballast file
  when running as root, else SQLite's max_page_count): writes get the 503 page saying the storage
  is full; once space is freed, writes succeed again.
- ``conflict``: two people save the same plan, and one person the same note in two browsers: the
  second save is refused with what the first saved shown, what they typed kept, and saving again
  keeps both in the history.
"""

# The simulated users' choices come from seeded generators (reproducible, not secrets).
# ruff: noqa: S311

from __future__ import annotations

import datetime
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from homecoming.drills import server
from homecoming.drills.browser import NO_ANSWER, Browser, Outcome, Recorder, form_posting_to
from homecoming.drills.cluster import Cluster, free_port
from homecoming.drills.load import NOTE_TEXT, DrillStepFailed, SimulatedUser, marker


@dataclass
class Stage:
    """What a drill runs against: the folder, the environment, the database's cluster, gunicorn."""

    folder: Path
    env: dict[str, str]
    prepared: dict
    gunicorn: server.Gunicorn
    cluster: Cluster | None = None
    smoke: bool = False
    log: Callable[[str], None] = print

    def sessions(self, role: str) -> list[dict]:
        return [s for s in self.prepared["sessions"] if s["role"] == role]

    def check(self, recorder: Recorder) -> dict:
        data = self.folder / f"check-{time.monotonic_ns()}.json"
        data.write_text(
            json.dumps({"acknowledged": sorted(recorder.acknowledged), "attempted": sorted(recorder.attempted)})
        )
        return server.worker(self.env, "check", "--input", str(data))


@dataclass
class Verdict:
    """A drill's figures, and the checks that failed (none: the drill passed)."""

    figures: dict = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def expect(self, condition: bool, failure: str) -> None:
        if not condition:
            self.failures.append(failure)


def judge_database(verdict: Verdict, checked: dict) -> None:
    """The checks every drill ends with: acknowledged = found, nothing half-written, verify_audit --full."""
    verdict.figures["database"] = checked
    verdict.expect(checked["missing"] == 0, f"{checked['missing']} acknowledged writes are missing")
    for kind in checked["consistency"]:
        verdict.expect(
            kind["without_audit"] == 0 and kind["orphan_audit"] == 0,
            f"{kind['kind']}: {kind['without_audit']} without their audit row, {kind['orphan_audit']} audit rows "
            "naming nothing",
        )
    verdict.expect(checked["verify_audit"] is None, f"verify_audit --full: {checked['verify_audit']}")


def _writers(
    stage: Stage, sessions: list[dict], recorder: Recorder, stop: threading.Event, step: Callable, think: float = 0.0
) -> list[threading.Thread]:
    def write(index: int, session: dict) -> None:
        rng = random.Random(index)
        browser = Browser(stage.gunicorn.url, session["cookie"], recorder, timeout=30)
        user = SimulatedUser(browser, session, stage.prepared["refer_to"], rng)
        try:
            while not stop.is_set():
                try:
                    step(user)
                except DrillStepFailed as failed:
                    recorder.add_failure(str(failed))
                if think:
                    stop.wait(rng.uniform(0, 2 * think))
        except Exception as error:  # a bug in the harness: counted as a failure, never hidden
            recorder.add_failure(f"harness: {type(error).__name__}: {error}")
        finally:
            browser.close()

    threads = [threading.Thread(target=write, args=(i, s), daemon=True) for i, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    return threads


def _note(user: SimulatedUser) -> None:
    user._note()


# --- kill -9 ---------------------------------------------------------------------------------------


def kill(stage: Stage, *, writers: int, seconds: float) -> Verdict:
    verdict = Verdict()
    recorder = Recorder()
    stop = threading.Event()
    sessions = stage.sessions("case_worker")[:writers]
    threads = _writers(stage, sessions, recorder, stop, _note)
    time.sleep(seconds)
    workers = stage.gunicorn.worker_pids()
    killed_at = time.monotonic()  # before the signal: an answer cut off by it comes after this
    stage.gunicorn.kill()
    # The writers run on against the dead server for a moment (refused connections), then stop.
    time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    outcomes = recorder.snapshot()
    before = [o for o in outcomes if o.at < killed_at]
    verdict.figures.update(
        {
            "writers": len(sessions),
            "seconds_before_kill": seconds,
            "processes_killed": 1 + len(workers),
            "notes_acknowledged": len(recorder.acknowledged),
            "notes_sent": len(recorder.attempted),
            "answers_before_kill_not_ok": sum(1 for o in before if not o.ok),
            "no_answer_at_or_after_kill": sum(1 for o in outcomes if o.status == NO_ANSWER),
        }
    )
    verdict.expect(len(recorder.acknowledged) > 0, "no write was acknowledged before the kill")
    verdict.expect(verdict.figures["answers_before_kill_not_ok"] == 0, "errors before the kill")
    # Started again (while the database is checked: gunicorn's start reads nothing from it), it serves:
    # the trivial view and a signed-in page.
    started = time.monotonic()
    stage.gunicorn.spawn()
    judge_database(verdict, stage.check(recorder))
    stage.gunicorn.wait_until_serving()
    verdict.figures["restart_seconds"] = round(time.monotonic() - started, 2)
    restarted = Recorder()
    browser = Browser(stage.gunicorn.url, sessions[0]["cookie"], restarted)
    try:
        healthz = browser.get("healthz", "/healthz") is not None
        caseload = browser.get("caseload", "/participants/") is not None
    finally:
        browser.close()
    verdict.figures["serves_after_restart"] = healthz and caseload
    verdict.expect(healthz and caseload, "gunicorn did not serve after the restart")
    return verdict


# --- PostgreSQL stopped and started -----------------------------------------------------------------


def _backends(cluster: Cluster) -> dict:
    """The app's connections to the drill's database now: how many, and when the oldest was opened."""
    import psycopg

    with psycopg.connect(cluster.url("homecoming").replace("postgres://", "postgresql://"), autocommit=True) as c:
        count, oldest = c.execute(
            "SELECT count(*), min(backend_start) FROM pg_stat_activity WHERE backend_type = 'client backend' "
            "AND datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
        now = c.execute("SELECT now()").fetchone()[0]
    return {"count": count, "oldest_age_seconds": round((now - oldest).total_seconds(), 1) if oldest else None}


def _read_or_write(user: SimulatedUser) -> None:
    if user.rng.random() < 0.5:
        user._note()
    else:
        user._case()


def outage(stage: Stage, *, users: int, before: float, during: float, after: float) -> Verdict:
    verdict = Verdict()
    cluster = stage.cluster
    assert cluster is not None
    master, workers = stage.gunicorn.pid, stage.gunicorn.worker_pids()
    recorder = Recorder()
    stop = threading.Event()
    sessions = (stage.sessions("case_worker") + stage.sessions("coordinator"))[:users]
    threads = _writers(stage, sessions, recorder, stop, _read_or_write, think=0.05)
    time.sleep(before)
    connections_before = _backends(cluster)
    stopped_at = time.monotonic()
    cluster.stop(mode="immediate")
    time.sleep(during)
    restart_at = time.monotonic()
    cluster.start()
    cluster.wait_until_ready()
    ready_at = time.monotonic()
    time.sleep(after)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    connections_after = _backends(cluster)
    outcomes = recorder.snapshot()
    first_ok_after = next((o.at for o in outcomes if o.at >= restart_at and o.ok and o.status < 400), None)

    def began(outcome: Outcome) -> float:
        return outcome.at - outcome.ms / 1000

    def calm(outcome: Outcome) -> bool:
        return outcome.status == 503 and outcome.calm and outcome.retry_after == "30"

    early = [o for o in outcomes if o.at < stopped_at]
    down = [o for o in outcomes if o.at >= stopped_at and (first_ok_after is None or began(o) < first_ok_after)]
    late = [o for o in outcomes if first_ok_after is not None and began(o) >= first_ok_after]
    verdict.figures.update(
        {
            "users": len(sessions),
            "answers_before": len(early),
            "errors_before": sum(1 for o in early if not o.ok),
            "answers_while_down": len(down),
            "calm_503_while_down": sum(1 for o in down if calm(o)),
            # Requests whose work was done before PostgreSQL stopped, answered just after.
            "served_from_before_the_stop": sum(1 for o in down if o.ok),
            "other_answers_while_down": sum(1 for o in down if not o.ok and not calm(o)),
            "other_answers_while_down_by_kind": dict(
                Counter(f"{o.kind} {o.status}" for o in down if not o.ok and not calm(o))
            ),
            "server_errors_while_down": sum(1 for o in down if o.status >= 500 and o.status != 503),
            "no_answer_while_down": sum(1 for o in down if o.status == NO_ANSWER),
            "down_seconds": round(restart_at - stopped_at, 2),
            "postgres_start_seconds": round(ready_at - restart_at, 2),
            "first_200_after_start_seconds": round(first_ok_after - restart_at, 2) if first_ok_after else None,
            "answers_after_recovery": len(late),
            "errors_after_recovery": sum(1 for o in late if not o.ok),
            "same_master": stage.gunicorn.pid == master,
            "same_workers": stage.gunicorn.worker_pids() == workers,
            "workers": len(workers),
            "connections_before": connections_before,
            "connections_after": connections_after,
            "notes_acknowledged": len(recorder.acknowledged),
        }
    )
    f = verdict.figures
    verdict.expect(f["errors_before"] == 0, f"{f['errors_before']} errors before the outage")
    verdict.expect(f["calm_503_while_down"] > 0, "no 503 page while PostgreSQL was down")
    verdict.expect(
        f["other_answers_while_down"] == 0,
        f"{f['other_answers_while_down']} answers while down were not the calm 503 with Retry-After: 30 "
        f"({f['server_errors_while_down']} server errors, {f['no_answer_while_down']} without an answer)",
    )
    verdict.expect(first_ok_after is not None, "no 200 after PostgreSQL started again")
    verdict.expect(f["errors_after_recovery"] == 0, f"{f['errors_after_recovery']} errors after the first 200")
    verdict.expect(f["same_master"] and f["same_workers"], "gunicorn was restarted (or a worker replaced)")
    verdict.expect(connections_before["count"] > 0, "no persistent connection was open before the outage")
    judge_database(verdict, stage.check(recorder))
    return verdict


# --- SQLite on a full disk -------------------------------------------------------------------------


DISK_NOTE = NOTE_TEXT + "Filler to fill the disk quickly. " * 60


class _Space:
    """Where the SQLite database lives and how it is made full, then freed: a tmpfs of its own filled
    with a ballast file (as root), or SQLite's max_page_count (anyone; the smoke test)."""

    def __init__(self, folder: Path, *, tmpfs: bool) -> None:
        self.folder = folder
        self.mounted = False
        self.limit_file = folder.parent / "page-limit"
        self.ballast = folder / "ballast"
        folder.mkdir(parents=True, exist_ok=True)
        if tmpfs:
            done = subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=64m,mode=0700", "tmpfs", str(folder)],
                capture_output=True,
                check=False,
            )
            self.mounted = done.returncode == 0
        self.method = "tmpfs" if self.mounted else "max_page_count"

    @property
    def database(self) -> Path:
        return self.folder / "drill.sqlite3"

    def env(self) -> dict[str, str]:
        return {} if self.mounted else {"HOMECOMING_DRILL_PAGE_LIMIT_FILE": str(self.limit_file)}

    def fill(self, headroom: int = 256 * 1024) -> dict:
        """Leaves ``headroom`` bytes for the database to grow into."""
        with sqlite3.connect(self.database) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            pages, size = db.execute("PRAGMA page_count").fetchone()[0], db.execute("PRAGMA page_size").fetchone()[0]
        if self.mounted:
            free = shutil.disk_usage(self.folder).free
            with self.ballast.open("wb") as ballast:
                ballast.write(b"\0" * max(0, free - headroom))
            return {
                "method": self.method,
                "database_bytes": pages * size,
                "free_bytes": shutil.disk_usage(self.folder).free,
            }
        self.limit_file.write_text(str(pages + headroom // size))
        return {"method": self.method, "database_bytes": pages * size, "max_page_count": pages + headroom // size}

    def free(self) -> None:
        if self.mounted:
            self.ballast.unlink(missing_ok=True)
        else:
            self.limit_file.write_text(str(2**30))

    def close(self) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.folder)], capture_output=True, check=False)
            self.mounted = False


def _disk_note(user: SimulatedUser) -> None:
    """A long note (the disk fills sooner), through the real form."""
    code = user._code_offering("notes/new")
    if code is None:
        return
    path = f"/participants/{code}/notes/new/"
    response = user.browser.get("note form", path)
    form = form_posting_to(response.text, path) if response is not None else None
    if form is None:
        return
    token = marker()
    user.browser.recorder.sent(token)
    if user.browser.post("note saved", path, form.fill({"text": DISK_NOTE + token}), expect=(302,)) is not None:
        user.browser.recorder.acknowledge(token)


def disk(
    folder: Path,
    *,
    smoke: bool,
    log: Callable[[str], None],
    size: int,
    fast_schema: bool,
    workers: int = 3,
    also_on_exit: Callable[[Callable[[], None]], object] | None = None,
) -> Verdict:
    """``also_on_exit`` registers this drill's cleanups with the run's own (it may run in a thread the
    run does not wait for when it is stopped)."""
    verdict = Verdict()
    space = _Space(folder / "disk", tmpfs=os.geteuid() == 0 and not smoke)
    if also_on_exit is not None:
        also_on_exit(space.close)
    gunicorn = None
    try:
        env = server.drill_environment(f"sqlite:///{space.database}", **space.env())
        log(f"  full disk by {space.method}: preparing a SQLite database of {size} participants…")
        prepared = server.worker(
            env,
            "prepare",
            "--size",
            str(size),
            "--users",
            "5",
            *(["--fast-schema"] if fast_schema else []),
        )
        gunicorn = server.Gunicorn(env, port=free_port(), log=folder / "gunicorn-disk.log", workers=workers)
        if also_on_exit is not None:
            also_on_exit(gunicorn.stop)
        gunicorn.start()
        stage = Stage(folder, env, prepared, gunicorn, smoke=smoke, log=log)
        # Every writer finds its cases before the disk fills (the caseload is a read: it still works).
        writers = stage.sessions("case_worker")[:2]
        verdict.figures["space"] = space.fill(headroom=(64 if smoke else 256) * 1024)
        recorder = Recorder()
        stop = threading.Event()
        threads = _writers(stage, writers, recorder, stop, _disk_note)
        deadline = time.monotonic() + (30 if smoke else 120)
        while time.monotonic() < deadline:
            if sum(1 for o in recorder.snapshot() if o.kind == "note saved" and o.status == 503) >= 5:
                break
            time.sleep(0.2)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        answers = recorder.snapshot()
        full = [o for o in answers if o.status == 503]
        verdict.figures.update(
            {
                "notes_acknowledged_before_full": len(recorder.acknowledged),
                "saves_refused_503": sum(1 for o in full if o.kind == "note saved"),
                "pages_refused_503": sum(1 for o in full if o.kind != "note saved"),
                "refusals_saying_disk_full": sum(1 for o in full if o.calm and o.reason == "disk_full"),
                "other_failures": sum(1 for o in answers if not o.ok and o.status != 503),
            }
        )
        verdict.expect(verdict.figures["saves_refused_503"] > 0, "the disk never filled: no write was refused")
        verdict.expect(
            verdict.figures["refusals_saying_disk_full"] == len(full),
            "a refused write did not get the 503 page saying the storage is full",
        )
        verdict.expect(verdict.figures["other_failures"] == 0, "failures other than the 503 page")
        # Space freed: the same server saves again.
        space.free()
        again = Recorder()
        user = SimulatedUser(Browser(gunicorn.url, writers[0]["cookie"], again), writers[0], {}, random.Random(1))
        for _ in range(3):
            _disk_note(user)
        user.browser.close()
        verdict.figures["saves_after_freeing"] = len(again.acknowledged)
        verdict.expect(len(again.acknowledged) == 3, "writes did not succeed after space was freed")
        for token in again.acknowledged:
            recorder.acknowledge(token)
        judge_database(verdict, stage.check(recorder))
        return verdict
    finally:
        if gunicorn is not None:
            gunicorn.stop()
        space.close()


# --- Two people editing the same record -------------------------------------------------------------


def _form(browser: Browser, path: str):
    """The form on ``path`` that posts back to it, as the browser reads it."""
    response = browser.get("plan form" if path.endswith("/plan/") else "note form", path)
    form = form_posting_to(response.text, path) if response is not None else None
    if form is None:
        raise DrillStepFailed(f"no form on {path}")
    return form


def conflict(stage: Stage) -> Verdict:
    """Over HTTP: a case worker and a coordinator save the same plan from the same version; then one
    case worker saves the same note from two browsers."""
    verdict = Verdict()
    recorder = Recorder()
    lead_session = next(
        s for s in stage.sessions("case_worker") if s["username"] == stage.prepared["second_browser"]["username"]
    )
    coordinator_session = next(
        s for s in stage.sessions("coordinator") if s["organisation"] == lead_session["organisation"]
    )
    lead = SimulatedUser(
        Browser(stage.gunicorn.url, lead_session["cookie"], recorder), lead_session, {}, random.Random(2)
    )
    other = SimulatedUser(
        Browser(stage.gunicorn.url, coordinator_session["cookie"], recorder), coordinator_session, {}, random.Random(3)
    )
    try:
        verdict.figures["plan"] = _plan_conflict(lead, other)
        verdict.figures["note"] = _note_conflict(stage, lead, recorder)
    except DrillStepFailed as failed:
        verdict.failures.append(str(failed))
        return verdict
    finally:
        lead.browser.close()
        other.browser.close()
    plan, note = verdict.figures["plan"], verdict.figures["note"]
    verdict.expect(
        plan["first_save"] and plan["second_save_refused_409"] and plan["typed_value_kept_in_the_form"],
        "the second plan save was not refused with the typed value kept",
    )
    verdict.expect(plan["saved_again_knowingly"] and plan["versions_moved"] == 2, "the plan did not keep both saves")
    verdict.expect(
        bool(note["second_save_refused_409"] and note["theirs_shown"] and note["typed_text_kept"]),
        "the second note save was not refused with both texts shown",
    )
    verdict.expect(bool(note["saved_again_knowingly"]), "saving the note again did not succeed")
    verdict.expect(not [o for o in recorder.snapshot() if not o.ok], "unexpected answers in the conflict drill")
    return verdict


def _plan_conflict(lead: SimulatedUser, other: SimulatedUser) -> dict:
    code = lead._code_offering("plan")
    if code is None:
        raise DrillStepFailed("no plan the case worker may edit")
    path = f"/participants/{code}/plan/"
    first, second = _form(lead.browser, path), _form(other.browser, path)
    version = int(dict(first.fill())["plan_version"])
    saved = lead.browser.post("plan saved", path, first.fill({"review_on": "2031-01-10"}))
    refused = other.browser.request(
        "plan saved", "POST", path, data=second.fill({"review_on": "2031-02-20"}), expect=(409,)
    )
    again = form_posting_to(refused.text, path) if refused is not None else None
    saved_again = other.browser.post("plan saved", path, again.fill()) if again is not None else None
    final = dict(_form(lead.browser, path).fill())
    return {
        "first_save": saved is not None,
        "second_save_refused_409": refused is not None,
        "typed_value_kept_in_the_form": again is not None and dict(again.fill()).get("review_on") == "2031-02-20",
        "saved_again_knowingly": saved_again is not None,
        "versions_moved": int(final["plan_version"]) - version,
        "final_review_on": _as_iso(final["review_on"]),
    }


def _as_iso(shown: str) -> str:
    """A date as a date field shows it (as the user's language writes it: core.forms.DateInput), in ISO."""
    for written in ("%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(shown, written).date().isoformat()
        except ValueError:
            continue
    return shown


def _note_conflict(stage: Stage, lead: SimulatedUser, recorder: Recorder) -> dict:
    second = Browser(stage.gunicorn.url, stage.prepared["second_browser"]["cookie"], recorder)
    try:
        # A note of the lead's own on a case they lead (only its author may edit a note).
        code = lead._code_offering("notes/new")
        case = lead.browser.get("case page", f"/participants/{code}/") if code else None
        edits = re.findall(rf'href="(/participants/{code}/notes/\d+/edit/)"', case.text) if case else []
        if not edits:
            raise DrillStepFailed("no note of the case worker's own to edit")
        path = edits[0]
        mine, theirs = _form(lead.browser, path), _form(second, path)
        first_text = f"Drill note: text from the first browser, {time.time_ns()}."
        second_text = f"Drill note: text from the second browser, {time.time_ns()}."
        saved = lead.browser.post("note saved", path, mine.fill({"text": first_text}))
        refused = second.request("note saved", "POST", path, data=theirs.fill({"text": second_text}), expect=(409,))
        page = refused.text if refused is not None else ""
        again = form_posting_to(page, path) if refused is not None else None
        saved_again = second.post("note saved", path, again.fill()) if again is not None else None
        return {
            "first_save": saved is not None,
            "second_save_refused_409": refused is not None,
            "theirs_shown": first_text in page,
            "typed_text_kept": again is not None and dict(again.fill()).get("text", "").strip() == second_text,
            "saved_again_knowingly": saved_again is not None,
        }
    finally:
        second.close()


__all__ = ["Outcome", "Stage", "Verdict", "conflict", "disk", "judge_database", "kill", "outage"]
