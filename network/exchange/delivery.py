"""Pushing a signed report to the hub: one HTTPS POST, and what the hub's answer means.

201 (stored) and 200 (stored already: a resend is harmless) mean delivered; a 4xx with JSON
``{"refused": reason, "message": ...}`` means refused, and sending the same bytes again would be
refused again, so there is no retry; a 5xx or no answer at all means the hub is down: the report
waits and ``deliver_network_reports`` tries again later (exponential backoff).
"""

from __future__ import annotations

import datetime
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from network.exchange.models import NetworkReport

PATH = "/hub/api/reports/"
TIMEOUT_SECONDS = 10
FIRST_DELAY = datetime.timedelta(minutes=1)
LONGEST_DELAY = datetime.timedelta(hours=6)
DELIVERED, REFUSED, PENDING = "delivered", "refused", "pending"


@dataclass(frozen=True)
class Outcome:
    kind: str  # DELIVERED, REFUSED or PENDING
    reason: str = ""  # the hub's reason code, or why the hub could not be reached
    message: str = ""


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the n-th failed attempt: 1 minute, 2, 4, ... at most 6 hours."""
    # The exponent is capped: 2**9 minutes is past the longest wait already.
    return min(FIRST_DELAY * 2 ** min(max(attempts - 1, 0), 9), LONGEST_DELAY)


def _refusal(status: int, body: bytes) -> Outcome:
    try:
        answer = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        answer = None
    if not isinstance(answer, dict):
        return Outcome(REFUSED, f"http_{status}", "")
    return Outcome(REFUSED, str(answer.get("refused") or f"http_{status}")[:64], str(answer.get("message") or ""))


def push(report: NetworkReport) -> Outcome:
    if not settings.HOMECOMING_HUB_URL:
        return Outcome(PENDING, "no_hub", "HOMECOMING_HUB_URL is not set.")
    request = urllib.request.Request(  # noqa: S310 (the operator's configured hub URL)
        settings.HOMECOMING_HUB_URL + PATH,
        data=json.dumps(report.envelope).encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.HOMECOMING_HUB_TOKEN}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as error:
        if 400 <= error.code < 500:
            return _refusal(error.code, error.read())
        return Outcome(PENDING, f"http_{error.code}", "")
    except (urllib.error.URLError, OSError) as error:  # refused, unreachable, timed out
        return Outcome(PENDING, "unreachable", str(getattr(error, "reason", error))[:200])
    if status in (200, 201):
        return Outcome(DELIVERED)
    return Outcome(PENDING, f"http_{status}", "")
