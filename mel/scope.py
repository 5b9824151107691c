"""Whose numbers a reader of the dashboards sees, and how exactly (DESIGN.md §5, §8).

- An M&E officer sees the organisations of its organisation's jurisdiction and everything
  below it: a city's officer its city, the centre's officer the centre, a national agency's
  officer (at the country) every city. Aggregates only, with small cells suppressed.
- A coordinator sees their own organisation, exact, and a number may open the list of the
  people it counts (they may open those cases anyway).
- Anyone else has no dashboard (404, as for a page that does not exist).

The jurisdiction filter narrows the scope to one of its cities, never beyond it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from access.policy import membership_of
from directory.models import Jurisdiction, Membership, Organisation, Role

# Roles that have a dashboard at all.
DASHBOARD_ROLES = frozenset({Role.ME_OFFICER, Role.COORDINATOR})


def min_cell() -> int:
    """The threshold k below which a count is hidden from aggregate-only readers."""
    return int(getattr(settings, "HOMECOMING_MIN_CELL", 5))


@dataclass(frozen=True)
class Scope:
    membership: Membership
    organisation_ids: tuple[int, ...]  # the organisations whose participants are counted
    cities: tuple[Jurisdiction, ...]  # the cities the reader may narrow to, by name
    city: Jurisdiction | None = None  # the city narrowed to, if any

    @property
    def exact(self) -> bool:
        """A coordinator sees exact numbers; everyone else aggregates with small cells hidden."""
        return self.membership.role == Role.COORDINATOR

    @property
    def opens_lists(self) -> bool:
        """Whether a number may open the caseload of the people it counts."""
        return self.exact

    @property
    def owners(self) -> QuerySet[Organisation]:
        return Organisation.objects.filter(pk__in=self.organisation_ids)

    def k(self, indicator=None) -> int:
        """The threshold for this reader and indicator: 0 (exact) for a coordinator, except for
        screening figures, which stay aggregates outside the case team."""
        if self.exact and not (indicator is not None and indicator.aggregate_only):
            return 0
        return min_cell()

    def narrowed_to(self, slug: str) -> Scope:
        """The same scope, for one of its cities; ``LookupError`` for any other slug."""
        city = next((city for city in self.cities if city.slug == slug), None)
        if city is None:
            raise LookupError(slug)
        within = set(organisations_in(city))
        return Scope(self.membership, tuple(pk for pk in self.organisation_ids if pk in within), self.cities, city)


def _subtree(root: Jurisdiction) -> list[Jurisdiction]:
    """The jurisdiction and every one below it, from one query (the tree is small)."""
    children: dict[int | None, list[Jurisdiction]] = {}
    for node in Jurisdiction.objects.all():
        children.setdefault(node.parent_id, []).append(node)
    found, todo = [], [root]
    while todo:
        node = todo.pop()
        found.append(node)
        todo.extend(children.get(node.pk, ()))
    return found


def organisations_in(jurisdiction: Jurisdiction) -> tuple[int, ...]:
    """The organisations whose participants a jurisdiction's figures count: those in it and below it.
    Reports, extracts and the DHIS2 export count a city this way, as its M&E officer's dashboard does."""
    return tuple(Organisation.objects.filter(jurisdiction__in=_subtree(jurisdiction)).values_list("pk", flat=True))


def scope_for(request_or_membership) -> Scope:
    """The reader's scope; 404 for those who have no dashboard."""
    membership = membership_of(request_or_membership)
    if membership is None or membership.role not in DASHBOARD_ROLES:
        raise Http404
    organisation = membership.organisation
    if membership.role == Role.COORDINATOR:
        return Scope(membership, (organisation.pk,), (organisation.jurisdiction,))
    subtree = _subtree(organisation.jurisdiction)
    cities = sorted((node for node in subtree if node.level == Jurisdiction.Level.CITY), key=lambda j: j.name)
    return Scope(membership, organisations_in(organisation.jurisdiction), tuple(cities))
