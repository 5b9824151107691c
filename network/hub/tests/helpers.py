"""Builders for the hub's tests: a city's key, its enrolment, and reports built by hand in the
shape ``network.exchange.report.build_payload`` writes (indicators as mel's ``published_data``)."""

from __future__ import annotations

import base64
import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from core.actor import Actor
from network.exchange import dsse
from network.hub import actions

PERIOD = "2026Q2"


def public_text(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def enrolled(name: str = "Aktau", slug: str = "aktau", key: Ed25519PrivateKey | None = None):
    """(member, token, private key) of a newly enrolled city."""
    key = key or Ed25519PrivateKey.generate()
    member, token = actions.enrol(
        actor=Actor.for_system(),
        name=name,
        slug=slug,
        public_key=public_text(key),
        fingerprint=dsse.fingerprint(key.public_key()),
    )
    return member, token, key


def figure(key: str = "total", *, count=None, eligible=None, value=None, suppressed=False, reason="") -> dict:
    return {
        "key": key,
        "value": value,
        "count": count,
        "eligible": eligible,
        "no_data": None if suppressed else 0,
        "suppressed": suppressed,
        "reason": reason,
    }


def share(code: str, count: int, eligible: int) -> dict:
    total = figure(count=count, eligible=eligible, value=round(count / eligible, 6))
    return {"code": code, "unit": "share", "total": total, "trend": [[PERIOD, total]], "breakdowns": []}


def hidden(code: str, unit: str = "share") -> dict:
    total = figure(suppressed=True, reason="primary")
    return {"code": code, "unit": unit, "total": total, "trend": [], "breakdowns": []}


def payload(slug: str = "aktau", *, period: str = PERIOD, sequence: int = 1, indicators=None, practices=()) -> dict:
    return {
        "schema": "homecoming.network-report/1",
        "city": {"slug": slug, "name": slug.title()},
        "period": period,
        "sequence": sequence,
        "made_at": "2026-07-02T08:00:00Z",
        "k": 5,
        "indicators": indicators if indicators is not None else [share("HC-OUT-02", 8, 10)],
        "practices": list(practices),
    }


def practice(ref: int = 1, **changes) -> dict:
    """A practice as ``network.library.shared.document`` writes it."""
    document = {
        "ref": ref,
        "version": 1,
        "title": "Women's volunteering in charity campaigns",
        "summary": "Returning women joined the city's charity campaigns beside other volunteers.",
        "actors_involved": "",
        "what_was_done": "Monthly campaigns with the women's council.",
        "resources_staff": "",
        "resources_money": "",
        "resources_time": "",
        "outcomes": "",
        "instruments_used": "",
        "evidence_text": "Volunteers' accounts, gathered by the coordinator.",
        "transferability": "",
        "safeguarding_notes": "",
        "phases": ["reintegration"],
        "target_groups": ["women"],
        "domains": ["belonging"],
        "indicators": ["HC-OUT-02"],
        "status": "inspiring",
        "evidence_strength": "practitioner_account",
        "language": "en",
        "organisation": {"name": "Aktau Women's Council", "kind": "cso"},
        "started": "202501",
        "last_reviewed": None,
        "demo": False,
        "translations": [
            {
                "language": "ru",
                "title": "Волонтёрство женщин",
                "summary": "Женщины в благотворительных акциях.",
                "what_was_done": "",
            }
        ],
    }
    return {**document, **changes}


def envelope_bytes(data: dict, key: Ed25519PrivateKey) -> bytes:
    signed = dsse.sign(json.dumps(data, sort_keys=True, separators=(",", ":")).encode(), key=key)
    return json.dumps(signed).encode()
