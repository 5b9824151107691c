"""The demo's DHIS2 mapping: a data set, Almaty's and Shymkent's organisation units, and a subset of
the catalogue (coverage, outcomes, two wellbeing shares) by sex and age band.

Some indicators, the other disaggregations and Aktau are left unmapped on purpose, so that the
dry-run page shows what the mapping does not cover. Seeded only while there is no mapping at all:
a second run, or a mapping an administrator made, is left as it is.
"""

from __future__ import annotations

from core.actor import Actor
from mel.dhis2 import actions
from mel.dhis2.mapping import Mapping
from mel.dhis2.models import Dhis2DataElement, Dhis2DataSet
from mel.dhis2.rules import PARTS_BY_UNIT, TOTAL, Part
from mel.results import Dimension, Unit
from people.models import AGE_BANDS, Participant

INDICATORS = ("HC-COV-01", "HC-COV-03", "HC-OUT-01", "HC-OUT-02", "HC-OUT-04", "HC-WB-01", "HC-WB-03")
SUFFIX = {Part.VALUE: "", Part.NUMERATOR: "_NUM", Part.DENOMINATOR: "_DEN", Part.PEOPLE: "_PPL"}
# One data element per disaggregation, each with its own category combination in DHIS2.
DIMENSIONS = {TOTAL: "", Dimension.SEX: "_SEX", Dimension.AGE_BAND: "_AGE"}


def demo_mapping() -> Mapping:
    from mel.indicators import CATALOGUE

    elements = {}
    for code in INDICATORS:
        indicator = CATALOGUE[code]
        for part in PARTS_BY_UNIT[Unit(indicator.unit)]:
            for dimension, tail in DIMENSIONS.items():
                if dimension == TOTAL or dimension in indicator.dimensions:
                    elements[(code, part.value, str(dimension))] = code.replace("-", "_") + SUFFIX[part] + tail
    combos = {(TOTAL, ""): "default"}
    combos |= {(Dimension.SEX.value, sex): f"SEX_{sex[0].upper()}" for sex, _label in Participant.Sex.choices}
    for low, high in AGE_BANDS:
        key = f"{low}+" if high is None else f"{low}-{high}"
        combos[(Dimension.AGE_BAND.value, key)] = f"AGE_{low}_PLUS" if high is None else f"AGE_{low}_{high}"
    return Mapping(
        data_set="HC_RETURN_QUARTERLY",
        elements=elements,
        combos=combos,
        org_units={"almaty": "KZ_ALMATY", "shymkent": "KZ_SHYMKENT"},
    )


def seed_dhis2_mapping() -> bool:
    """The demo mapping, unless there is a mapping already; whether it was seeded."""
    if Dhis2DataSet.objects.exists() or Dhis2DataElement.objects.exists():
        return False
    actions.import_mapping(actor=Actor.for_system(), mapping=demo_mapping())
    return True
