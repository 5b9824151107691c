from django.urls import reverse

from casework.models import TeamMember
from conftest import make_user
from core.models import AuditEvent
from directory.models import Discipline, Role


def test_the_coordinator_assigns_a_new_lead_and_the_old_one_stays_a_member(client, family, coordinator, city_a):
    new_lead = make_user("a.lead2", organisation=city_a.social, role=Role.CASE_WORKER, totp=True)
    membership = new_lead.memberships.get()
    client.force_login(coordinator)
    response = client.post(
        reverse("team_assign", args=[family.mother.code]), {"membership": membership.pk, "is_lead": "on"}
    )
    assert response.status_code == 302
    leads = TeamMember.objects.current().filter(participant=family.mother, is_lead=True)
    assert [place.membership for place in leads] == [membership]
    assert AuditEvent.objects.filter(action="team.assigned", object_ref=family.mother.code).exists()


def test_a_specialist_cannot_be_the_lead(client, family, coordinator, city_a):
    teacher = make_user("a.teacher", organisation=city_a.social, role=Role.SPECIALIST, discipline=Discipline.TEACHER)
    client.force_login(coordinator)
    response = client.post(
        reverse("team_assign", args=[family.son.code]), {"membership": teacher.memberships.get().pk, "is_lead": "on"}
    )
    assert response.status_code == 200
    assert "The lead is a case worker." in response.content.decode()


def test_practitioners_of_another_city_cannot_be_added(client, family, coordinator, other_case_worker):
    client.force_login(coordinator)
    response = client.post(
        reverse("team_assign", args=[family.son.code]), {"membership": other_case_worker.memberships.get().pk}
    )
    assert response.status_code == 200
    assert not TeamMember.objects.filter(membership__user=other_case_worker).exists()


def test_removing_a_member_ends_their_place(client, family, coordinator, psychologist):
    place = TeamMember.objects.get(participant=family.mother, membership__user=psychologist)
    client.force_login(coordinator)
    client.post(reverse("team_remove", args=[family.mother.code, place.pk]))
    place.refresh_from_db()
    assert place.ended_at is not None


def test_the_team_is_shown_on_the_participant_page(client, family, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("participant", args=[family.mother.code])).content.decode()
    assert "a.caseworker" in page and "Psychologist" in page


def test_only_the_owning_coordinator_manages_the_team(client, family, case_worker):
    client.force_login(case_worker)
    assert client.get(reverse("team_assign", args=[family.mother.code])).status_code == 404
