"""Supervision and peer support: recorded and read by the organisation's coordinator only."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import SupportSession
from community.practitioners.tests.builders import support
from conftest import make_user
from core.models import AuditEvent
from directory.models import Role

URL = reverse("support_sessions")


def body(attendees, **changes) -> dict:
    return {
        "kind": "supervision",
        "held_on": timezone.localdate().isoformat(),
        "hours": "1.5",
        "attendees": [user.memberships.get().pk for user in attendees],
    } | changes


def test_the_coordinator_records_a_supervision_session(client, coordinator, case_worker, psychologist):
    client.force_login(coordinator)
    response = client.post(URL, body([case_worker, psychologist], external="on"))
    assert response.status_code == 302
    session = SupportSession.objects.get()
    assert (session.kind, session.hours, session.external) == ("supervision", 1.5, True)
    assert {m.user for m in session.attendees.all()} == {case_worker, psychologist}
    event = AuditEvent.objects.get(action="support.session_recorded")
    assert (event.object_type, event.object_ref, event.reason) == ("support_session", str(session.pk), "")


def test_the_totals_per_kind_count_the_last_12_months(client, coordinator, case_worker, psychologist):
    support(coordinator, [case_worker, psychologist], hours="2", days_ago=10)
    support(coordinator, [case_worker], hours="1.5", days_ago=100)
    support(coordinator, [psychologist], kind="peer_support", hours="1", days_ago=20)
    support(coordinator, [case_worker], hours="3", days_ago=400)  # over a year ago: not counted
    client.force_login(coordinator)
    totals = {row["kind"]: row for row in client.get(URL).context["totals"]}
    assert (totals["Clinical supervision"]["sessions"], totals["Clinical supervision"]["hours"]) == (2, 3.5)
    assert totals["Clinical supervision"]["attendances"] == 3
    assert (totals["Peer support"]["sessions"], totals["Peer support"]["attendances"]) == (1, 1)
    assert totals["Debriefing after a difficult event"] == {
        "kind": "Debriefing after a difficult event",
        "sessions": 0,
        "hours": 0,
        "attendances": 0,
    }


def test_a_session_of_no_hours_or_in_the_future_is_refused(client, coordinator, case_worker):
    client.force_login(coordinator)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert client.post(URL, body([case_worker], hours="0")).status_code == 400
    assert client.post(URL, body([case_worker], held_on=tomorrow)).status_code == 400
    assert client.post(URL, body([case_worker], held_on="1999-12-31")).status_code == 400
    assert not SupportSession.objects.exists()


def test_an_attendee_of_another_organisation_is_refused(client, coordinator, cso_partner):
    client.force_login(coordinator)
    response = client.post(URL, body([cso_partner]))
    assert response.status_code == 400 and response.context["form"].errors["attendees"]
    assert not SupportSession.objects.exists()


def test_another_organisations_coordinator_sees_neither_the_sessions_nor_the_names(
    client, coordinator, case_worker, city_a
):
    case_worker.first_name, case_worker.last_name = "Saule", "Namedperson"
    case_worker.save(update_fields=["first_name", "last_name"])
    support(coordinator, [case_worker])
    cso_coordinator = make_user("a.cso.coordinator", organisation=city_a.cso, role=Role.COORDINATOR, totp=True)
    client.force_login(cso_coordinator)
    response = client.get(URL)
    assert list(response.context["page"].object_list) == []
    assert "Namedperson" not in response.content.decode()
    assert response.context["totals"][0]["sessions"] == 0


def test_the_organisations_own_coordinator_sees_who_attended(client, coordinator, case_worker):
    case_worker.first_name, case_worker.last_name = "Saule", "Namedperson"
    case_worker.save(update_fields=["first_name", "last_name"])
    support(coordinator, [case_worker])
    client.force_login(coordinator)
    assert "Saule Namedperson" in client.get(URL).content.decode()


def test_nobody_else_has_the_page(client, case_worker, psychologist, me_officer, cso_partner):
    for user in (case_worker, psychologist, me_officer, cso_partner):
        client.force_login(user)
        assert client.get(URL).status_code == 404
        assert client.post(URL, body([user])).status_code == 404
    assert not SupportSession.objects.exists()


def test_the_number_of_queries_does_not_grow_with_the_sessions(client, coordinator, case_worker, psychologist):
    support(coordinator, [case_worker])
    client.force_login(coordinator)
    client.get(URL)  # the first request of a session also stamps it

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(URL)
        return len(captured)

    few = queries()
    for days in range(5):
        support(coordinator, [case_worker, psychologist], days_ago=days, kind="peer_support")
    assert queries() == few
