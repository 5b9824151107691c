"""The API's authorization matrix: every operation of the OpenAPI schema, for every persona,
on city A's records and on city B's (issue 14).

Each persona calls with a read-and-write token of its own; anonymous calls carry none, and the
outsider (who acts in no organisation, so can make none) one that was never made. Every call
runs in a savepoint rolled back after it, so that one write never changes what the next call finds.
"""

import dataclasses
import datetime
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from api.main import api
from api.tests.conftest import client_with, send_referral, token_for
from conftest import IDENTITIES, PERSONA_ACCOUNTS, PERSONAS, make_city, make_country, make_family, register_family

ANON = "anonymous"
# Every identity value the families were registered with: no answer of the API may hold one,
# whoever asks (the lead case worker may read identities on the pages, never here).
IDENTITY_VALUES = sorted({value for values in IDENTITIES.values() for value in values if value} | {"Example Street"})
CASE_A = ("coordinator", "case_worker", "psychologist")
CASE_B = ("other_coordinator", "other_case_worker")
DASHBOARD_READERS = ("coordinator", "me_officer", "other_coordinator")
CITY_A_MEMBERS = (*CASE_A, "cso_partner", "police_partner", "me_officer", "network_editor", "administrator")


def _rows(ok: int, a=CASE_A, b=CASE_B, default: int = 404) -> dict:
    """What an operation on one city's record answers: ``ok`` to those on that city's case; with
    ``b=None``, the operation is tried on city A's record only (by every persona, city B's too)."""
    rows = {"A": {**dict.fromkeys(a, ok), "*": default}}
    if b is not None:
        rows["B"] = {**dict.fromkeys(b, ok), "*": default}
    return rows


def _everyone(status: int) -> dict:
    return {"A": {"*": status}}


# What each operation answers a persona on city A's sample (and city B's, where it names one).
# Anonymous callers and the outsider get 401 from every operation. The schema itself
# (/api/v1/openapi.json) is public: test_openapi.py.
EXPECTED: dict[str, dict] = {
    "GET /api/v1/participants": _everyone(200),
    "GET /api/v1/participants/{code}": _rows(200),
    "GET /api/v1/households/{household_code}": _rows(200),
    "GET /api/v1/participants/{code}/phases": _rows(200),
    "GET /api/v1/participants/{code}/assessments": _rows(200),
    "POST /api/v1/participants/{code}/assessments": _rows(201),
    "GET /api/v1/participants/{code}/plan": _rows(200),
    "PATCH /api/v1/participants/{code}/plan": _rows(200),
    "POST /api/v1/participants/{code}/plan/goals": _rows(201),
    "POST /api/v1/participants/{code}/plan/goals/{goal_id}/actions": _rows(201),
    "PUT /api/v1/participants/{code}/plan/actions/{action_id}": _rows(200),
    # Approval: the owning organisation's coordinator only.
    "POST /api/v1/participants/{code}/plan/approve": _rows(200, a=("coordinator",), b=("other_coordinator",)),
    "GET /api/v1/participants/{code}/notes": _rows(200),
    "POST /api/v1/participants/{code}/notes": _rows(201),
    "GET /api/v1/participants/{code}/notes/{note_id}": _rows(200),
    # Only its author edits a note: the case worker (city A), the other case worker (city B).
    "PUT /api/v1/participants/{code}/notes/{note_id}": _rows(200, a=("case_worker",), b=("other_case_worker",)),
    "GET /api/v1/participants/{code}/milestones": _rows(200),
    "POST /api/v1/participants/{code}/milestones": _rows(201),
    # Health: the lead case worker and the psychologist; never a coordinator.
    "GET /api/v1/participants/{code}/screenings": _rows(
        200, a=("case_worker", "psychologist"), b=("other_case_worker",)
    ),
    "GET /api/v1/participants/{code}/screenings/{administration_id}": _rows(
        200, a=("case_worker", "psychologist"), b=("other_case_worker",)
    ),
    # Coordination, on city A's records: a referral to city A's CSO (consent for the summary), another
    # already accepted (for "complete"), a transfer proposed to city B, a conference with the CSO invited.
    "GET /api/v1/referrals": _everyone(200),
    "GET /api/v1/referrals/{referral_id}": _rows(200, a=(*CASE_A, "cso_partner"), b=None),
    "POST /api/v1/referrals/{referral_id}/accept": _rows(200, a=("cso_partner",), b=None),
    "POST /api/v1/referrals/{referral_id}/decline": _rows(200, a=("cso_partner",), b=None),
    "POST /api/v1/referrals/{referral_id}/complete": _rows(200, a=("cso_partner",), b=None),
    "POST /api/v1/referrals/{referral_id}/services": _rows(201, a=("cso_partner",), b=None),
    # Revoked by those on the sending case who refer: the coordinator and the case workers.
    "POST /api/v1/referrals/{referral_id}/revoke": _rows(200, a=("coordinator", "case_worker"), b=None),
    "GET /api/v1/transfers": _everyone(200),
    "GET /api/v1/transfers/{transfer_id}": {"A": {"coordinator": 200, "other_coordinator": 200, "*": 404}},
    "GET /api/v1/conferences": _everyone(200),
    "GET /api/v1/conferences/{conference_id}": _rows(200, a=(*CASE_A, "cso_partner"), b=None),
    # The user's own notices: the sample is the coordinator's.
    "GET /api/v1/notices": _everyone(200),
    "POST /api/v1/notices/{notice_id}/read": {"A": {"coordinator": 200, "*": 404}},
    # Aggregates: the dashboard's readers, each for their own city.
    "GET /api/v1/indicators": {"A": {**dict.fromkeys(DASHBOARD_READERS, 200), "*": 404}},
    "GET /api/v1/indicators/{indicator_code}": {"A": {**dict.fromkeys(DASHBOARD_READERS, 200), "*": 404}},
    # City A's published practice (not shared with the network): every member of city A.
    "GET /api/v1/practices": _everyone(200),
    "GET /api/v1/practices/{practice_id}": {"A": {**dict.fromkeys(CITY_A_MEMBERS, 200), "*": 404}},
}


