import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import Action, Goal, NeedsAssessment, NeedsDomain, NeedsRating, PhaseRecord, Plan, TeamMember
from conftest import register_family


def _codes(client, **filters) -> set[str]:
    response = client.get(reverse("participant_list"), filters)
    return {p.code for p in response.context["page"].object_list}


@pytest.fixture
def caseload(family, case_worker, coordinator):
    """The family, with a phase, an overdue action for the mother and low housing for the son."""
    today = timezone.localdate()
    PhaseRecord.objects.create(
        participant=family.mother, phase="reintegration", started_on=today, recorded_by=coordinator
    )
    plan = Plan.objects.create(participant=family.mother, review_on=today + datetime.timedelta(days=10))
    goal = Goal.objects.create(plan=plan, domain=NeedsDomain.objects.get(code="livelihood"), what_matters="Work")
    Action.objects.create(
        goal=goal,
        description="Course",
        responsible_organisation=family.mother.owner,
        due_on=today - datetime.timedelta(days=1),
    )
    housing = NeedsDomain.objects.get(code="housing")
    for on, rating in ((today - datetime.timedelta(days=60), 4), (today, 1)):
        assessment = NeedsAssessment.objects.create(participant=family.son, assessed_on=on, assessed_by=case_worker)
        NeedsRating.objects.create(assessment=assessment, domain=housing, rating=rating)
    old = NeedsAssessment.objects.create(
        participant=family.daughter, assessed_on=today - datetime.timedelta(days=90), assessed_by=case_worker
    )
    NeedsRating.objects.create(assessment=old, domain=housing, rating=1)
    new = NeedsAssessment.objects.create(participant=family.daughter, assessed_on=today, assessed_by=case_worker)
    NeedsRating.objects.create(assessment=new, domain=housing, rating=4)
    return family


def test_a_case_worker_sees_their_participants_and_filters_to_overdue_actions(client, caseload, case_worker):
    client.force_login(case_worker)
    assert _codes(client) == {caseload.mother.code, caseload.daughter.code, caseload.son.code}
    assert _codes(client, overdue="on") == {caseload.mother.code}


def test_filters_by_phase_sex_age_band_and_review(client, caseload, case_worker):
    client.force_login(case_worker)
    assert _codes(client, phase="reintegration") == {caseload.mother.code}
    assert _codes(client, sex="male") == {caseload.son.code}
    assert _codes(client, age_band="5-11") == {caseload.daughter.code, caseload.son.code}
    assert _codes(client, review_within=30) == {caseload.mother.code}


def test_the_need_filter_looks_at_the_latest_assessment_only(client, caseload, case_worker):
    client.force_login(case_worker)
    housing = NeedsDomain.objects.get(code="housing")
    # The son's housing fell to 1; the daughter's rose from 1 to 4.
    assert _codes(client, need_domain=housing.pk, need_at_most=2) == {caseload.son.code}
    assert _codes(client, need_at_most=2) == {caseload.son.code}


def test_search_by_code_and_sort(client, caseload, case_worker):
    client.force_login(case_worker)
    assert _codes(client, code=caseload.son.code.lower()) == {caseload.son.code}
    ordered = [p.code for p in client.get(reverse("participant_list"), {"sort": "age"}).context["page"].object_list]
    assert ordered[-1] == caseload.mother.code


def test_lists_never_show_legal_names(client, caseload, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("participant_list")).content.decode()
    assert caseload.mother.code in page
    assert "Example-Mother" not in page


def test_a_bad_filter_value_is_ignored_rather_than_failing(client, caseload, case_worker):
    client.force_login(case_worker)
    response = client.get(reverse("participant_list"), {"need_at_most": "nine", "review_within": "x"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("participant_list"), {"sort": "code"}).status_code == 200
    return len(captured)


def test_the_caseload_runs_the_same_number_of_queries_for_10_and_200_participants(
    client, city_a, case_worker, coordinator
):
    lead = case_worker.memberships.get()
    client.force_login(case_worker)

    def grow_to(count: int) -> None:
        while TeamMember.objects.filter(membership=lead).count() < count:
            family = register_family(city_a.social, lead=lead, assigned_by=coordinator)
            for person in (family.mother, family.son):
                PhaseRecord.objects.create(
                    participant=person, phase="reintegration", started_on="2026-01-01", recorded_by=coordinator
                )

    grow_to(10)
    client.get(reverse("participant_list"))
    small = _queries(client)
    grow_to(200)
    assert TeamMember.objects.filter(membership=lead).count() >= 200
    assert _queries(client) == small


def test_the_participant_page_runs_the_same_number_of_queries_for_10_and_200_participants(
    client, city_a, case_worker, coordinator
):
    lead = case_worker.memberships.get()
    first = register_family(city_a.social, lead=lead, assigned_by=coordinator)
    url = reverse("participant", args=[first.mother.code])
    client.force_login(case_worker)

    def grow_to(count: int) -> None:
        while TeamMember.objects.filter(membership=lead).count() < count:
            register_family(city_a.social, lead=lead, assigned_by=coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    grow_to(10)
    client.get(url)
    small = queries()
    grow_to(200)
    assert queries() == small
