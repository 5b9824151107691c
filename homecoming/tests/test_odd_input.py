"""Odd input is answered calmly: a form redrawn with its errors or a 400, never a 500.

A persona with access to each form route of the authorization matrix posts the route's
valid-looking body with one field at a time replaced by an odd value; the query parameters
the views read get the same values. Each post runs in a savepoint rolled back at once, and
a post that is refused leaves the case records as they were (nothing half-written).
"""

from collections import defaultdict

import pytest
from django.apps import apps
from django.db import connection, transaction

from homecoming.tests.test_authorization_matrix import (
    ACCESS,
    ANON,
    all_routes,
    matrix,  # noqa: F401 (the module's fixture: the people and records, made once)
    post_expectation,
    sample_path,
    valid_bodies,
)

ODD_VALUES = {
    "superscript digit": "²",
    "Arabic-Indic digit": "٣",
    "huge number": "9" * 40,
    "empty": "",
    "letters": "abc",
    "brackets": "[]",
    "very long": "x" * 10_000,
}

# Who posts: the first of these with access to the route.
POSTERS = ["coordinator", "case_worker", "psychologist", "cso_partner", "other_coordinator", "administrator"]

# Query parameters the views read (request.GET), by route.
QUERY_PARAMETERS = {
    # ... the last five: the indicator a coordinator's number opens the list from (mel, core/listings.py).
    "participants/": [
        *("page", "code", "phase", "need_domain", "need_at_most", "review_within", "age_band", "sort"),
        *("indicator", "period", "by", "key", "part"),
    ],
    "participants/register/": ["members"],
    "services/": ["page", "city", "domain", "kind"],
    "participants/<str:code>/referrals/new/": ["to_organisation", "domain"],
    "participants/<str:code>/screenings/<str:instrument_code>/new/": ["mode"],
    "conferences/<int:conference_id>/decisions/new/": ["participant"],
    "account/organisation/": ["next"],
    "indicators/": ["period", "jurisdiction"],
    "indicators/<str:indicator_code>/": ["period", "jurisdiction", "by"],
    "dhis2/": ["period", "city"],
    # Community activities: the list's filters.
    "community/activities/": ["page", "kind", "period", "district", "organisation", "city"],
    "unmet-needs/": ["period", "city"],
    # The report downloads read the language; the PDF shares the XLSX's handling of it (and takes
    # seconds to draw, seven odd values over), so the XLSX stands for both.
    "reports/<int:report_id>/v<int:number>.xlsx": ["language"],
    # Practitioners.
    "practitioners/training/": ["topic", "period", "city", "page"],
    "practitioners/support/": ["page"],
    # The practice library: the search box and its filters.
    "practices/": ["q", "phase", "domain", "group", "evidence", "status", "page"],
    # The administrator's lists (issue 18 §12).
    "administration/users/": ["q", "active", "page"],
    "administration/lockouts/": ["q", "page"],
}
# Pages nobody posts to, read by a coordinator (who sees them all).
READ_ONLY = {
    "account/organisation/",
    "indicators/",
    "indicators/<str:indicator_code>/",
    "dhis2/",
    "unmet-needs/",
    "reports/<int:report_id>/v<int:number>.xlsx",
    "community/activities/",
    "practitioners/training/",
    "practices/",
}

# The one-question-per-screen screening posts its own fields.
STEP_ROUTE = "participants/<str:code>/screenings/<str:instrument_code>/new/"
STEP_BODY = {"step": "1", "item_1": "1", "from_review": "1", "next": "1"}

# The apps whose rows are the case records.
RECORD_APPS = ["people", "casework", "coordination", "instruments", "access", "community"]


def poster(route: str) -> str | None:
    return next((persona for persona in POSTERS if post_expectation(route, persona) == ACCESS), None)


def form_routes() -> list[str]:
    """The routes of the matrix that have a valid-looking body (the project's own forms) and
    someone signed in who may post them (not the sign-in page)."""
    bodies = valid_bodies(defaultdict(int))
    return [route for route in all_routes() if route in bodies and poster(route)]


def record_counts() -> tuple[int, ...]:
    """The row count of every case-record table, in one query (it runs around every post)."""
    tables = [
        connection.ops.quote_name(model._meta.db_table)
        for label in RECORD_APPS
        for model in apps.get_app_config(label).get_models()
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {table})" for table in tables))  # noqa: S608
        return tuple(cursor.fetchone())


def answer(client, method: str, path: str, data: dict, *, keep: bool = False):
    """The response and whether the case records changed, inside a savepoint rolled back at once;
    kept for pages that only read, so that what they keep (indicator snapshots) serves the next
    odd value instead of the whole catalogue being counted again for each."""
    with transaction.atomic():
        before = record_counts()
        response = getattr(client, method)(path, data)
        changed = record_counts() != before
        transaction.set_rollback(not keep)
    return response, changed


def _problem(response, changed: bool, what: str) -> str | None:
    status = response.status_code
    if status >= 500:
        return f"{what}: got {status} {response.exc_info[1]!r}"
    if status not in (302, 303) and changed:
        return f"{what}: refused with {status}, yet case records changed"
    return None


@pytest.fixture
def client_of(client, matrix):  # noqa: F811
    def sign_in(persona: str):
        client.raise_request_exception = False  # a 500 is reported, not raised
        if persona != ANON:
            client.force_login(matrix.personas[persona])
        return client

    return sign_in


@pytest.mark.parametrize("route", form_routes())
def test_odd_values_in_each_field_of_a_form_are_never_a_server_error(db, matrix, client_of, route):  # noqa: F811
    persona = poster(route)
    client = client_of(persona)
    path = sample_path(route, matrix.objects)
    body = valid_bodies(matrix.objects)[route]
    posts = [(path, field, body) for field in body]
    if route == STEP_ROUTE:
        posts += [(path + "?mode=step", field, STEP_BODY) for field in STEP_BODY]
    problems = []
    for target, field, base in posts:
        for name, value in ODD_VALUES.items():
            response, changed = answer(client, "post", target, {**base, field: value})
            problems.append(_problem(response, changed, f"{persona} POST {target} {field}={name}"))
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("route", sorted(QUERY_PARAMETERS))
def test_odd_values_in_the_query_parameters_a_view_reads_are_never_a_server_error(
    db,
    matrix,  # noqa: F811
    client_of,
    route,
):
    persona = "coordinator" if route in READ_ONLY else poster(route)
    client = client_of(persona)
    path = sample_path(route, matrix.objects)
    problems = []
    for parameter in QUERY_PARAMETERS[route]:
        for name, value in ODD_VALUES.items():
            response, changed = answer(client, "get", path, {parameter: value}, keep=route in READ_ONLY)
            problems.append(_problem(response, changed, f"{persona} GET {path}?{parameter}={name}"))
            if response.status_code not in (200, 302, 400):
                problems.append(f"{persona} GET {path}?{parameter}={name}: got {response.status_code}")
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)
