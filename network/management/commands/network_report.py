"""Builds the city's report to the hub for a period, as the system (for a timer or an operator).

Approval stays a person's step: the command leaves a draft for a coordinator to check on the
preview page, unless ``--approve-as <username>`` names a coordinator of the city who approves it
here (for a city that has decided so; the audit row names that coordinator). An approved report
is then sent (``--send``) or written to a file for an air-gapped hub (``--output file.json``).
"""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from accounts.models import User
from core.actor import Actor
from directory.models import Jurisdiction, Membership, Role
from mel.periods import Period, PeriodError
from network.exchange import actions
from network.exchange.models import NetworkReport


class Command(BaseCommand):
    help = "Build the network report of a period; optionally approve it as a coordinator, send it or save it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="2027Q1 or 2027")
        parser.add_argument("--city", help="the city's slug (needed only where the server holds several cities)")
        parser.add_argument("--approve-as", help="the username of a coordinator of the city who approves it now")
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--send", action="store_true", help="push the approved report to the hub")
        where.add_argument("--output", help="write the signed report to this file (for an air-gapped hub)")

    def handle(self, *args, period: str, city: str | None, approve_as: str | None, send: bool, output, **options):
        try:
            chosen = Period.parse(period)
        except PeriodError as error:
            raise CommandError(str(error)) from error
        place = self._city(city)
        if (send or output) and not approve_as:
            raise CommandError("Only an approved report leaves the city: give --approve-as, or approve it on its page.")
        coordinator = self._coordinator(approve_as, place) if approve_as else None
        try:
            report = actions.build(actor=Actor.for_system(), city=place, period=chosen)
            self.stdout.write(f"built report {report.sequence} for {report.period}: {self._page(report)}")
            if coordinator is None:
                return
            report = actions.approve(actor=coordinator, report=report)
            self.stdout.write(f"approved as {approve_as}")
            if send:
                report = actions.send(actor=Actor.for_system(), report=report)
                self.stdout.write(f"status: {report.status} {report.refusal_reason}".rstrip())
            elif output:
                Path(output).write_bytes(actions.export(actor=Actor.for_system(), report=report))
                self.stdout.write(f"written to {output}")
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error

    def _city(self, slug: str | None) -> Jurisdiction:
        cities = Jurisdiction.objects.filter(level=Jurisdiction.Level.CITY)
        if slug:
            cities = cities.filter(slug=slug)
        found = list(cities[:2])
        if len(found) != 1:
            raise CommandError("Name the city with --city <slug>." if found else "No such city.")
        return found[0]

    def _coordinator(self, username: str, city: Jurisdiction) -> Actor:
        for membership in Membership.objects.active().filter(user__username=username, role=Role.COORDINATOR):
            actor = Actor.of(User.objects.get(username=username), membership)
            if actions.city_of(actor) == city:
                return actor
        raise CommandError(f"{username} is not a coordinator of {city.slug}.")

    def _page(self, report: NetworkReport) -> str:
        return reverse("network_report", args=[report.pk])
