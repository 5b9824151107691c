"""The README's table from the JSON files ``manage.py bench`` wrote: one column per run.

    python -m homecoming.bench.summary var/bench-sqlite-1000.json var/bench-sqlite-10000.json …

Each cell is "p50 / p95 ms (queries)" for one page and persona; for the caseload's filters and
sorts, the slowest of them. Reads JSON only (no Django), so it runs anywhere the files are; p95 is taken again from each
row's timings.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from homecoming.bench import percentile

# The rows of the README's table: (label, page, variant or None for the slowest variant, persona).
LINES = [
    ("caseload, first page", "caseload", "first page", "coordinator"),
    ("caseload, slowest filter or sort", "caseload", None, "coordinator"),
    ("caseload, first page", "caseload", "first page", "case_worker"),
    ("caseload, slowest filter or sort", "caseload", None, "case_worker"),
    ("case page", "case page", "", "coordinator"),
    ("case page", "case page", "", "case_worker"),
    ("case page", "case page", "", "psychologist"),
    ("section swap (notes)", "section swap", "notes", "case_worker"),
    ("inbox", "inbox", "", "coordinator"),
    ("inbox", "inbox", "", "case_worker"),
    ("inbox", "inbox", "", "partner"),
    ("inbox count (after a page loads)", "inbox count", "", "coordinator"),
    ("inbox count (after a page loads)", "inbox count", "", "case_worker"),
    ("home", "home", "", "coordinator"),
    ("home", "home", "", "case_worker"),
    ("indicator dashboard", "indicators", "dashboard", "me_officer"),
    ("report draft preview", "reports", "draft preview", "me_officer"),
]


def _cell(rows: list[dict], page: str, variant: str | None, persona: str) -> str:
    found = [r for r in rows if r["page"] == page and r["persona"] == persona]
    if variant is not None:
        found = [r for r in found if r["variant"] == variant]
    else:
        found = [r for r in found if r["variant"] != "first page"]
    which = ""
    # A page stopped by the deadline, or failing, is the slowest of all: it says so.
    failed = [r for r in found if r["p50_ms"] is None]
    if failed:
        which = f" [{failed[0]['variant']}]" if variant is None else ""
        return (failed[0]["note"] or f"HTTP {failed[0]['status']}") + which
    if not found:
        return "-"
    row = max(found, key=lambda r: r["p50_ms"])
    # From the timings themselves: files written before the percentile was corrected hold the maximum.
    p95 = percentile(row["times_ms"], 0.95) if row.get("times_ms") else row["p95_ms"]
    ratio = f", SQL x{row['sql_ratio']:.0f}" if row.get("sql_ratio") else ""
    which = f" [{row['variant']}]" if variant is None else ""
    return f"{row['p50_ms']:.0f} / {p95:.0f} ({row['queries']} q{ratio}){which}"


def table(results: list[dict]) -> str:
    heads = [f"{r['sizes']['participants']:,} {r['database']['vendor']}" for r in results]
    lines = ["| page | persona | " + " | ".join(heads) + " |", "|---|---|" + "---|" * len(heads)]
    for label, page, variant, persona in LINES:
        cells = [_cell(r["rows"], page, variant, persona) for r in results]
        lines.append(f"| {label} | {persona.replace('_', ' ')} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(paths: list[str]) -> None:
    results = [json.loads(Path(path).read_text(encoding="utf-8")) for path in paths]
    print(table(results))
    for r in results:
        m = r["machine"]
        generated = f"generated in {r['generation_seconds']:.0f} s" if r.get("generation_seconds") else ""
        print(
            f"- {r['sizes']['participants']:,} on {r['database']['vendor']} {r['database']['version']}: "
            f"{generated}; load average {m['load_average']} -> {r.get('load_average_after')}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
