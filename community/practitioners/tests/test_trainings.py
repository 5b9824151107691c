"""The training page: the city's courses and sessions, filtered by topic and period."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.practitioners.tests.builders import course, training

URL = reverse("trainings")


def test_a_case_worker_sees_the_citys_sessions_with_their_totals(client, coordinator, case_worker):
    trauma = course(coordinator)
    training(coordinator, trauma, groups=[("school", "teacher", 12), ("health", "doctor", 3)], days_ago=30)
    training(coordinator, trauma, hours="4", groups=[("police", "police", 5)], days_ago=60)
    client.force_login(case_worker)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["totals"] == {"sessions": 2, "hours": 20}
    assert response.context["attended"] == 20
    assert dict(response.context["by_discipline"]) == {"Teacher": 12, "Doctor": 3, "Police officer": 5}
    assert "Trauma-informed care" in response.content.decode()


def test_the_topic_filter_keeps_the_sessions_and_courses_of_that_topic(client, coordinator):
    training(coordinator, course(coordinator), groups=[("school", "teacher", 12)])
    stigma = course(coordinator, title="Working against stigma", topic="stigma", hours="6")
    training(coordinator, stigma, groups=[("cso", "social_worker", 7)])
    client.force_login(coordinator)
    response = client.get(URL, {"topic": "stigma"})
    assert [s.course for s in response.context["page"].object_list] == [stigma]
    assert list(response.context["courses"]) == [stigma]


def test_the_period_filter_leaves_out_older_sessions(client, coordinator):
    trauma = course(coordinator)
    recent = training(coordinator, trauma, groups=[("school", "teacher", 1)], days_ago=20)
    training(coordinator, trauma, groups=[("school", "teacher", 1)], days_ago=200)
    client.force_login(coordinator)
    assert list(client.get(URL, {"period": "3"}).context["page"].object_list) == [recent]
    assert len(client.get(URL, {"period": "all"}).context["page"].object_list) == 2


def test_another_citys_sessions_are_not_on_the_page(client, coordinator, other_coordinator):
    training(other_coordinator, course(other_coordinator, title="Shymkent only"), groups=[("school", "teacher", 4)])
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.context["totals"]["sessions"] == 0
    assert "Shymkent only" not in response.content.decode()


def test_the_page_shows_no_names_of_named_attendees(client, coordinator, case_worker):
    case_worker.first_name, case_worker.last_name = "Saule", "Namedperson"
    case_worker.save(update_fields=["first_name", "last_name"])
    training(coordinator, course(coordinator), named=[case_worker])
    client.force_login(coordinator)
    assert "Namedperson" not in client.get(URL).content.decode()


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_sessions(client, coordinator, case_worker):
    trauma = course(coordinator)
    training(coordinator, trauma, groups=[("school", "teacher", 2)], named=[case_worker])
    client.force_login(coordinator)
    _queries(client)  # the first request of a session also stamps it
    few = _queries(client)
    for days in range(5):
        training(
            coordinator, course(coordinator, title=f"Course {days}"), groups=[("health", "doctor", 3)], days_ago=days
        )
    assert _queries(client) == few


def test_a_coordinator_is_offered_to_record_and_others_are_not(client, coordinator, case_worker):
    client.force_login(coordinator)
    assert reverse("training_session_new") in client.get(URL).content.decode()
    client.force_login(case_worker)
    assert reverse("training_session_new") not in client.get(URL).content.decode()


def test_odd_filter_values_show_the_default_period(client, coordinator):
    training(coordinator, course(coordinator), groups=[("school", "teacher", 1)], days_ago=20)
    client.force_login(coordinator)
    response = client.get(URL, {"period": "²", "topic": "[]", "page": "x" * 100})
    assert response.status_code == 200
    assert response.context["totals"]["sessions"] == 1


def test_someone_without_a_membership_finds_no_page(client, outsider):
    client.force_login(outsider)
    assert client.get(URL).status_code == 404
