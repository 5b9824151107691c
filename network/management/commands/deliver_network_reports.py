"""Tries once more every network report waiting for the hub whose next attempt is due (run it from a
timer every few minutes; the waits grow from 1 minute to 6 hours). Prints counts only."""

from django.core.management.base import BaseCommand

from network.exchange import actions
from network.exchange.models import NetworkReport


class Command(BaseCommand):
    help = "Push the network reports that wait for the hub and are due another attempt."

    def handle(self, *args, **options) -> None:
        tried = actions.deliver_due()
        statuses = [report.status for report in tried]
        self.stdout.write(
            f"tried {len(tried)}: delivered {statuses.count(NetworkReport.Status.DELIVERED)}, "
            f"refused {statuses.count(NetworkReport.Status.REFUSED)}, "
            f"waiting {statuses.count(NetworkReport.Status.PENDING)}"
        )
