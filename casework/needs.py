"""The needs picture of one participant: latest ratings, change since the first, and a heat strip."""

from dataclasses import dataclass

from casework.models import NeedsRating, Rating
from core.categories import domain_readable

# Calm, colour-blind-safe steps from "urgent need" to "a strength"; the number is always written too.
COLOURS = {1: "#b5523b", 2: "#df8f5a", 3: "#e9cd72", 4: "#9ccb8d", 5: "#4d8f6b"}
CELL = 18


@dataclass
class DomainNeeds:
    domain: object
    ratings: list  # (assessed_on, rating), oldest first
    latest: NeedsRating

    @property
    def first(self) -> int:
        return self.ratings[0][1]

    @property
    def change(self) -> int:
        return self.latest.rating - self.first

    @property
    def label(self) -> str:
        return str(Rating(self.latest.rating).label)

    @property
    def cells(self) -> list[dict]:
        return [
            {"x": i * (CELL + 2), "fill": COLOURS[rating], "rating": rating, "on": on}
            for i, (on, rating) in enumerate(self.ratings)
        ]

    @property
    def width(self) -> int:
        return len(self.ratings) * (CELL + 2)


def needs_overview(participant, readable=None) -> list[DomainNeeds]:
    """One row per domain ever rated, in domain order: two queries whatever the history.

    With ``readable`` (the reader's categories), only the domains that reader may see."""
    ratings = (
        NeedsRating.objects.filter(assessment__participant=participant)
        .select_related("domain", "assessment")
        .order_by("domain__order", "assessment__assessed_on", "assessment_id")
    )
    rows: dict[int, DomainNeeds] = {}
    for rating in ratings:
        row = rows.get(rating.domain_id)
        if row is None:
            row = rows[rating.domain_id] = DomainNeeds(domain=rating.domain, ratings=[], latest=rating)
        row.ratings.append((rating.assessment.assessed_on, rating.rating))
        row.latest = rating
    return [r for r in rows.values() if readable is None or domain_readable(r.domain.category, readable)]
