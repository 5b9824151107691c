"""Query plans that keep the indicators fast at national scale, on SQLite and PostgreSQL.

Timings are never asserted: what is asserted is the shape of the plan the database picks — a set
computed once per query instead of a subquery run for every rating, an index that serves the lookups
made once per participant — and, where a number is packed into a sort key, that the order it gives
is the order the definition states.
"""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mel.indicators import CATALOGUE, measure
from mel.periods import Period
from mel.results import Dimension
from mel.tests.builders import assess, breakdown, person, screening, tally

Q1 = Period.parse("2027Q1")
D = datetime.date
SETTLED = D(2026, 6, 1)


@pytest.fixture
def owners(city_a, city_b):
    return [city_a.social.pk, city_b.social.pk]


def queries_of(code: str, owners) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        measure(CATALOGUE[code], owners=owners, period=Q1)
    # The statements that read: not the transaction's savepoints nor PostgreSQL's work_mem.
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(("SELECT", "(SELECT"))]


def _sqlite_correlated(sql: str, tight: bool) -> list[str]:
    """The details of every plan step run once per outer row (under a CORRELATED subquery)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        steps = cursor.fetchall()
    parent = {step[0]: step[1] for step in steps}
    correlated = {step[0] for step in steps if step[3].startswith("CORRELATED")}

    def under_correlated(node: int) -> bool:
        while node in parent:
            node = parent[node]
            if node in correlated:
                return True
        return False

    return [step[3] for step in steps if under_correlated(step[0])]


CONDITIONS = ("Filter", "Index Cond", "Recheck Cond", "Hash Cond", "Join Filter", "Merge Cond", "One-Time Filter")


def _subtree(node: dict) -> list[dict]:
    return [node] + [each for child in node.get("Plans", []) for each in _subtree(child)]


def _refers_outside(node: dict) -> bool:
    """Whether a subplan's conditions name a table of the query around it: it runs once per outer row."""
    nodes = _subtree(node)
    own = {each["Alias"] for each in nodes if "Alias" in each}
    named = {
        name
        for each in nodes
        for key in CONDITIONS
        for name in re.findall(r"\b([a-z_][a-z0-9_]*)\.", each.get(key, ""))
    }
    return bool(named - own)


def _index_of(node: dict) -> str:
    """The index a scan reads: its own, or for a bitmap heap scan its bitmap index scans' (PostgreSQL
    turns to a bitmap scan of the same index when the table's statistics say many rows match)."""
    if "Index Name" in node:
        return node["Index Name"]
    return " ".join(each["Index Name"] for each in _subtree(node)[1:] if "Index Name" in each)


def _postgres_correlated(sql: str, tight: bool) -> list[str]:
    """The tables scanned by a subplan run once per outer row (one whose conditions refer to the outer query)."""
    with connection.cursor() as cursor:
        if tight:
            # As on a large database: the small test tables would otherwise be read whole. The
            # statistics are taken afresh from this test's rows: left from whatever ran before on
            # the worker (a browser test's committed rows), they could tip the choice of index.
            cursor.execute("ANALYZE")
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
        if tight:
            cursor.execute("RESET enable_seqscan")
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found = []

    def walk(node: dict) -> None:
        if node.get("Parent Relationship") == "SubPlan" and _refers_outside(node):
            found.extend(
                f"{each['Relation Name']} {_index_of(each)}" for each in _subtree(node) if "Relation Name" in each
            )
            return
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found


def correlated_steps(sql: str, *, tight: bool = False) -> list[str]:
    if connection.vendor == "postgresql":
        return _postgres_correlated(sql, tight)
    return _sqlite_correlated(sql, tight)


@pytest.fixture
def assessed(city_a, city_b, coordinator):
    a, b = city_a.social, city_b.social
    same_day = person(a, arrived=SETTLED)
    assess(same_day, {"housing": 3}, by=coordinator, on=D(2027, 2, 1))
    assess(same_day, {"housing": 2}, by=coordinator, on=D(2027, 2, 1))  # recorded later the same day: the latest
    entered_late = person(b, arrived=SETTLED)
    assess(entered_late, {"housing": 4}, by=coordinator, on=D(2027, 3, 1))
    assess(entered_late, {"housing": 3}, by=coordinator, on=D(2026, 9, 1))  # recorded later, but the first
    return {"same_day": same_day, "entered_late": entered_late}


def test_improvement_orders_ratings_by_day_then_by_when_they_were_recorded(assessed, owners):
    result = measure(CATALOGUE["HC-OUT-08"], owners=owners, period=Q1)

    assert (result.total.count, result.total.eligible) == (1, 2)
    cities = breakdown(result, Dimension.JURISDICTION)
    assert (tally(cities, "almaty").count, tally(cities, "shymkent").count) == (0, 1)
    housing = tally(breakdown(result, Dimension.DOMAIN), "housing")
    assert (housing.count, housing.eligible) == (1, 2)


def test_improvement_reads_ratings_as_sets_not_once_per_rating_nor_through_window_functions(assessed, owners):
    queries = queries_of("HC-OUT-08", owners)

    assert not [sql for sql in queries if " OVER (" in sql.upper()]
    per_row = [step for sql in queries for step in correlated_steps(sql)]
    assert not [step for step in per_row if "needsrating" in step.lower()]


def test_screening_change_looks_up_first_and_latest_scores_through_the_instrument_index(city_a, coordinator, owners):
    who = person(city_a.social, born=1990)
    screening(who, "phq9", 20, by=coordinator, on=D(2026, 10, 1))
    screening(who, "phq9", 12, by=coordinator, on=D(2027, 2, 1))
    # Many screenings on other instruments, as a participant followed for years has: reading the
    # first and latest PHQ-9 by the participant alone would walk them all, through the instrument not.
    for day in range(1, 29):
        screening(who, "gad7", 8, by=coordinator, on=D(2026, 11, day))
        screening(who, "who5", 50, by=coordinator, on=D(2026, 12, day))

    for code in ("HC-WB-01", "HC-WB-11"):
        trend = queries_of(code, owners)[0]
        per_row = correlated_steps(trend, tight=True)
        screenings = [step for step in per_row if "administration" in step.lower()]
        assert screenings, code  # the first and latest scores: once per participant, by design
        assert [step for step in screenings if "administration_by_instrument" not in step] == [], code
