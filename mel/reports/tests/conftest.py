"""City A's caseload for the report tests: twelve women and two boys who arrived a year before the
last complete quarter (the boys are fewer than five, so their cells are hidden), the case worker
leading some of them, and a note and a goal whose free text must never reach a report."""

import datetime

import pytest

from casework.models import TeamMember
from casework.tests import builders as casework
from mel.periods import Period
from mel.reports import actions
from mel.tests.builders import at, person
from mel.views import default_period
from people.tests.builders import actor_of

NOTE_TEXT = "Visited the flat on Abai street"
GOAL_TEXT = "Find the cousin in Taraz"


@pytest.fixture
def period() -> Period:
    return default_period()


@pytest.fixture
def caseload(city_a, case_worker, coordinator, period):
    arrived = period.start - datetime.timedelta(days=365)
    people = [person(city_a.social, sex="female", born=1985 + n, arrived=arrived) for n in range(12)]
    people += [person(city_a.social, sex="male", born=2016, arrived=arrived, role="child") for _ in range(2)]
    membership = case_worker.memberships.get()
    for participant in people[:7]:
        TeamMember.objects.create(
            participant=participant,
            membership=membership,
            is_lead=True,
            assigned_by=coordinator,
            assigned_at=at(arrived),
        )
    casework.note(people[0], NOTE_TEXT, by=case_worker)
    casework.goal(people[0], "housing", GOAL_TEXT, by=case_worker)
    return people


def draft(coordinator, city_a, period, **narrative):
    report = actions.start_report(actor=actor_of(coordinator), city=city_a.city, period=period)
    if narrative:
        report = actions.save_draft(
            actor=actor_of(coordinator),
            report=report,
            expected_version=report.version,
            what_worked=narrative.get("what_worked", ""),
            needed_from_government=narrative.get("needed_from_government", ""),
            changes=narrative.get("changes", ""),
        )
    return report


def issued(coordinator, city_a, period, **narrative):
    report = draft(coordinator, city_a, period, **narrative)
    return actions.issue(actor=actor_of(coordinator), report=report, expected_version=report.version)


@pytest.fixture
def national_me(country):
    """The national M&E officer: a national agency at the country, every city in scope."""
    from conftest import make_user
    from directory.models import Organisation, Role

    agency = Organisation.objects.create(slug="agency", name="Agency", kind="national_agency", jurisdiction=country)
    return make_user("national.me", organisation=agency, role=Role.ME_OFFICER)
