"""Which instruments there are: the shipped files, plus the definitions administrators imported.

Shipped instruments are part of the code and win on a code clash (an import of a shipped
code is refused, but a later release may ship a code that was imported before). Imported
versions are never deleted: an administration is always shown with the definition it was
scored with.
"""

import logging

from instruments.definitions import DefinitionError, Instrument, parse, shipped
from instruments.models import ImportedDefinition

logger = logging.getLogger(__name__)


def _parsed(row: ImportedDefinition) -> Instrument | None:
    try:
        return parse(row.definition)
    except DefinitionError:
        # Checked when imported; only a stricter check in a later release gets here.
        logger.warning("imported instrument definition %s no longer passes the check", row.pk)
        return None


def _latest_imported(code: str | None = None) -> dict[str, Instrument]:
    """The most recently imported active version of every imported code (or of one)."""
    rows = ImportedDefinition.objects.filter(is_active=True).exclude(code__in=shipped())
    if code is not None:
        rows = rows.filter(code=code)
    latest: dict[str, Instrument] = {}
    for row in rows.order_by("code", "-imported_at", "-pk"):
        if row.code not in latest and (instrument := _parsed(row)):
            latest[row.code] = instrument
    return latest


def available() -> dict[str, Instrument]:
    """The instruments offered for new administrations, by code."""
    return {**_latest_imported(), **shipped()}


def current(code: str) -> Instrument | None:
    """The version of one instrument that new administrations use."""
    return shipped().get(code) or _latest_imported(code).get(code)


def for_administration(code: str, version: str) -> Instrument | None:
    """The definition an administration was scored with, or the current one if that is gone."""
    instrument = shipped().get(code)
    if instrument is not None and instrument.version == version:
        return instrument
    row = ImportedDefinition.objects.filter(code=code, version=version).first()
    if row is not None and (imported := _parsed(row)):
        return imported
    return instrument or current(code)


def imported_versions(code: str) -> set[str]:
    return set(ImportedDefinition.objects.filter(code=code).values_list("version", flat=True))
