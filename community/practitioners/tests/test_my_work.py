"""A practitioner's own page: caseload against the standard, supervision, training record."""

from decimal import Decimal

from django.urls import reverse

from casework.actions import assign_team_member
from community.practitioners.tests.builders import course, support, training
from conftest import register_family
from people.models import Participant
from people.tests.builders import actor_of

URL = reverse("my_work")


def test_the_case_worker_sees_their_caseload_worked_out_by_hand(
    client, family, case_worker, coordinator, city_a, settings
):
    settings.HOMECOMING_CASELOAD_STANDARD = 20
    # The family: the case worker leads its three members. A second family led by someone else,
    # with the case worker on two of its teams; one of the first family's cases is closed.
    other = register_family(city_a.social, lead=coordinator.memberships.get(), assigned_by=coordinator, prefix="B ")
    for person in (other.mother, other.daughter):
        assign_team_member(
            actor=actor_of(coordinator), participant=person, membership=case_worker.memberships.get(), is_lead=False
        )
    Participant.objects.filter(pk=family.son.pk).update(status=Participant.Status.CLOSED)
    client.force_login(case_worker)
    response = client.get(URL)
    assert response.context["caseload"] == {"lead": 2, "teams": 4}
    page = response.content.decode()
    assert "You lead 2 participants; the city's standard is at most 20." in page
    assert reverse("participant_list") in page


def test_a_caseload_over_the_standard_is_pointed_out(client, family, case_worker, settings):
    settings.HOMECOMING_CASELOAD_STANDARD = 2
    client.force_login(case_worker)
    assert "more participants than the standard" in client.get(URL).content.decode()


def test_someone_on_no_team_sees_no_caseload(client, cso_partner):
    client.force_login(cso_partner)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["caseload"] == {"lead": 0, "teams": 0}
    assert "No caseload" in response.content.decode()
    assert reverse("participant_list") not in response.content.decode()


def test_the_psychologist_sees_their_supervision_and_training_with_totals(
    client, coordinator, psychologist, case_worker
):
    support(coordinator, [psychologist, case_worker], hours="2", days_ago=10)
    support(coordinator, [psychologist], kind="peer_support", hours="1.5", days_ago=40)
    support(coordinator, [case_worker], hours="2", days_ago=5)  # not theirs
    support(coordinator, [psychologist], hours="2", days_ago=500)  # over a year ago
    trauma = course(coordinator)
    training(coordinator, trauma, named=[psychologist], days_ago=30)
    training(coordinator, course(coordinator, title="Data protection", hours="3"), named=[psychologist], days_ago=90)
    training(coordinator, trauma, named=[psychologist], days_ago=-20)  # planned: listed, not counted
    training(coordinator, trauma, named=[case_worker])  # not theirs
    client.force_login(psychologist)
    response = client.get(URL)
    assert [s.hours for s in response.context["support"]] == [Decimal("2"), Decimal("1.5")]
    assert response.context["support_hours"] == Decimal("3.5")
    assert len(response.context["trainings"]) == 3
    assert response.context["training_hours"] == Decimal("19")


def test_someone_without_a_membership_finds_no_page(client, outsider):
    client.force_login(outsider)
    assert client.get(URL).status_code == 404


def test_the_page_only_reads(client, case_worker):
    client.force_login(case_worker)
    assert client.post(URL).status_code == 405
