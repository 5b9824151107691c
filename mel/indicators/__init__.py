"""The indicator catalogue computed in the database (issue 20 §2).

- ``CATALOGUE``: every indicator (``mel.results.Indicator``) by code, in display order;
- ``measure(indicator, *, owners, period, dimensions=None, trend=8) -> Measured``;
- ``members(indicator, *, owners, period, dimension=None, key=None, part="count")``: the participants
  a number counts, for the coordinator's link to the caseload (never for screening figures).
"""

from mel.indicators.catalogue import CATALOGUE
from mel.indicators.compute import measure, members

__all__ = ["CATALOGUE", "measure", "members"]
