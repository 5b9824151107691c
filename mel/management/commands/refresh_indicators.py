"""Recompute the kept indicator figures (``mel.Snapshot``): run it nightly, from a timer.

Finished periods are kept so that dashboards need not count a national caseload on every request.
Records entered late (a milestone dated last quarter, a review recorded a week after) change a
finished period, so this recomputes, for every dashboard reader's organisations (each M&E
officer's jurisdiction and each of its cities, each coordinator's organisation), the last finished
month, quarter and year, and whatever was kept for periods that ended within ``--days``.
"""

import datetime
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from directory.models import Membership
from mel import snapshots
from mel.models import Snapshot
from mel.periods import Period
from mel.scope import DASHBOARD_ROLES, scope_for


class Command(BaseCommand):
    help = "Recompute the kept indicator figures of finished periods for every dashboard reader."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days", type=int, default=400, help="Also recompute kept periods that ended within this many days."
        )

    def handle(self, *args, days: int, **options) -> None:
        started, today = time.perf_counter(), timezone.localdate()
        latest = [Period.containing(today, kind).previous() for kind in ("month", "quarter", "year")]
        since = today - datetime.timedelta(days=days)
        owner_sets = self.owner_sets()
        count = 0
        for owners in owner_sets:
            _text, digest = snapshots.owners_key(owners)
            kept = Snapshot.objects.filter(owners_hash=digest).values_list("period", flat=True).distinct()
            periods = {*latest, *(p for p in map(Period.parse, kept) if since <= p.end < today)}
            count += snapshots.refresh(owners=owners, periods=sorted(periods))
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{count} indicator figures recomputed for {len(owner_sets)} readers' scopes in {seconds:.1f} s."
        )

    @staticmethod
    def owner_sets() -> list[tuple[int, ...]]:
        """The distinct sets of organisations some dashboard reader sees, cities narrowed to included."""
        found: set[tuple[int, ...]] = set()
        readers = Membership.objects.active().filter(role__in=DASHBOARD_ROLES).select_related("organisation")
        for membership in readers:
            scope = scope_for(membership)
            found.add(tuple(sorted(scope.organisation_ids)))
            for city in scope.cities:
                found.add(tuple(sorted(scope.narrowed_to(city.slug).organisation_ids)))
        return sorted(owners for owners in found if owners)
