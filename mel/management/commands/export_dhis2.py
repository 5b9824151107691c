"""Write the DHIS2 ``dataValueSets`` document of a finished period (issue 17 §3).

    python manage.py export_dhis2 --period 2027Q1 [--city almaty] [--output FILE]

To standard output, or to FILE with its sidecar beside it (``FILE`` without ``.json``, plus
``.sidecar.json``). The sidecar lists the suppressed cells left out and what the mapping does not
cover; on standard output the sidecar goes to standard error, as JSON. Unmapped items are also
named on standard error, one a line. Import the document into DHIS2 with ``idScheme=code``.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.actor import Actor
from directory.models import Jurisdiction
from mel.dhis2 import actions
from mel.dhis2.export import build, finished_period
from mel.periods import PeriodError


def sidecar_path(output: Path) -> Path:
    stem = output.name[: -len(".json")] if output.name.endswith(".json") else output.name
    return output.with_name(f"{stem}.sidecar.json")


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class Command(BaseCommand):
    help = "Write the DHIS2 dataValueSets JSON of a finished period, with the sidecar of what is left out."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", required=True, help="A finished period: 2027Q1, 202701 or 2027.")
        parser.add_argument("--city", default="", help="One city's short name (slug); every city when left out.")
        parser.add_argument("--output", default="", help="The file to write; standard output when left out.")

    def handle(self, *args, period: str, city: str, output: str, **options) -> None:
        try:
            chosen = finished_period(period)
        except PeriodError as error:
            raise CommandError(str(error)) from error
        cities = Jurisdiction.objects.filter(level=Jurisdiction.Level.CITY).order_by("slug")
        if city:
            cities = cities.filter(slug=city)
            if not cities:
                raise CommandError(f"There is no city {city!r}.")
        export = build(chosen, cities)
        for line in export.unmapped_lines():
            self.stderr.write(line)
        if output:
            path = Path(output)
            if not path.parent.is_dir():
                raise CommandError(f"There is no folder {str(path.parent)!r} to write to.")
            path.write_text(dumps(export.document()), encoding="utf-8")
            sidecar_path(path).write_text(dumps(export.sidecar()), encoding="utf-8")
        else:
            self.stdout.write(dumps(export.document()), ending="")
            self.stderr.write(dumps(export.sidecar()), ending="")
        actions.record_export(actor=Actor.for_system(), period=chosen)
