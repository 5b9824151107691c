"""Shared by the DHIS2 tests: participants to count, the demo mapping, and the dataValueSets shape."""

from __future__ import annotations

import datetime
import re

from core.actor import Actor
from mel.dhis2 import actions
from mel.dhis2.demo import demo_mapping
from mel.dhis2.rules import CODE_PATTERN
from mel.tests.builders import milestone, person, phase
from mel.views import default_period

PERIOD = re.compile(r"^\d{4}(?:0[1-9]|1[0-2]|Q[1-4])?$")
NUMBER = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?$")
VALUE_KEYS = {"dataElement", "orgUnit", "categoryOptionCombo", "value"}


def map_as_in_the_demo() -> None:
    actions.import_mapping(actor=Actor.for_system(), mapping=demo_mapping())


def participants(owner, by, number: int = 14) -> list:
    """``number`` participants who arrived before the last complete quarter: mostly women, a few
    children (so that the small cells of sex and age are suppressed), some with documents restored."""
    first = default_period().start - datetime.timedelta(days=200)
    made = []
    for index in range(number):
        child = index % 4 == 0
        arrived = first + datetime.timedelta(days=index * 3)
        someone = person(
            owner,
            sex="male" if child and index % 8 == 0 else "female",
            born=2016 if child else 1988 - index % 10,
            arrived=arrived,
            returned=arrived - datetime.timedelta(days=15),
            role="child" if child else "mother",
        )
        phase(someone, "reintegration", by=by, started=arrived)
        if index % 3:
            milestone(someone, "documents_restored", by=by, reached=arrived + datetime.timedelta(days=40))
        made.append(someone)
    return made


def shape_problems(document) -> list[str]:
    """Where ``document`` is not a dataValueSets document for an import with idScheme=code."""
    if not isinstance(document, dict):
        return ["the document is not a JSON object"]
    problems = []
    if set(document) != {"dataSet", "period", "dataValues"}:
        problems.append(f"document keys {sorted(document)}")
    if not isinstance(document.get("dataSet"), str) or not re.fullmatch(CODE_PATTERN, document.get("dataSet") or ""):
        problems.append("dataSet is not a code")
    if not isinstance(document.get("period"), str) or not PERIOD.fullmatch(document.get("period") or ""):
        problems.append("period is not a DHIS2 period (2027, 2027Q1, 202701)")
    values = document.get("dataValues")
    if not isinstance(values, list):
        return [*problems, "dataValues is not a list"]
    seen = set()
    for number, value in enumerate(values):
        if not isinstance(value, dict) or set(value) != VALUE_KEYS:
            problems.append(f"dataValues[{number}] keys")
            continue
        if not all(isinstance(v, str) and v for v in value.values()):
            problems.append(f"dataValues[{number}]: a value that is not a non-empty string")
            continue
        for key in ("dataElement", "orgUnit", "categoryOptionCombo"):
            if not re.fullmatch(CODE_PATTERN, value[key]):
                problems.append(f"dataValues[{number}].{key} is not a code")
        if not NUMBER.fullmatch(value["value"]):
            problems.append(f"dataValues[{number}].value {value['value']!r} is not a number")
        where = (value["dataElement"], value["orgUnit"], value["categoryOptionCombo"])
        if where in seen:
            problems.append(f"dataValues[{number}] repeats {where}")
        seen.add(where)
    return problems