def operations() -> list[str]:
    schema = api.get_openapi_schema()
    return sorted(f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops)


def test_every_operation_has_a_row():
    assert sorted(set(operations()) - set(EXPECTED)) == []
    assert sorted(set(EXPECTED) - set(operations())) == []


@dataclass
class Sample:
    """City A's or city B's records, by the path parameter that names them, and what writes send."""

    params: dict
    if_match: dict  # operation -> the ETag its record has now
    # Operations that need another record than ``params`` names (e.g. an accepted referral).
    params_for: dict = dataclasses.field(default_factory=dict)


@dataclass
class World:
    personas: dict
    samples: dict  # "A" / "B" -> Sample


def _sample(family, author, psychologist) -> Sample:
    from casework.models import Plan
    from casework.tests import builders as casework
    from instruments.tests.builders import screening

    note = casework.note(family.mother, "Visit", by=author, occurred_on=datetime.date(2026, 1, 2))
    screened = screening(family.mother, by=psychologist or author)
    goal = casework.goal(family.mother, "housing", "A home", by=author)
    action = casework.action(goal, "Apply", by=author, responsible_organisation=family.mother.owner)
    code = family.mother.code
    plan = f'"plan-{code}-v{Plan.objects.get(participant=family.mother).version}"'
    return Sample(
        params={
            "code": code,
            "household_code": family.household.code,
            "note_id": note.pk,
            "administration_id": screened.pk,
            "goal_id": goal.pk,
            "action_id": action.pk,
        },
        if_match={
            "PATCH /api/v1/participants/{code}/plan": plan,
            "POST /api/v1/participants/{code}/plan/goals": plan,
            "POST /api/v1/participants/{code}/plan/goals/{goal_id}/actions": plan,
            "PUT /api/v1/participants/{code}/plan/actions/{action_id}": plan,
            "POST /api/v1/participants/{code}/plan/approve": plan,
            "PUT /api/v1/participants/{code}/notes/{note_id}": f'"note-{note.pk}-v1"',
        },
    )


def _coordination(sample: Sample, family, city_a, city_b, personas) -> None:
    """City A's referrals, transfer, conference, the coordinator's notice and a published practice."""
    from api.routers.coordination import _version
    from coordination import actions
    from coordination.tests.helpers import consent
    from network.library.tests.builders import make_practice
    from notices.actions import notify
    from people.tests.builders import actor_of

    coordinator, case_worker = personas["coordinator"], personas["case_worker"]
    consent(family.mother, city_a.cso, ["summary"], recorded_by=case_worker)

    sent, accepted = (send_referral(family.mother, city_a.cso, ["summary"], by=case_worker) for _ in "ab")
    actions.answer_referral(actor=actor_of(personas["cso_partner"]), referral=accepted, accept=True)
    accepted.refresh_from_db()
    transfer = actions.propose_transfer(
        actor=actor_of(coordinator),
        participants=[family.son],
        household=None,
        to_organisation=city_b.social,
        handover_note="Moving",
    )
    conference = actions.schedule_conference(
        actor=actor_of(coordinator),
        participant=family.mother,
        whole_household=False,
        scheduled_at=timezone.now() + datetime.timedelta(days=3),
        place="",
        organisations=[city_a.cso],
    )
    notify([coordinator], kind="referral", participant=family.mother, data={"referral": sent.pk})
    practice = make_practice(
        personas["network_editor"], city_a.social, title="Mentors", state="published", reviewer=coordinator
    )
    sample.params.update(
        referral_id=sent.pk,
        transfer_id=transfer.pk,
        conference_id=conference.pk,
        notice_id=coordinator.notices.latest("pk").pk,
        indicator_code="HC-COV-01",
        practice_id=practice.pk,
    )
    complete = "POST /api/v1/referrals/{referral_id}/complete"
    for operation in (complete, "POST /api/v1/referrals/{referral_id}/services"):
        sample.params_for[operation] = {**sample.params, "referral_id": accepted.pk}
    for move in ("accept", "decline", "revoke"):
        sample.if_match[f"POST /api/v1/referrals/{{referral_id}}/{move}"] = f'"referral-{sent.pk}-v{_version(sent)}"'
    sample.if_match[complete] = f'"referral-{accepted.pk}-v{_version(accepted)}"'


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> World:
    with django_db_blocker.unblock(), transaction.atomic():
        country = make_country()
        city_a, city_b = make_city(country, "almaty", "Almaty"), make_city(country, "shymkent", "Shymkent")
        personas = {name: make(city_a, city_b) for name, make in PERSONA_ACCOUNTS.items()}
        family_a = make_family(city_a, personas["case_worker"], personas["psychologist"], personas["coordinator"])
        other_lead = personas["other_case_worker"].memberships.get()
        family_b = register_family(city_b.social, lead=other_lead, assigned_by=personas["other_coordinator"])
        samples = {
            "A": _sample(family_a, personas["case_worker"], personas["psychologist"]),
            "B": _sample(family_b, personas["other_case_worker"], None),
        }
        _coordination(samples["A"], family_a, city_a, city_b, personas)
        yield World(personas, samples)
        transaction.set_rollback(True)


