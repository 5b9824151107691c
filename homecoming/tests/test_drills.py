"""The drills' smoke versions (issue 16 §5), through the same code as ``make drills``: a few users
for a few seconds against gunicorn on a throwaway PostgreSQL cluster, kill -9 after a second or two
of writes, PostgreSQL stopped and started, SQLite made full with max_page_count, two people saving
the same plan and note; each drill's own checks, and the figures they report, asserted here.

One test for the whole run: its cluster, data set and servers are what cost the time, and xdist
would give separate tests of a module to both workers, each running it again. It starts its own
servers, so the PostgreSQL pass of ``make test`` leaves it out (own_databases).
"""

from pathlib import Path

import pytest

from homecoming.drills import run

pytestmark = pytest.mark.own_databases


def failures_of(result: dict, name: str) -> list[str]:
    return [failure for failure in result["failures"] if failure.startswith(f"{name}:")]


def assert_nothing_lost(figures: dict) -> None:
    database = figures["database"]
    assert database["acknowledged"] > 0
    assert database["found"] == database["acknowledged"] and database["missing"] == 0
    assert all(k["without_audit"] == 0 and k["orphan_audit"] == 0 for k in database["consistency"])
    assert database["verify_audit"] is None


def assert_load(result: dict) -> None:
    assert failures_of(result, "load") == []
    load = result["drills"]["load"]
    mixed = load["mixed"]
    assert mixed["errors"]["total"] == 0
    # The workflows ran through the real pages: reads and writes.
    assert {"caseload", "case page", "note form", "note saved"} <= set(mixed["pages"])
    assert all(page["p95_ms"] >= page["p50_ms"] > 0 for page in mixed["pages"].values())
    assert mixed["writes"] > 0
    # Both rates are reported; which is higher depends on the machine's load at the time, so only
    # that each was measured is asserted (figures belong to the benchmark, not to a test).
    assert load["throughput"]["healthz_per_second"] > 0 and load["throughput"]["caseload_per_second"] > 0
    assert load["deadlocks"] == 0
    assert_nothing_lost(load)
    chain = load["audit_chain"]["rows"]
    assert [row["threads"] for row in chain] == [1, 4]
    assert all(row["audited"] > 0 and row["plain"] > 0 and row["note_action"] > 0 for row in chain)


def assert_conflict(result: dict) -> None:
    assert failures_of(result, "conflict") == []
    conflict = result["drills"]["conflict"]
    assert conflict["plan"]["second_save_refused_409"] and conflict["plan"]["typed_value_kept_in_the_form"]
    assert conflict["plan"]["final_review_on"] == "2031-02-20"
    assert conflict["note"]["theirs_shown"] and conflict["note"]["typed_text_kept"]
    assert conflict["note"]["saved_again_knowingly"]


def assert_kill(result: dict) -> None:
    assert failures_of(result, "kill") == []
    kill = result["drills"]["kill"]
    assert kill["processes_killed"] >= 2  # the master and its workers
    assert kill["answers_before_kill_not_ok"] == 0
    assert_nothing_lost(kill)
    assert kill["serves_after_restart"]


def assert_outage(result: dict) -> None:
    assert failures_of(result, "outage") == []
    outage = result["drills"]["outage"]
    assert outage["calm_503_while_down"] > 0
    assert outage["other_answers_while_down"] == outage["server_errors_while_down"] == 0
    assert outage["first_200_after_start_seconds"] is not None and outage["errors_after_recovery"] == 0
    assert outage["same_master"] and outage["same_workers"]
    assert outage["connections_before"]["count"] > 0
    assert_nothing_lost(outage)


def assert_disk(result: dict) -> None:
    assert failures_of(result, "disk") == []
    disk = result["drills"]["disk"]
    assert disk["space"]["method"] == "max_page_count"
    assert disk["saves_refused_503"] > 0
    assert disk["refusals_saying_disk_full"] == disk["saves_refused_503"] + disk["pages_refused_503"]
    assert disk["other_failures"] == 0 and disk["saves_after_freeing"] == 3
    assert_nothing_lost(disk)


def assert_nothing_left_behind(result: dict) -> None:
    folders = [result["folder"], result["cluster_folder"]]
    assert not any(Path(folder).exists() for folder in folders)
    # PostgreSQL names its folder on its command line; gunicorn and the drill's commands have the
    # drill's database (the cluster's port, or the disk drill's file in the folder) in their environment.
    traces = [*folders, result["database_url"]]
    left = []
    for process in Path("/proc").glob("[0-9]*"):
        try:
            seen = (process / "cmdline").read_bytes() + (process / "environ").read_bytes()
        except OSError:
            continue
        left += [trace for trace in traces if trace.encode() in seen]
    assert left == []


def test_the_short_drills_lose_no_acknowledged_write_and_meet_each_fault_with_the_calm_page():
    # run() stops and removes everything it started, also when a drill fails (its ExitStack);
    # assert_nothing_left_behind checks that it did.
    result = run.run("all", smoke=True, log=lambda line: None)
    assert_load(result)
    assert_conflict(result)
    assert_kill(result)
    assert_outage(result)
    assert_disk(result)
    assert result["passed"], result["failures"]
    assert_nothing_left_behind(result)
