"""What a mapping entry may say: the parts of a figure, the dimensions, the shape of a DHIS2 code.

Shared by the admin's forms (``clean``) and the mapping file's import, so that both refuse the same.
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mel.results import Dimension, Unit

# DHIS2 codes are at most 50 characters; letters, digits and a few separators keep them codes.
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,49}$"
CODE_MESSAGE = gettext_lazy("A DHIS2 code: up to 50 letters, digits, dots, dashes or underscores, no spaces.")
# Category keys as mel writes them ("female", "5-11", "60+", "2026Q3", "202701", "housing").
KEY_PATTERN = r"^[A-Za-z0-9_.+\-]{0,40}$"

TOTAL = "total"  # the dimension of the total (DHIS2's "default" category option combination)
EVERY = ""  # a data element for the total and every disaggregation


class Part(models.TextChoices):
    """The numbers of a figure that DHIS2 receives. Shares go as numerator and denominator: DHIS2
    keeps raw counts in data elements and computes percentages itself, as indicators."""

    VALUE = "value", gettext_lazy("Value (a count, a mean or a median)")
    NUMERATOR = "numerator", gettext_lazy("Numerator of a share")
    DENOMINATOR = "denominator", gettext_lazy("Denominator of a share")
    PEOPLE = "people", gettext_lazy("People a mean or a median rests on")


PARTS_BY_UNIT = {
    Unit.COUNT: (Part.VALUE,),
    Unit.SHARE: (Part.NUMERATOR, Part.DENOMINATOR),
    Unit.MEAN: (Part.VALUE, Part.PEOPLE),
    Unit.MEDIAN_DAYS: (Part.VALUE, Part.PEOPLE),
}

COC_DIMENSIONS = [(TOTAL, gettext_lazy("Total")), *Dimension.choices]
ELEMENT_DIMENSIONS = [(EVERY, gettext_lazy("The total and every disaggregation")), *COC_DIMENSIONS]


def is_code(value) -> bool:
    return isinstance(value, str) and re.fullmatch(CODE_PATTERN, value) is not None


def indicator_choices() -> list[tuple[str, str]]:
    from mel.indicators import CATALOGUE  # the catalogue reads the case apps' models: not at import

    return [(code, f"{code} {indicator.name}") for code, indicator in CATALOGUE.items()]


def element_problems(indicator_code, part, dimension) -> list[str]:
    """Why a data element entry cannot be (empty when it can)."""
    from mel.indicators import CATALOGUE

    indicator = CATALOGUE.get(indicator_code) if isinstance(indicator_code, str) else None
    if indicator is None:
        return [_("There is no indicator %(code)s.") % {"code": str(indicator_code)[:40]}]
    problems = []
    parts = PARTS_BY_UNIT[Unit(indicator.unit)]
    if part not in parts:
        problems.append(
            _("%(code)s takes the parts %(parts)s, not %(part)s.")
            % {"code": indicator.code, "parts": ", ".join(parts), "part": str(part)[:40]}
        )
    if dimension not in (EVERY, TOTAL, *indicator.dimensions):
        problems.append(
            _("%(code)s has no disaggregation %(dimension)s.")
            % {"code": indicator.code, "dimension": str(dimension)[:40]}
        )
    return problems


def combo_problems(dimension, key) -> list[str]:
    """Why a category option combination entry cannot be (empty when it can)."""
    if dimension == TOTAL:
        return [] if key == "" else [_("The total has no category key: leave it empty.")]
    if dimension not in Dimension.values:
        return [_("There is no disaggregation %(dimension)s.") % {"dimension": str(dimension)[:40]}]
    if not isinstance(key, str) or not key or re.fullmatch(KEY_PATTERN, key) is None:
        return [_("A category key as Homecoming writes it, such as female, 5-11 or 2026Q3.")]
    return []
