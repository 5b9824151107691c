import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import NeedsDomain, TeamMember
from casework.tests import builders as case
from conftest import register_family


def _codes(client, **filters) -> set[str]:
    response = client.get(reverse("participant_list"), filters)
    return {p.code for p in response.context["page"].object_list}


@pytest.fixture
def caseload(family, case_worker, coordinator):
    """The family, with a phase, an overdue action for the mother and low housing for the son."""
    today = timezone.localdate()
    case.phase(family.mother, "reintegration", started_on=today, by=coordinator)
    case.review_on(family.mother, today + datetime.timedelta(days=10), by=case_worker)
    goal = case.goal(family.mother, "livelihood", "Work", by=case_worker)
    case.action(
        goal,
        "Course",
        by=case_worker,
        responsible_organisation=family.mother.owner,
        due_on=today - datetime.timedelta(days=1),
    )
    for on, rating in ((today - datetime.timedelta(days=60), 4), (today, 1)):
        case.assessment(family.son, {"housing": rating}, on=on, by=case_worker)
    case.assessment(family.daughter, {"housing": 1}, on=today - datetime.timedelta(days=90), by=case_worker)
    case.assessment(family.daughter, {"housing": 4}, on=today, by=case_worker)
    return family


def test_a_case_worker_sees_their_participants_and_filters_to_overdue_actions(client, caseload, case_worker):
    client.force_login(case_worker)
    assert _codes(client) == {caseload.mother.code, caseload.daughter.code, caseload.son.code}
    assert _codes(client, overdue="on") == {caseload.mother.code}


def test_the_overdue_tag_marks_the_rows_with_overdue_actions_only(client, caseload, case_worker):
    client.force_login(case_worker)
    rows = client.get(reverse("participant_list")).context["page"].object_list
    assert {p.code: p.has_overdue for p in rows} == {
        caseload.mother.code: True,
        caseload.daughter.code: False,
        caseload.son.code: False,
    }


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
                case.phase(person, "reintegration", started_on=datetime.date(2026, 1, 1), by=coordinator)

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
