"""The lists that start from participants find them by index, never by reading the whole table.

10,000 participants, of whom the personas may see a few dozen (their team places) or a few hundred
(the coordinator's organisation): the database's own plan for each of the caseload's filters and
sorts, its count, the inbox count and the home page's count must not scan the participant table.
A scan would make every page slower as the country's database grows, whatever the user can see.
"""

import datetime
import json
import re

import pytest
from django.db import connection, transaction
from django.http import QueryDict
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from access import policy
from casework.caseload import CaseloadFilter, caseload_rows
from casework.models import Action, Goal, NeedsAssessment, NeedsDomain, NeedsRating, Plan, TeamMember
from conftest import PERSONA_ACCOUNTS, make_city, make_country
from coordination import inbox
from people.models import Household, Participant

PARTICIPANTS = 10_000
# One in twenty belongs to city A's social services; the rest to city B's.
OWNED_BY_A = 500
TEAM_PLACES = 40

QUERIES = [
    "",
    "sort=code",
    "sort=age",
    "sort=review",
    "sort=registered",
    "phase=rehabilitation",
    "need_at_most=2",
    "need_domain={domain}&need_at_most=2",
    "overdue=on",
    "review_within=30",
    "age_band=5-11",
    "sex=female",
    "code=K7",
]


def _bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=2000)


@pytest.fixture(scope="module")
def country_sized(django_db_setup, django_db_blocker) -> dict:
    """Made once for the module, in a transaction rolled back at its end: the personas by name."""
    with django_db_blocker.unblock(), transaction.atomic():
        country = make_country()
        city_a, city_b = make_city(country, "almaty", "Almaty"), make_city(country, "shymkent", "Shymkent")
        personas = {
            name: PERSONA_ACCOUNTS[name](city_a, city_b) for name in ("coordinator", "case_worker", "psychologist")
        }
        _fill(city_a, city_b, personas)
        yield personas
        transaction.set_rollback(True)


def _fill(city_a, city_b, personas) -> None:
    case_worker, psychologist, coordinator = (personas[n] for n in ("case_worker", "psychologist", "coordinator"))
    today = timezone.localdate()
    now = timezone.now()
    owners = [city_a.social if n < OWNED_BY_A else city_b.social for n in range(PARTICIPANTS)]
    households = _bulk(Household, [Household(owner=owner, created_at=now) for owner in owners[::2]])
    participants = _bulk(
        Participant,
        [
            Participant(
                household=households[n // 2],
                household_role="mother" if n % 2 == 0 else "child",
                sex="female" if n % 3 else "male",
                birth_year=today.year - (n % 50),
                owner=owners[n],
                created_at=now,
            )
            for n in range(PARTICIPANTS)
        ],
    )
    plans = _bulk(
        # By position, not by id: ids depend on what the database made before, and the team's first
        # 40 participants must have reviews within 7 and 30 days whatever their ids.
        Plan,
        [Plan(participant=p, review_on=today + datetime.timedelta(days=n % 90)) for n, p in enumerate(participants)],
    )
    domain = NeedsDomain.objects.filter(is_active=True).first()
    goals = _bulk(Goal, [Goal(plan=plan, domain=domain, what_matters="x") for plan in plans])
    _bulk(
        Action,
        [
            Action(
                goal=goal,
                description="x",
                responsible_organisation=owners[n],
                due_on=today - datetime.timedelta(days=n % 20 - 10),
            )
            for n, goal in enumerate(goals)
        ],
    )
    assessments = _bulk(
        NeedsAssessment,
        [NeedsAssessment(participant=p, assessed_on=today, assessed_by=coordinator) for p in participants],
    )
    _bulk(NeedsRating, [NeedsRating(assessment=a, domain=domain, rating=1 + a.pk % 5) for a in assessments])
    places = [
        TeamMember(participant=p, membership=user.memberships.get(), is_lead=lead, assigned_by=coordinator)
        for user, lead in ((case_worker, True), (psychologist, False))
        for p in participants[:TEAM_PLACES]
    ]
    _bulk(TeamMember, places)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _scans_of_participants(sql: str, params) -> list[str]:
    """The plan's full reads of the participant table (under any alias the query gives it)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # At 10,000 rows PostgreSQL may rightly read a small table whole; with sequential scans
            # priced out it must still find a path by index, and falls back to a scan only when there
            # is none (as for an OR of correlated EXISTS).
            cursor.execute("SET enable_seqscan = off")
            try:
                cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
                plan = cursor.fetchone()[0]
            finally:
                cursor.execute("RESET enable_seqscan")
            nodes = re.findall(r'"Node Type": "([^"]+)"[^{}]*?"Relation Name": "([^"]+)"', json.dumps(plan))
            return [
                f"{kind} on {table}" for kind, table in nodes if kind == "Seq Scan" and table == "people_participant"
            ]
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        aliases = {"people_participant", *re.findall(r'"people_participant" (\w+)', sql)}
        return [row[3] for row in cursor.fetchall() if re.match(rf"SCAN ({'|'.join(aliases)})\b", row[3])]


def _plans_of(run) -> list[str]:
    """Every query ``run`` sends, with what scans the participant table."""
    with CaptureQueriesContext(connection) as captured:
        run()
    scans = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if "people_participant" in sql:
            scans += [f"{found}: {sql[:200]}" for found in _scans_of_participants(sql, None)]
    return scans


@pytest.mark.parametrize("persona", ["case_worker", "psychologist", "coordinator"])
def test_the_caseload_finds_participants_by_index_for_every_filter_and_sort(country_sized, db, persona):
    membership = country_sized[persona].memberships.get()
    domain = NeedsDomain.objects.filter(is_active=True).first().pk
    for query in (q.format(domain=domain) for q in QUERIES):
        filters = CaseloadFilter(QueryDict(query) or None)
        assert filters.is_valid() or not query, query
        rows = caseload_rows(filters.apply(policy.participants_visible_to(membership)))
        assert rows.count() > 0 or query in ("code=K7", "phase=rehabilitation"), query
        assert _plans_of(lambda rows=rows: (rows.count(), list(rows[:25]))) == [], query


@pytest.mark.parametrize("persona", ["case_worker", "coordinator"])
def test_the_inbox_count_and_the_home_count_find_participants_by_index(country_sized, db, persona):
    user = country_sized[persona]
    request = RequestFactory().get("/")
    request.user, request.membership = user, user.memberships.get()
    assert _plans_of(lambda: inbox.count(request)) == []
    assert _plans_of(lambda: policy.participants_visible_to(request).count()) == []
    assert _plans_of(lambda: list(inbox.actions_due(request.membership)[:5])) == []
