"""Who may do what with community perception surveys (decided here, nowhere else).

- Coordinators, case workers, specialists and partners of an organisation in a city run rounds
  for their organisation (open, close) and enter answers in their organisation's rounds.
- Anyone with one of those roles, or the M&E officer, in an organisation of a city reads the
  results of every round of that city; an M&E officer above the cities (the national officer)
  reads those of every city below their organisation's jurisdiction.
- Everyone else (administrators, network editors, other cities, no membership): 404, as for a
  page that does not exist.

Results are aggregates only, whoever reads them (``community.surveys.results``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from access.policy import membership_of
from community.models import SurveyRound
from directory.models import Jurisdiction, Membership, Role
from directory.tree import cities_below, home_city

RUNS_ROUNDS = frozenset({Role.COORDINATOR, Role.CASE_WORKER, Role.SPECIALIST, Role.PARTNER})
READS_RESULTS = RUNS_ROUNDS | {Role.ME_OFFICER}


@dataclass(frozen=True)
class SurveyAccess:
    membership: Membership
    city: Jurisdiction | None  # the city the reader's organisation is in, if any
    cities: tuple[Jurisdiction, ...]  # the cities whose results the reader reads

    @property
    def runs_rounds(self) -> bool:
        return self.city is not None and self.membership.role in RUNS_ROUNDS

    def enters(self, round_: SurveyRound) -> bool:
        """Whether the reader runs this round: opens, closes and enters answers in it."""
        return self.runs_rounds and round_.organisation_id == self.membership.organisation_id

    def rounds(self) -> QuerySet[SurveyRound]:
        return SurveyRound.objects.filter(city__in=[city.pk for city in self.cities])


def access_for(request_or_membership) -> SurveyAccess:
    """The reader's access to surveys; 404 for those who have none."""
    membership = membership_of(request_or_membership)
    if membership is None or membership.role not in READS_RESULTS:
        raise Http404
    jurisdiction = membership.organisation.jurisdiction
    city = home_city(jurisdiction)
    if city is not None:
        return SurveyAccess(membership, city, (city,))
    if membership.role == Role.ME_OFFICER and jurisdiction is not None:
        return SurveyAccess(membership, None, tuple(cities_below(jurisdiction)))
    raise Http404


def open_round(access: SurveyAccess, round_id: int, *, enter: bool = False) -> SurveyRound:
    """A round the reader reads (or, with ``enter``, runs); 404 for any other, or none."""
    round_ = access.rounds().select_related("city", "organisation").filter(pk=round_id).first()
    if round_ is None or (enter and not access.enters(round_)):
        raise Http404
    return round_
