"""The benchmark harness (issue 15): generated participants at national scale, the main pages timed.

- ``generate``: a throwaway data set of N participants in two cities, written in bulk through the
  app's own sealing (identities), scoring (screenings) and audit-chain code, so every page works on it.
- ``measure``: the personas sign in with Django's test client; each page is timed (p50/p95 server
  time), its queries counted and its weight taken; the caseload and the case page are also timed
  against the same data fetched by hand-written SQL (``sql``).
- ``report``: the table printed and the JSON written, with the machine it ran on.

``python manage.py bench`` drives it; ``make bench`` runs it on SQLite and PostgreSQL. Nothing here
is a test and nothing here runs in production: the figures are for the README and the issue.
"""

import math

# The jurisdiction that marks a database as one this harness generated: the command refuses to
# touch a database holding participants without it (a copy of real data must never be benchmarked over).
MARKER = "bench-country"


def percentile(values: list[float], share: float) -> float:
    """Nearest rank (the smallest value with at least ``share`` of the values at or below it): with
    20 timings, p95 is the 19th fastest and p50 the 10th. (It was ``round(share * n + 0.5)``, and
    Python rounds 19.5 to 20: p95 of 20 timings was their maximum.)"""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered), math.ceil(share * len(ordered))) - 1)]
