"""Demo content of a hub: three member cities and their reports for the last two finished quarters,
signed by demo keys and received through the hub's own checks. Made-up aggregates only, some cells
suppressed as a city would send them, and the demo practices each city shares. Seeds nothing on a
city instance."""

from __future__ import annotations

import base64
import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings

from core.actor import Actor
from mel.periods import Period
from mel.views import default_period
from network.exchange import dsse
from network.hub import actions
from network.hub.models import MemberCity
from network.library.demo import sent_to_network

# (name, slug, {indicator: (count, eligible) or None for a suppressed cell}), by quarter (older first).
CITIES = [
    (
        "Aktau",
        "demo-aktau",
        [{"HC-OUT-02": (31, 40), "HC-OUT-04": (52, 70)}, {"HC-OUT-02": (36, 42), "HC-OUT-04": (55, 71)}],
    ),
    (
        "Shymkent",
        "demo-shymkent",
        [{"HC-OUT-02": (7, 9), "HC-OUT-04": None}, {"HC-OUT-02": (8, 10), "HC-OUT-04": (6, 11)}],
    ),
    ("Almaty", "demo-almaty", [{"HC-OUT-02": None, "HC-OUT-04": None}, {"HC-OUT-02": (5, 8), "HC-OUT-04": None}]),
]


def _figure(cell) -> dict:
    if cell is None:
        return {
            "key": "total",
            "value": None,
            "count": None,
            "eligible": None,
            "no_data": None,
            "suppressed": True,
            "reason": "primary",
        }
    count, eligible = cell
    return {
        "key": "total",
        "value": round(count / eligible, 6),
        "count": count,
        "eligible": eligible,
        "no_data": 0,
        "suppressed": False,
        "reason": "",
    }


def _payload(name: str, slug: str, period: Period, sequence: int, cells: dict, practices: list[dict]) -> bytes:
    indicators = [
        {
            "code": code,
            "unit": "share",
            "total": _figure(cell),
            "trend": [[period.code, _figure(cell)]],
            "breakdowns": [],
        }
        for code, cell in cells.items()
    ]
    payload = {
        "schema": "homecoming.network-report/1",
        "city": {"slug": slug, "name": name},
        "period": period.code,
        "sequence": sequence,
        "made_at": f"{period.following().start.isoformat()}T09:00:00Z",
        "k": 5,
        "indicators": indicators,
        "practices": practices,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def seed_hub() -> None:
    if settings.HOMECOMING_ROLE != "hub":
        return
    actor = Actor.for_system()
    periods = default_period().last(2)
    practices = sent_to_network()
    for name, slug, quarters in CITIES:
        if MemberCity.objects.filter(slug=slug).exists():
            continue
        key = Ed25519PrivateKey.generate()  # a demo key: its private half is not kept
        public = base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()
        member, _token = actions.enrol(
            actor=actor, name=name, slug=slug, public_key=public, fingerprint=dsse.fingerprint(key.public_key())
        )
        for sequence, (period, cells) in enumerate(zip(periods, quarters, strict=True), start=1):
            envelope = dsse.sign(_payload(name, slug, period, sequence, cells, practices.get(slug, [])), key=key)
            actions.receive(actor=actor, member=member, body=json.dumps(envelope).encode())
