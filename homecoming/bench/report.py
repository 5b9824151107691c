"""The figures as a table and as JSON, with the machine and the database they were measured on.

Codes and numbers only: page names, persona names (roles), counts and times — never a name or
free text from the data.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import sqlite3
from pathlib import Path

import django
from django.db import connection
from django.utils import timezone

from casework.models import ContactNote
from core.models import AuditEvent
from homecoming.bench.measure import Row
from people.models import Household, Participant


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""


def machine() -> dict:
    """What the figures depend on: CPU, cores, memory, load (a shared machine), versions."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or platform.machine(),
    )
    memory = next((line.split()[1] for line in _read("/proc/meminfo").splitlines() if line.startswith("MemTotal")), "")
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gib": round(int(memory) / 1024 / 1024, 1) if memory else None,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
    }


def database() -> dict:
    """The engine and its version (SQLite's library version as Python links it, and as the server runs)."""
    info = {"vendor": connection.vendor, "sqlite_library": sqlite3.sqlite_version}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        info["version"] = cursor.fetchone()[0]
    return info


def sizes() -> dict:
    """What the database holds: the sizes the timings are to be read against."""
    return {
        "participants": Participant.objects.count(),
        "households": Household.objects.count(),
        "contact_notes": ContactNote.objects.count(),
        "audit_rows": AuditEvent.objects.count(),
    }


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}" if value < 100 else f"{value:.0f}"


COLUMNS = ("page", "persona", "p50 ms", "p95 ms", "queries", "KB", "SQL x", "1st ms", "n", "note")


def table(rows: list[Row]) -> str:
    """A Markdown table: page, persona, p50, p95, queries, KB, ratio to hand-written SQL, the cold
    first request, the number of timed requests, and what went wrong where something did."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join(["---"] * len(COLUMNS)) + "|"]
    for row in rows:
        page = f"{row.page} {row.variant}".strip()
        note = row.note if row.status == 200 else row.note or f"HTTP {row.status}"
        cells = [
            page,
            row.persona,
            _ms(row.p50_ms),
            _ms(row.p95_ms),
            "-" if row.queries is None else str(row.queries),
            "-" if row.bytes is None else f"{row.bytes / 1024:.0f}",
            "-" if row.sql_ratio is None else f"{row.sql_ratio:.1f}",
            _ms(row.first_ms),
            str(row.repetitions),
            note.replace("|", "/"),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def header(result: dict) -> str:
    m, db, size = result["machine"], result["database"], result["sizes"]
    generated = result.get("generation_seconds")
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; load average {m['load_average']} "
        f"at the start, {result.get('load_average_after')} at the end; {m['os']}",
        f"Python {m['python']}, Django {m['django']}; {db['vendor']} {db['version']}"
        f" (SQLite library {db['sqlite_library']})",
        f"Data: {size['participants']} participants in {size['households']} households, "
        f"{size['contact_notes']} contact notes, {size['audit_rows']} audit rows"
        + (f"; generated in {generated:.0f} s" if generated is not None else "; generated earlier (--keep)"),
        f"Timing: {result['settings']['repeat']} timed requests after {result['settings']['warmup']} warm-ups "
        f"(fewer where a page would overrun {result['settings']['budget']} s), DEBUG={result['settings']['debug']}",
    ]
    return "\n".join(lines)


def result(rows: list[Row], *, settings: dict, generated: dict | None, machine_info: dict) -> dict:
    return {
        "measured_at": timezone.now().astimezone(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine_info,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "database": database(),
        "sizes": sizes(),
        "generation_seconds": generated["seconds"]["total"] if generated else None,
        "generated": generated,
        "settings": settings,
        "rows": [row.as_dict() for row in rows],
    }


def write_json(data: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
