"""The processes a drill runs: gunicorn serving the app, and manage.py commands on the drill's database.

Both get the same environment (``drill_environment``): the drill's DATABASE_URL, fresh throwaway keys
(random for each run, the same for every process of the run, so that what one seals another opens),
production settings otherwise (DEBUG off, persistent database connections with health checks), and
plain HTTP on the loopback. Nothing from the caller's own HOMECOMING_* settings leaks in: a drill
never runs on an operator's database or keys.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


# Sync workers, 2 x cores + 1 (gunicorn's own advice): a request of this app is mostly Python (templates,
# forms, the access policy) between short queries, so a process per core and a spare to overlap the
# waits on the database uses the cores without the GIL of threaded workers in the way.
def default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


def _key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def drill_environment(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOMECOMING_") and k != "DATABASE_URL"}
    env.update(
        {
            "DATABASE_URL": database_url,
            "HOMECOMING_DEBUG": "false",
            "HOMECOMING_HTTPS": "false",
            "HOMECOMING_DEMO": "false",
            "HOMECOMING_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "HOMECOMING_SECRET_KEY": secrets.token_urlsafe(50),
            "HOMECOMING_IDENTITY_KEYS": _key(),
            "HOMECOMING_BLIND_INDEX_KEY": _key(),
            "HOMECOMING_AUDIT_KEYS": _key(),
            "HOMECOMING_NETWORK_KEYS": _key(),
            # Production's default, said out loud: the outage drill checks that a broken persistent
            # connection is dropped and opened again.
            "HOMECOMING_DB_CONN_MAX_AGE": "60",
            "HOMECOMING_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def with_database(env: dict[str, str], database_url: str) -> dict[str, str]:
    """The same run's environment (same keys) on another database."""
    return {**env, "DATABASE_URL": database_url}


# Set while a run is unwinding (a drill failed, or the run was stopped): a drill still running in
# another thread must not start a server the run's cleanup has already gone past.
closing = threading.Event()


class CommandFailed(RuntimeError):
    pass


def manage(env: dict[str, str], *args: str, timeout: float = 1800) -> str:
    """Runs ``manage.py`` with the drill's environment; its stdout, or CommandFailed with the end of stderr."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise CommandFailed(f"manage.py {args[0]} exited {done.returncode}: {done.stderr[-2000:]}")
    return done.stdout


def worker(env: dict[str, str], task: str, *args: str, timeout: float = 1800) -> dict:
    """Runs one of the drill command's tasks on the drill's database (``scene``); its JSON answer."""
    out = manage(env, "drill", "--task", task, *args, timeout=timeout)
    return json.loads(out.strip().splitlines()[-1])


class Gunicorn:
    """gunicorn in a process group of its own, so that ``kill`` takes the master and every worker at once."""

    def __init__(self, env: dict[str, str], *, port: int, log: Path, workers: int | None = None) -> None:
        self.env = env
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = log
        self.workers = workers or default_workers()
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> Gunicorn:
        self.spawn()
        return self.wait_until_serving(timeout)

    def spawn(self) -> None:
        if closing.is_set():
            raise RuntimeError("the drills are closing: no new server")
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "homecoming.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
            "--config",
            "python:homecoming.drills.gunicorn_conf",
            # The app is loaded once in the master, then forked: a (re)start costs one import of
            # Django and the app, not one per worker on cores the drill shares.
            "--preload",
            # gunicorn 27 listens on a control socket in the home folder by default: the drills' servers
            # (two at once in the smoke run) would share one, and nothing may be left outside the folder.
            "--no-control-socket",
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True
            )

    def wait_until_serving(self, timeout: float = 60) -> Gunicorn:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start ({self.process.returncode}): see {self.log}")
            try:
                if requests.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise TimeoutError("gunicorn did not answer in time")

    @property
    def pid(self) -> int:
        return self.process.pid if self.process else 0

    def worker_pids(self) -> list[int]:
        """The master's worker processes now (Linux: /proc lists a process's children)."""
        try:
            text = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text()
        except OSError:
            return []
        return sorted(int(pid) for pid in text.split())

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole process group: the master and its workers die mid-request."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.alive():
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
            except ProcessLookupError:
                pass
        elif self.process is not None:
            # The master is gone (killed): its workers may linger in the group for a moment.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
