"""What a city's report to the hub holds: `mel`'s suppressed aggregates, nothing else.

Every indicator of the catalogue, published as an aggregate reader of the city sees it
(``mel.reports.content.published_figures``: k = ``min_cell()``, never exact), as plain JSON of
codes, keys and numbers. No participant code, name, free text or date finer than a month: the
trend is keyed by period codes, the breakdowns by category keys. Beside them, the practices the
city published and shared with the network: texts written and reviewed for publication.
"""

from __future__ import annotations

import datetime
import json

from directory.models import Jurisdiction
from mel.periods import Period
from mel.reports.content import published_data, published_figures
from mel.scope import min_cell
from network.library.shared import shared_by

SCHEMA = "homecoming.network-report/1"


def build_payload(city: Jurisdiction, period: Period, sequence: int, made_at: datetime.datetime) -> bytes:
    """The exact bytes that are signed and leave the city (keys sorted, no spaces: the hub reads
    the same bytes the preview shows)."""
    document = {
        "schema": SCHEMA,
        "city": {"slug": city.slug, "name": city.name},
        "period": period.code,
        "sequence": sequence,
        # The moment the report was made (to the second, UTC): about the report, not about anyone.
        "made_at": made_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "k": min_cell(),
        "indicators": [published_data(published) for published in published_figures(city, period)],
        # Published and shared with the network, public fields only (network.library.shared).
        "practices": shared_by(city),
    }
    return dumps(document)


def dumps(document: dict) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def loads(payload: bytes) -> dict:
    return json.loads(bytes(payload).decode("utf-8"))