def _body(operation: str, sample: Sample) -> dict | None:
    from casework.models import NeedsDomain
    from directory.models import Organisation
    from people.models import Participant

    today = timezone.localdate().isoformat()
    mother = Participant.objects.get(code=sample.params["code"])
    rated = [
        d.code
        for d in NeedsDomain.objects.filter(is_active=True, is_optional=False)
        if d.applies_to_participant(mother)
    ]
    owner = Organisation.objects.get(pk=mother.owner_id).slug
    action = {"description": "Apply", "responsible_organisation": owner, "status": "planned"}
    note = {"occurred_on": today, "kind": "visit", "domains": ["housing"], "text": "Visit", "sensitivity": "team"}
    return {
        "PATCH /api/v1/participants/{code}/plan": {
            "review_on": (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
        },
        "POST /api/v1/participants/{code}/plan/goals": {"domain": "housing", "what_matters": "A home"},
        "POST /api/v1/participants/{code}/notes": note,
        "PUT /api/v1/participants/{code}/notes/{note_id}": note,
        "POST /api/v1/referrals/{referral_id}/decline": {"reason": "no_capacity"},
        "POST /api/v1/referrals/{referral_id}/services": {"given_on": today, "description": "Advice"},
        "POST /api/v1/participants/{code}/assessments": {
            "assessed_on": today,
            "ratings": [{"domain": code, "rating": 3} for code in rated],
        },
        "POST /api/v1/participants/{code}/milestones": {"kind": "employed", "reached_on": today},
        "POST /api/v1/participants/{code}/plan/goals/{goal_id}/actions": action,
        "PUT /api/v1/participants/{code}/plan/actions/{action_id}": action,
    }.get(operation)


def _client(world: World, persona: str) -> Client:
    if persona == ANON:
        return Client()
    if persona == "outsider":
        # Acting in no organisation, the outsider cannot make a token (accounts.actions.create_token):
        # the nearest they have is one that was never made.
        return client_with("hc_" + "x" * 43)
    return client_with(token_for(world.personas[persona]))


def _call(client: Client, operation: str, sample: Sample):
    method, path = operation.split(" ", 1)
    url = path.format(**sample.params_for.get(operation, sample.params))
    headers = {"If-Match": sample.if_match[operation]} if operation in sample.if_match else {}
    body = _body(operation, sample)
    with transaction.atomic():
        if body is None:
            response = client.generic(method, url, headers=headers)
        else:
            response = getattr(client, method.lower())(url, body, content_type="application/json", headers=headers)
        transaction.set_rollback(True)
    return response.status_code, response.content.decode()


def expected(operation: str, city: str, persona: str) -> int:
    rows = EXPECTED[operation]
    row = rows.get(city, rows["A"])
    if persona in (ANON, "outsider") and persona not in row:
        return 401
    return row.get(persona, row["*"])


def cities(operation: str) -> list[str]:
    return ["A", "B"] if "B" in EXPECTED[operation] else ["A"]


@pytest.mark.parametrize("persona", [ANON, *PERSONAS])
def test_each_operation_answers_each_persona_as_the_matrix_says(db, world, persona):
    client = _client(world, persona)
    wrong = []
    for operation in sorted(set(operations()) & set(EXPECTED)):  # a missing row: test_every_operation_has_a_row
        for city in cities(operation):
            status, body = _call(client, operation, world.samples[city])
            if status != (want := expected(operation, city, persona)):
                wrong.append(f"{persona} {operation} on city {city}'s record: expected {want}, got {status}")
            if leaked := [value for value in IDENTITY_VALUES if value in body]:
                wrong.append(f"{persona} {operation} on city {city}'s record: identity in the answer: {leaked}")
    assert not wrong, "\n".join(wrong)
