#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL cluster on a loopback port.

    python scripts/with_postgres.py <command> [args…]

Creates a cluster in a temporary folder, starts it on 127.0.0.1 at a free port, runs
the command with DATABASE_URL pointing at it, then stops the cluster and removes the
folder, also when the command fails. PostgreSQL refuses to run as root: as root (CI)
the cluster runs as Debian's ``postgres`` account; as a normal user, as that user.
No server needs to be running beforehand, and nothing outside the folder is touched.
"""

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile


def _bindir() -> str:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not candidates:
        sys.exit("PostgreSQL is not installed: run `make test` (it installs it) or `apt-get install postgresql`.")
    return os.path.dirname(candidates[-1])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main(argv: list[str]) -> int:
    if not argv:
        sys.exit(__doc__)
    # A stopped run (Ctrl+C, a CI time limit) still stops the cluster and removes its folder.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    bindir = _bindir()
    as_root = os.geteuid() == 0
    run_as = ["runuser", "-u", "postgres", "--"] if as_root else []
    folder = tempfile.mkdtemp(prefix="homecoming-pg-")
    if as_root:
        shutil.chown(folder, user="postgres")
    data, log = os.path.join(folder, "data"), os.path.join(folder, "log")
    port = _free_port()
    subprocess.run(
        [*run_as, f"{bindir}/initdb", "-D", data, "-A", "trust", "-U", "homecoming", "-E", "UTF8", "--no-sync"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    # fsync off: the cluster lives for one test run and is thrown away.
    options = f"-k {folder} -p {port} -h 127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=60"
    subprocess.run(
        [*run_as, f"{bindir}/pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "start"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        env = {**os.environ, "DATABASE_URL": f"postgres://homecoming@127.0.0.1:{port}/homecoming"}
        subprocess.run(
            [f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "homecoming", "homecoming"], check=True
        )
        return subprocess.run(argv, env=env).returncode
    finally:
        subprocess.run(
            [*run_as, f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"],
            stdout=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
