"""Export or import the whole DHIS2 mapping as one JSON file.

    python manage.py dhis2_mapping export FILE     (FILE "-" for standard output)
    python manage.py dhis2_mapping import FILE

An import is checked whole first: an unknown indicator, part, disaggregation or city, a malformed
code or a duplicate refuses the file with every problem named, and nothing is written. Otherwise
it replaces the mapping, audited. Exporting what was imported gives the same file back.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.actor import Actor
from mel.dhis2 import actions
from mel.dhis2.mapping import Mapping, MappingError, from_file


class Command(BaseCommand):
    help = "Export or import the DHIS2 mapping (data set, data elements, category option combos, org units)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("direction", choices=["export", "import"])
        parser.add_argument("file", help='The mapping file; "-" exports to standard output.')

    def handle(self, *args, direction: str, file: str, **options) -> None:
        if direction == "export":
            text = json.dumps(Mapping.load().as_file(), ensure_ascii=False, indent=2) + "\n"
            if file == "-":
                self.stdout.write(text, ending="")
            else:
                Path(file).write_text(text, encoding="utf-8")
            return
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"The mapping file cannot be read: {error}") from error
        try:
            mapping = from_file(data)
        except MappingError as error:
            raise CommandError("The mapping file was refused; nothing was changed:\n" + str(error)) from error
        actions.import_mapping(actor=Actor.for_system(), mapping=mapping)
        self.stdout.write(
            f"Mapping imported: {len(mapping.elements)} data elements, {len(mapping.combos)} category option "
            f"combinations, {len(mapping.org_units)} organisation units."
        )
