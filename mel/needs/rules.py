"""Who sees which city's unmet needs and resource gaps (decided here, nowhere else).

- A coordinator or M&E officer of an organisation in a city sees that city (every organisation in
  it, ``mel.scope.organisations_in``), as aggregates with small cells hidden.
- An M&E officer above the cities (a region's, the national agency's) sees each city in their
  scope, one at a time, with a city choice.
- Everyone else: 404, as for a page that does not exist (``mel.scope.scope_for``).
"""

from __future__ import annotations

from django.http import Http404

from directory.models import Jurisdiction, Role
from mel.reports.rules import home_city
from mel.scope import scope_for


def cities_for(request) -> tuple[Jurisdiction, ...]:
    """The cities whose page this reader may open, by name; 404 for everyone else."""
    scope = scope_for(request)
    membership = scope.membership
    own = home_city(membership.organisation.jurisdiction)
    if membership.role == Role.COORDINATOR:
        cities = (own,) if own is not None else ()
    else:
        cities = scope.cities or ((own,) if own is not None else ())
    if not cities:
        raise Http404
    return cities
