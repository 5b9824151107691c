"""The rules every indicator keeps: DHIS2 periods, the scope of owners, queries that do not grow with the
caseload, and no participant codes, names or free text read."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.models import CaseReview
from mel.indicators import CATALOGUE, measure
from mel.periods import Period
from mel.results import Dimension
from mel.tests.builders import (
    action_history,
    assess,
    breakdown,
    close,
    milestone,
    person,
    phase,
    plan_goal,
    referral,
    screening,
    tally,
)

D = datetime.date


def build_caseload(owner, partner, by, *, size: int) -> None:
    """``size`` families with a bit of everything every indicator reads."""
    for number in range(size):
        arrived = D(2026, 1 + number % 12, 1 + number % 27)
        mother = person(owner, born=1985 + number % 10, arrived=arrived, returned=arrived - datetime.timedelta(days=40))
        child = person(owner, sex="male", born=2015, arrived=arrived, household=mother.household, role="child")
        phase(mother, "resettlement", by=by, started=arrived)
        assess(mother, {"housing": 2, "education": 1}, by=by, on=arrived)
        assess(mother, {"housing": 3, "education": 1}, by=by, on=D(2027, 2, 1))
        milestone(mother, "employed", by=by, reached=D(2026, 12, 1))
        milestone(child, "school_enrolled", by=by, reached=D(2026, 9, 1))
        for code, totals in (("phq9", (18, 10)), ("who5", (40, 56)), ("psc17", (20, 10))):
            for total, day in zip(totals, (arrived, D(2027, 2, 1)), strict=True):
                screening(child if code == "psc17" else mother, code, total, by=by, on=day)
        referral(
            mother, partner, by=by, sent=D(2027, 1, 2), events=[(D(2027, 1, 9), "accepted"), (D(2027, 2, 1), "done")]
        )
        CaseReview.objects.create(participant=mother, scheduled_on=D(2027, 2, 1), held_on=D(2027, 2, 3), recorded_by=by)
        action_history(plan_goal(mother, "housing"), owner, [(D(2027, 1, 5), "blocked", "no_funding")])
        if number % 3 == 2:
            close(child, by=by, decided=D(2027, 3, 1))


def queries_per_indicator(owners, period) -> dict[str, int]:
    counts = {}
    for code, indicator in CATALOGUE.items():
        with CaptureQueriesContext(connection) as captured:
            measure(indicator, owners=owners, period=period)
        # What is counted: the SELECTs (not the transaction's savepoint or PostgreSQL's work_mem).
        counts[code] = sum(
            q["sql"].lstrip().upper().startswith(("SELECT", "(SELECT")) for q in captured.captured_queries
        )
    return counts


def test_the_number_of_queries_does_not_depend_on_the_number_of_participants(city_a, city_b, coordinator):
    owners, period = [city_a.social.pk, city_b.social.pk], Period.parse("2027Q1")
    build_caseload(city_a.social, city_a.cso, coordinator, size=2)
    small = queries_per_indicator(owners, period)
    build_caseload(city_b.social, city_b.cso, coordinator, size=6)
    large = queries_per_indicator(owners, period)

    assert small == large
    assert measure(CATALOGUE["HC-COV-01"], owners=owners, period=period).total.count == 16 - 2  # two children closed
    # One query for the total and the trend, one per breakdown, one for the cities listed (two more for a median).
    assert large["HC-COV-01"] == 1 + 6 + 1
    assert large["HC-CON-06"] == 2 * (1 + 6) + 1


def test_no_query_reads_participant_codes_identities_or_free_text(city_a, city_b, coordinator):
    owners, period = [city_a.social.pk, city_b.social.pk], Period.parse("2027Q1")
    build_caseload(city_a.social, city_a.cso, coordinator, size=2)
    with CaptureQueriesContext(connection) as captured:
        for indicator in CATALOGUE.values():
            measure(indicator, owners=owners, period=period)
    sql = "\n".join(query["sql"] for query in captured.captured_queries).lower()

    forbidden = [
        "people_identity",
        "casework_contactnote",
        '"people_participant"."code"',
        '"people_household"."code"',
        '"casework_milestone"."note"',
        '"casework_needsrating"."note"',
        '"casework_needsrating"."strengths"',
        '"casework_goal"."what_matters"',
        '"casework_casereview"."outcome"',
        '"coordination_referral"."request"',
        '"coordination_transfer"."handover_note"',
        '"instruments_administration"."answers"',
        "description",
    ]
    assert [column for column in forbidden if column in sql] == []


@pytest.mark.parametrize(
    ("code", "kind", "expected"),
    [
        ("2027Q1", "quarter", ["2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4", "2027Q1"]),
        ("202702", "month", ["202607", "202608", "202609", "202610", "202611", "202612", "202701", "202702"]),
        ("2027", "year", ["2020", "2021", "2022", "2023", "2024", "2025", "2026", "2027"]),
    ],
)
def test_periods_are_read_as_dhis2_writes_them_and_the_trend_has_eight_oldest_first(
    code, kind, expected, city_a, coordinator
):
    person(city_a.social, arrived=D(2020, 6, 1))
    person(city_a.social, arrived=D(2027, 2, 10))
    period = Period.parse(code)

    result = measure(CATALOGUE["HC-COV-01"], owners=[city_a.social.pk], period=period)

    assert period.kind == kind
    assert [p.code for p, _t in result.trend] == expected
    assert result.total.count == 2
    assert result.trend[0][1].count == 1


def test_a_shorter_trend_and_chosen_dimensions_are_honoured(city_a):
    person(city_a.social, arrived=D(2026, 6, 1))

    result = measure(
        CATALOGUE["HC-COV-01"],
        owners=[city_a.social.pk],
        period=Period.parse("2027Q1"),
        dimensions=[Dimension.SEX],
        trend=3,
    )

    assert [p.code for p, _t in result.trend] == ["2026Q3", "2026Q4", "2027Q1"]
    assert [b.dimension for b in result.breakdowns] == [Dimension.SEX]


def test_owners_outside_the_scope_never_count(city_a, city_b, coordinator):
    a, b = city_a.social, city_b.social
    for owner in (a, a, b, city_a.cso):
        person(owner, arrived=D(2026, 6, 1))
    indicator, period = CATALOGUE["HC-COV-01"], Period.parse("2027Q1")

    only_b = measure(indicator, owners=[b.pk], period=period)
    both = measure(
        indicator,
        owners=type(a).objects.filter(slug__in=["almaty-social", "shymkent-social"]).values("pk"),
        period=period,
    )

    assert only_b.total.count == 1
    assert [t.key for t in breakdown(only_b, Dimension.JURISDICTION).tallies] == ["shymkent"]
    assert both.total.count == 3
    assert tally(breakdown(both, Dimension.JURISDICTION), "almaty").count == 2


def test_the_city_breakdown_lists_the_cities_that_hold_cases_not_the_national_agencys_country(city_a, country):
    from directory.models import Organisation

    agency = Organisation.objects.create(slug="agency", name="Agency", kind="national_agency", jurisdiction=country)
    person(city_a.social, arrived=datetime.date(2027, 1, 5))
    owners = [agency.pk, city_a.social.pk, city_a.cso.pk]

    result = measure(CATALOGUE["HC-COV-01"], owners=owners, period=Period.parse("2027Q1"), dimensions=["jurisdiction"])

    assert [(t.key, t.count) for t in result.breakdowns[0].tallies] == [("almaty", 1)]
