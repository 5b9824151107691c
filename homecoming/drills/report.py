"""The drills' figures: summarised from the recorded requests, and printed (counts and times only)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict

from homecoming.bench import percentile
from homecoming.drills.browser import HARNESS, NO_ANSWER, Outcome


def errors(outcomes: list[Outcome]) -> dict:
    """Every answer the drill did not expect: any 5xx, any 4xx not known to the workflow, no answer."""
    failed = [o for o in outcomes if not o.ok]
    by_status = Counter(
        "no answer" if o.status == NO_ANSWER else "harness" if o.status == HARNESS else str(o.status) for o in failed
    )
    harness = Counter(o.note for o in failed if o.kind == "harness")
    return {
        "total": len(failed),
        "by_status": dict(by_status),
        "by_kind": dict(Counter(o.kind for o in failed)),
        "harness": dict(harness),
    }


def summary(outcomes: list[Outcome], seconds: float) -> dict:
    pages: dict[str, list[float]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.ok and outcome.kind != "harness":
            pages[outcome.kind].append(outcome.ms)
    writes = sum(1 for o in outcomes if o.write)
    return {
        "seconds": round(seconds, 1),
        "requests": len(outcomes),
        "requests_per_second": round(len(outcomes) / seconds, 1) if seconds else 0.0,
        "writes": writes,
        "writes_per_second": round(writes / seconds, 2) if seconds else 0.0,
        "expected_refusals": dict(Counter(o.note for o in outcomes if o.ok and o.note)),
        "errors": errors(outcomes),
        "pages": {
            kind: {
                "n": len(times),
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(percentile(times, 0.95), 1),
                "max_ms": round(max(times), 1),
            }
            for kind, times in sorted(pages.items())
        },
    }


def _database(figures: dict) -> list[str]:
    checked = figures.get("database")
    if not checked:
        return []
    broken = [k for k in checked["consistency"] if k["without_audit"] or k["orphan_audit"]]
    lines = [
        f"  writes acknowledged {checked['acknowledged']}, found {checked['found']}, missing {checked['missing']}"
        f" (sent {checked['attempted']}; saved though unacknowledged {checked['stored_unacknowledged']})",
        "  half-written: "
        + (
            "none ("
            + ", ".join(f"{k['kind']} {k['rows']} = audit rows {k['audit_rows']}" for k in checked["consistency"])
            + ")"
            if not broken
            else "; ".join(
                f"{k['kind']}: {k['without_audit']} without audit, {k['orphan_audit']} orphans" for k in broken
            )
        ),
        f"  verify_audit --full: {'passes' if checked['verify_audit'] is None else checked['verify_audit']}"
        f" ({checked['audit_rows']} rows)",
    ]
    return lines


def _load(figures: dict) -> list[str]:
    lines = []
    t = figures["throughput"]
    lines.append(
        f"  throughput at {t['concurrency']} users: /healthz {t['healthz_per_second']}/s, caseload "
        f"{t['caseload_per_second']}/s ({t['caseload_share_of_healthz']} of the trivial view)"
    )
    m = figures["mixed"]
    lines.append(
        f"  mixed load: {m['requests']} requests in {m['seconds']} s ({m['requests_per_second']}/s), "
        f"{m['writes']} writes ({m['writes_per_second']}/s), "
        f"errors {m['errors']['total']} {m['errors']['by_status'] or ''}"
    )
    if m["expected_refusals"]:
        lines.append(f"  expected refusals (someone else was first): {m['expected_refusals']}")
    lines.append(f"  {'page':<22} {'n':>6} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
    for kind, page in m["pages"].items():
        lines.append(
            f"  {kind:<22} {page['n']:>6} {page['p50_ms']:>9.1f} {page['p95_ms']:>9.1f} {page['max_ms']:>9.1f}"
        )
    w = figures["lock_waits"]
    lines.append(
        f"  PostgreSQL while loaded: {w['active_backends_mean']} backends active on average; waiting for the audit "
        f"chain's head {w['waiting_on_audit_head_mean']} (max {w['waiting_on_audit_head_max']}), "
        f"{w['audit_head_share_of_active']:.1%} of active backend time; any lock {w['waiting_on_any_lock_mean']}"
    )
    lines.append(f"  deadlocks: {figures['deadlocks']}; lock waits over 1 s logged: {figures['lock_waits_logged']}")
    chain = figures.get("audit_chain", {})
    if chain.get("rows"):
        lines.append("  audit chain, writes/s by threads (each write its own transaction):")
        lines.append(
            f"  {'threads':>8} {'audit.record':>13} {'same row, no chain':>19} {'note action':>12} "
            f"{'head wait (record)':>19} {'head wait (note)':>17}"
        )
        for row in chain["rows"]:
            lines.append(
                f"  {row['threads']:>8} {row['audited']:>13} {row['plain']:>19} {row['note_action']:>12} "
                f"{row['audited_head_wait_share']:>19.1%} {row['note_action_head_wait_share']:>17.1%}"
            )
    elif chain:
        lines.append(f"  audit chain: {chain}")
    return lines


def drill(name: str, figures: dict, failures: list[str]) -> str:
    lines = []
    if name == "load":
        lines += _load(figures)
    elif name == "kill":
        lines.append(
            f"  {figures['writers']} writers; SIGKILL to {figures['processes_killed']} processes after "
            f"{figures['seconds_before_kill']} s; restarted in {figures['restart_seconds']} s, serves: "
            f"{figures['serves_after_restart']}"
        )
    elif name == "outage":
        f = figures
        lines.append(
            f"  PostgreSQL down {f['down_seconds']} s: {f['answers_while_down']} answers, {f['calm_503_while_down']} "
            f"calm 503 (Retry-After: 30), {f['served_from_before_the_stop']} served from before the stop, "
            f"{f['server_errors_while_down']} server errors, {f['no_answer_while_down']} without an answer"
        )
        lines.append(
            f"  first 200 {f['first_200_after_start_seconds']} s after the start (PostgreSQL took "
            f"{f['postgres_start_seconds']} s); after it {f['answers_after_recovery']} answers, "
            f"{f['errors_after_recovery']} errors; same gunicorn master and workers: "
            f"{f['same_master'] and f['same_workers']}"
        )
        lines.append(
            f"  app connections ({f['workers']} workers) before: {f['connections_before']['count']} (oldest "
            f"{f['connections_before']['oldest_age_seconds']} s: persistent); after: {f['connections_after']['count']} "
            f"(oldest {f['connections_after']['oldest_age_seconds']} s: reopened)"
        )
    elif name == "disk":
        f = figures
        lines.append(
            f"  full by {f['space']['method']}: {f['saves_refused_503']} saves and {f['pages_refused_503']} pages "
            "refused with 503, "
            f"{f['refusals_saying_disk_full']} saying the storage is full; other failures {f['other_failures']}; "
            f"saves after freeing space: {f['saves_after_freeing']}"
        )
    elif name == "conflict":
        lines.append(f"  plan: {figures.get('plan')}")
        lines.append(f"  note: {figures.get('note')}")
    lines += _database(figures)
    lines.append(
        f"  {'PASSED' if not failures else 'FAILED: ' + '; '.join(failures)} ({figures.get('seconds', '?')} s)"
    )
    return "\n".join(lines)


def header(result: dict) -> str:
    m = result["machine"]
    return (
        f"Drills ({'smoke' if result['smoke'] else 'full'}) on {m['cores']} cores, load average at start "
        f"{m['load_average_at_start']}, {m['platform']}, Python {m['python']}"
    )
