#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL cluster on a loopback port.

    python scripts/with_postgres.py <command> [args…]

Creates a cluster in a temporary folder, starts it on 127.0.0.1 at a free port, runs
the command with DATABASE_URL pointing at it, then stops the cluster and removes the
folder, also when the command fails. PostgreSQL refuses to run as root: as root (CI)
the cluster runs as Debian's ``postgres`` account; as a normal user, as that user.
No server needs to be running beforehand, and nothing outside the folder is touched.
The cluster itself is homecoming/drills/cluster.py (the drills start and stop theirs too).
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from homecoming.drills.cluster import Cluster, PostgresMissing


def main(argv: list[str]) -> int:
    if not argv:
        sys.exit(__doc__)
    # A stopped run (Ctrl+C, a CI time limit) still stops the cluster and removes its folder.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        cluster = Cluster(durable=False, max_connections=60)
    except PostgresMissing as missing:
        sys.exit(str(missing))
    with cluster:
        env = {**os.environ, "DATABASE_URL": cluster.create_database("homecoming")}
        return subprocess.run(argv, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
