"""A hand-made catalogue and hand-made measurements, for the tests of how pages show them.

The pages' tests replace ``mel.indicators``' catalogue, ``measure`` and ``members`` with these
(monkeypatch), so that what a page shows can be checked against known tallies whatever the
real indicators compute; disclosure control is the real one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from mel.results import Breakdown, Dimension, Direction, Indicator, Measured, PeriodRule, Tally, Unit


def _indicator(code: str, unit: str, group: str, dimensions, **extra) -> Indicator:
    return Indicator(
        code=code,
        name=f"Test indicator {code}",
        definition=f"What {code} measures, in words.",
        numerator="People counted" if unit != Unit.COUNT else "People",
        denominator="People eligible" if unit == Unit.SHARE else "",
        unit=unit,
        period_rule=PeriodRule.STATE_AT_END,
        eligible="Everyone registered",
        direction=Direction.HIGHER,
        source="A test source",
        group=group,
        dimensions=dimensions,
        **extra,
    )


COUNT = _indicator("HC-TST-01", Unit.COUNT, "coverage", (Dimension.SEX, Dimension.JURISDICTION))
SHARE = _indicator("HC-TST-02", Unit.SHARE, "outcomes", (Dimension.SEX, Dimension.AGE_BAND))
HEALTH = _indicator("HC-TST-03", Unit.MEAN, "wellbeing", (Dimension.SEX,), health=True)
CATALOGUE = {i.code: i for i in (COUNT, SHARE, HEALTH)}

# The tallies each indicator "measured": everyone, then by dimension. Male counts are small
# (3, below k = 5), so that an M&E officer sees them suppressed.
TALLIES = {
    COUNT.code: (
        Tally("", "", 40, no_data=2),
        {
            Dimension.SEX: (Tally("female", "Female", 37, no_data=2), Tally("male", "Male", 3)),
            Dimension.JURISDICTION: (Tally("almaty", "Almaty", 40, no_data=2), Tally("shymkent", "Shymkent", 0)),
        },
    ),
    SHARE.code: (
        Tally("", "", 21, 30, 0.7, no_data=6),
        {
            Dimension.SEX: (Tally("female", "Female", 18, 24, 0.75, 5), Tally("male", "Male", 3, 6, 0.5, 1)),
            Dimension.AGE_BAND: (
                Tally("0-4", "0\u20134", 2, 4, 0.5),
                Tally("5-11", "5\u201311", 9, 12, 0.75, 3),
                Tally("18-29", "18\u201329", 10, 14, 10 / 14, 3),
            ),
        },
    ),
    HEALTH.code: (
        Tally("", "", 12, value=-3.25, no_data=4),
        {Dimension.SEX: (Tally("female", "Female", 9, value=-4.0, no_data=3), Tally("male", "Male", 3, value=-1.0))},
    ),
}


@dataclass
class Calls:
    measured: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)


def fake_measure(calls: Calls):
    def measure(indicator, *, owners, period, dimensions=None, trend=8) -> Measured:
        calls.measured.append({"indicator": indicator.code, "owners": set(owners), "period": period.code})
        total, by = TALLIES[indicator.code]
        shown = indicator.dimensions if dimensions is None else dimensions
        breakdowns = tuple(Breakdown(d, by[d], additive=True) for d in shown if d in by)
        return Measured(indicator, period, total, breakdowns, tuple((p, total) for p in period.last(trend)))

    return measure


def fake_members(calls: Calls, people):
    def members(indicator, *, owners, period, dimension=None, key=None, part="count"):
        calls.members.append(
            {
                "indicator": indicator.code,
                "owners": set(owners),
                "period": period.code,
                "dimension": dimension,
                "key": key,
                "part": part,
            }
        )
        return people()

    return members


@pytest.fixture
def fake_catalogue(monkeypatch) -> Calls:
    """The hand-made catalogue in place of the real one; members() answers every participant
    (the caseload must still show only those the reader may open)."""
    from mel import indicators
    from people.models import Participant

    calls = Calls()
    monkeypatch.setattr(indicators, "CATALOGUE", CATALOGUE)
    monkeypatch.setattr(indicators, "measure", fake_measure(calls))
    monkeypatch.setattr(indicators, "members", fake_members(calls, Participant.objects.all))
    return calls
