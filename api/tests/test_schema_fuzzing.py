"""Schemathesis against the whole OpenAPI schema, in process through Django's WSGI handler, as a
case worker, a psychologist, a partner, an M&E officer and an anonymous client (issue 14).

Every answer must be no server error and conform to the schema: status codes, content types,
headers and bodies as documented. Path parameters are drawn either at random (mostly 404) or
from city A's real records, so that the answers with data are fuzzed too.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.main import api
from api.tests.conftest import token_for
from conftest import PERSONA_ACCOUNTS, make_city, make_country, make_family

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
FUZZED = ["anonymous", "case_worker", "psychologist", "cso_partner", "me_officer"]
# How many requests each operation gets per persona: enough to cross every branch of the
# validation, few enough for `make test` (hypothesis replays failures it has seen first).
EXAMPLES = 12

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
# Real identifiers of city A's records, filled in by the ``world`` fixture before any example is drawn.
REAL: dict = {}


@schema.hook
def flatmap_path_parameters(ctx, path_parameters):
    real = {name: REAL[name] for name in path_parameters or {} if name in REAL}
    return st.sampled_from([path_parameters, {**(path_parameters or {}), **real}])


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """City A's family with a record of each kind, and a token for each fuzzed persona."""
    from casework.tests import builders as case
    from coordination.tests.helpers import case_record, consent
    from instruments.tests.builders import screening

    with django_db_blocker.unblock(), transaction.atomic():
        country = make_country()
        city_a, city_b = make_city(country, "almaty", "Almaty"), make_city(country, "shymkent", "Shymkent")
        personas = {name: make(city_a, city_b) for name, make in PERSONA_ACCOUNTS.items()}
        family = make_family(city_a, personas["case_worker"], personas["psychologist"], personas["coordinator"])
        case_record(family.mother, by=personas["case_worker"])
        consent(family.mother, city_a.cso, ["summary", "livelihood"], recorded_by=personas["case_worker"])
        goal = case.goal(family.mother, "housing", "A home", by=personas["case_worker"])
        action = case.action(goal, "Apply", by=personas["case_worker"], responsible_organisation=city_a.social)
        REAL.update(
            code=family.mother.code,
            goal_id=goal.pk,
            action_id=action.pk,
            household_code=family.household.code,
            note_id=case.note(family.mother, "Visit", by=personas["case_worker"]).pk,
            administration_id=screening(family.mother, by=personas["psychologist"]).pk,
            indicator_code="HC-COV-01",
        )
        tokens = {name: token_for(personas[name]) for name in FUZZED if name != "anonymous"}
        yield tokens
        transaction.set_rollback(True)
        REAL.clear()


@pytest.fixture(scope="module")
def wsgi(world):
    """Django's WSGI handler, keeping the test's database connection open across requests
    (as Django's test client does)."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield WSGIHandler()
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.mark.parametrize("persona", FUZZED)
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_conforms_to_the_schema_and_none_is_a_server_error(db, world, wsgi, case, persona):
    headers = {"Authorization": f"Bearer {world[persona]}"} if persona in world else {}
    with transaction.atomic():
        case.call_and_validate(app=wsgi, headers=headers, checks=CHECKS)
        transaction.set_rollback(True)
