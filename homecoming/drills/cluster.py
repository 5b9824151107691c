"""A throwaway PostgreSQL cluster on a loopback port (no Django here: scripts/with_postgres.py uses it too).

    with Cluster() as cluster:
        cluster.create_database("homecoming")
        ... DATABASE_URL=cluster.url("homecoming") ...
        cluster.stop(mode="immediate")  # the outage drill
        cluster.start()                 # same folder, same port

The cluster lives in a temporary folder, at a free port on 127.0.0.1, and is stopped and removed when
the block ends, also when it fails. PostgreSQL refuses to run as root: as root (CI) it runs as Debian's
``postgres`` account; as a normal user, as that user. Nothing outside the folder is touched.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


class PostgresMissing(RuntimeError):
    pass


def bindir() -> str:
    """The newest installed PostgreSQL's programs (Debian installs each major version side by side)."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not candidates:
        raise PostgresMissing(
            "PostgreSQL is not installed: run `make test` (it installs it) or `apt-get install postgresql`."
        )
    return os.path.dirname(candidates[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """One cluster: ``start`` (the first time also ``initdb``), ``stop``, ``url``, ``log``, ``close``.

    ``durable=False`` (the test suite's clusters) turns fsync and full-page writes off: such a cluster
    lives for one run. The drills keep PostgreSQL's defaults, so that their write figures are what a
    real server would give (``make drills``); a killed app server or a stopped PostgreSQL loses nothing
    either way, only a crash of the machine would tell the two apart.
    """

    USER = "homecoming"

    def __init__(self, *, durable: bool = False, max_connections: int = 60, log_lock_waits: bool = False) -> None:
        self.bindir = bindir()
        self.as_root = os.geteuid() == 0
        self.run_as = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        self.folder = Path(tempfile.mkdtemp(prefix="homecoming-pg-"))
        if self.as_root:
            shutil.chown(self.folder, user="postgres")
        self.data = self.folder / "data"
        self.log = self.folder / "log"
        self.port = free_port()
        options = [f"-k {self.folder}", f"-p {self.port}", "-h 127.0.0.1", f"-c max_connections={max_connections}"]
        if not durable:
            options += ["-c fsync=off", "-c full_page_writes=off"]
        if log_lock_waits:
            # A lock waited on longer than deadlock_timeout (1 s) is logged: the drills count them.
            options.append("-c log_lock_waits=on")
        self.options = " ".join(options)
        self.running = False
        self._initialised = False

    # --- Life cycle ---------------------------------------------------------------------------

    def start(self) -> Cluster:
        if not self._initialised:
            subprocess.run(
                [
                    *self.run_as,
                    f"{self.bindir}/initdb",
                    *("-D", str(self.data), "-A", "trust", "-U", self.USER, "-E", "UTF8", "--no-sync"),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            self._initialised = True
        self._pg_ctl("-o", self.options, "-l", str(self.log), "-w", "start")
        self.running = True
        return self

    def stop(self, *, mode: str = "fast") -> None:
        """``immediate``: every server process quits at once, without a checkpoint, as in a crash;
        the next start recovers from the write-ahead log."""
        self._pg_ctl("-m", mode, "-w", "stop")
        self.running = False

    def close(self) -> None:
        if self.running:
            try:
                self._pg_ctl("-m", "fast", "-w", "stop", check=False)
            finally:
                self.running = False
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Cluster:
        try:
            return self.start()
        except BaseException:
            self.close()
            raise

    def __exit__(self, *exc) -> None:
        self.close()

    def _pg_ctl(self, *args: str, check: bool = True) -> None:
        subprocess.run(
            [*self.run_as, f"{self.bindir}/pg_ctl", "-D", str(self.data), *args],
            check=check,
            stdout=subprocess.DEVNULL,
        )

    # --- Databases ------------------------------------------------------------------------------

    def url(self, database: str = "homecoming") -> str:
        return f"postgres://{self.USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str = "homecoming", *, template: str = "") -> str:
        command = [f"{self.bindir}/createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.USER]
        if template:
            command += ["-T", template]
        subprocess.run([*command, name], check=True)
        return self.url(name)

    def wait_until_ready(self, timeout: float = 30.0) -> None:
        """Until the cluster accepts connections (after a start that recovered from a crash)."""
        deadline = time.monotonic() + timeout
        while True:
            done = subprocess.run(
                [f"{self.bindir}/pg_isready", "-h", "127.0.0.1", "-p", str(self.port), "-q"], check=False
            )
            if done.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise TimeoutError("PostgreSQL did not accept connections in time")
            time.sleep(0.1)

    def log_text(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
