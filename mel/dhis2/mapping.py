"""The DHIS2 mapping in memory, and as one JSON file (``manage.py dhis2_mapping export|import``).

The file is the whole mapping: an import replaces every row, after the whole file has been checked
(an unknown indicator, part, disaggregation or city refuses it, with every problem named, and
nothing is written). Exporting what was imported gives the same file back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from directory.models import Jurisdiction
from mel.dhis2.models import Dhis2CategoryOptionCombo, Dhis2DataElement, Dhis2DataSet, Dhis2OrganisationUnit
from mel.dhis2.rules import CODE_MESSAGE, EVERY, combo_problems, element_problems, is_code

FORMAT = "homecoming-dhis2-mapping/1"
KEYS = {"format", "dataSet", "organisationUnits", "dataElements", "categoryOptionCombos"}
ENTRY_KEYS = {
    "organisationUnits": {"city", "code"},
    "dataElements": {"indicator", "part", "dimension", "code"},
    "categoryOptionCombos": {"dimension", "key", "code"},
}


class MappingError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Mapping:
    """Every mapping row, read in four queries."""

    data_set: str = ""
    elements: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (indicator, part, dimension)
    combos: dict[tuple[str, str], str] = field(default_factory=dict)  # (dimension, key)
    org_units: dict[str, str] = field(default_factory=dict)  # city slug -> code

    @classmethod
    def load(cls) -> Mapping:
        data_set = Dhis2DataSet.objects.first()
        return cls(
            data_set=data_set.code if data_set else "",
            elements={
                (i, p, d): c
                for i, p, d, c in Dhis2DataElement.objects.values_list("indicator", "part", "dimension", "code")
            },
            combos={(d, k): c for d, k, c in Dhis2CategoryOptionCombo.objects.values_list("dimension", "key", "code")},
            org_units=dict(Dhis2OrganisationUnit.objects.values_list("jurisdiction__slug", "code")),
        )

    def element(self, indicator: str, part: str, dimension: str) -> str | None:
        return self.elements.get((indicator, part, dimension)) or self.elements.get((indicator, part, EVERY))

    def mapped_indicators(self) -> set[str]:
        return {indicator for indicator, _part, _dimension in self.elements}

    def mapped_parts(self, indicator: str) -> set[str]:
        return {part for i, part, _dimension in self.elements if i == indicator}

    def mapped_dimensions(self) -> set[str]:
        return {dimension for dimension, _key in self.combos}

    def as_file(self) -> dict:
        """The mapping file, entries sorted so that two exports of one mapping are the same text."""
        return {
            "format": FORMAT,
            "dataSet": self.data_set,
            "organisationUnits": [{"city": city, "code": code} for city, code in sorted(self.org_units.items())],
            "dataElements": [
                {"indicator": i, "part": p, "dimension": d, "code": c} for (i, p, d), c in sorted(self.elements.items())
            ],
            "categoryOptionCombos": [
                {"dimension": d, "key": k, "code": c} for (d, k), c in sorted(self.combos.items())
            ],
        }


def from_file(data) -> Mapping:
    """The mapping a file states; ``MappingError`` naming every problem when it cannot be imported."""
    if not isinstance(data, dict):
        raise MappingError([_("The mapping file is a JSON object.")])
    problems = []
    if set(data) != KEYS:
        problems.append(_("The mapping file has exactly the keys %(keys)s.") % {"keys": ", ".join(sorted(KEYS))})
        raise MappingError(problems)
    if data["format"] != FORMAT:
        problems.append(_("This is not a mapping file of format %(format)s.") % {"format": FORMAT})
    if not is_code(data["dataSet"]):
        problems.append(_("dataSet: %(rule)s") % {"rule": _code_rule()})
    mapping = Mapping(data_set=data["dataSet"] if isinstance(data["dataSet"], str) else "")
    entries = {name: _entries(data, name, problems) for name in ENTRY_KEYS}
    slugs = [entry["city"] for _where, entry in entries["organisationUnits"]]
    known = set(
        Jurisdiction.objects.filter(slug__in=slugs, level=Jurisdiction.Level.CITY).values_list("slug", flat=True)
    )
    for where, entry in entries["organisationUnits"]:
        if entry["city"] not in known:
            problems.append(
                _("%(where)s: there is no city %(city)s.") % {"where": where, "city": str(entry["city"])[:80]}
            )
        _add(mapping.org_units, entry["city"], entry["code"], where, problems)
    for where, entry in entries["dataElements"]:
        problems += [f"{where}: {p}" for p in element_problems(entry["indicator"], entry["part"], entry["dimension"])]
        key = (entry["indicator"], entry["part"], entry["dimension"])
        _add(mapping.elements, key, entry["code"], where, problems)
    for where, entry in entries["categoryOptionCombos"]:
        problems += [f"{where}: {p}" for p in combo_problems(entry["dimension"], entry["key"])]
        _add(mapping.combos, (entry["dimension"], entry["key"]), entry["code"], where, problems)
    if problems:
        raise MappingError(problems)
    return mapping


def _code_rule() -> str:
    return str(CODE_MESSAGE)


def _entries(data: dict, name: str, problems: list[str]) -> list[tuple[str, dict]]:
    """The well-formed entries of one list, each with where it is; a problem named for each malformed one."""
    entries = data[name]
    if not isinstance(entries, list):
        problems.append(_("%(name)s is a list.") % {"name": name})
        return []
    good = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or set(entry) != ENTRY_KEYS[name]:
            keys = ", ".join(sorted(ENTRY_KEYS[name]))
            problems.append(
                _("%(name)s #%(number)s has exactly the keys %(keys)s.")
                % {"name": name, "number": number, "keys": keys}
            )
        elif not all(isinstance(value, str) for value in entry.values()):
            problems.append(_("%(name)s #%(number)s: every value is text.") % {"name": name, "number": number})
        else:
            good.append((f"{name} #{number}", entry))
    return good


def _add(into: dict, key, code: str, where: str, problems: list[str]) -> None:
    if not is_code(code):
        problems.append(f"{where}: {_code_rule()}")
    if key in into:
        problems.append(_("%(where)s: mapped twice.") % {"where": where})
    into[key] = code
