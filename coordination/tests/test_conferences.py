import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.actions import decide_closure
from casework.models import Action, Goal, Plan
from casework.tests import builders as case
from coordination.models import Conference, Decision
from coordination.tests.helpers import case_record, consent
from core.models import AuditEvent
from notices.models import Notice
from people.tests.builders import actor_of


def _when(**delta) -> str:
    return timezone.localtime(timezone.now() + datetime.timedelta(**delta)).strftime("%Y-%m-%dT%H:%M")


def _schedule(client, participant, organisations, *, household=True, when=None):
    data = {
        "scheduled_at": when or _when(days=3),
        "place": "Social services, room 4",
        "organisations": [o.pk for o in organisations],
    }
    if household:
        data["whole_household"] = "on"
    return client.post(reverse("conference_new", args=[participant.code]), data)


def _record(client, conference, **data):
    return client.post(reverse("conference_record", args=[conference.pk]), data)


def _decide(client, conference, participant, organisation, *, goal=None, text="Enrol in the sewing course"):
    data = {
        "text": text,
        "participant": participant.code,
        "goal": goal.pk if goal else "",
        "responsible_organisation": organisation.pk,
        "due_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    }
    return client.post(reverse("decision_new", args=[conference.pk]), data)


def _held(conference) -> None:
    """As if the conference's date had come."""
    conference.scheduled_at = timezone.now() - datetime.timedelta(hours=1)
    conference.save(update_fields=["scheduled_at"])


def _convene(client, family, coordinator, case_worker, organisations) -> Conference:
    case_record(family.mother, by=case_worker)
    client.force_login(coordinator)
    assert _schedule(client, family.mother, organisations).status_code == 302
    client.logout()
    return Conference.objects.get()


@pytest.fixture
def conference(client, family, coordinator, case_worker, city_a):
    """A household conference convened by city A's social services, the CSO invited."""
    return _convene(client, family, coordinator, case_worker, [city_a.cso])


@pytest.fixture
def conference_with_police(client, family, coordinator, case_worker, city_a):
    """The same conference, the CSO and the police invited."""
    return _convene(client, family, coordinator, case_worker, [city_a.cso, city_a.police])


def test_a_coordinator_schedules_a_household_conference_and_invited_cso_users_are_told(
    client, family, coordinator, cso_partner, police_partner, city_a
):
    client.force_login(coordinator)
    response = _schedule(client, family.mother, [city_a.cso, city_a.police])
    conference = Conference.objects.get()
    assert response.url == reverse("conference", args=[conference.pk])
    assert conference.household == family.household and conference.participant is None
    assert conference.organisation == city_a.social and conference.created_by == coordinator
    assert set(conference.invitations.values_list("organisation", flat=True)) == {city_a.cso.pk, city_a.police.pk}
    for partner in (cso_partner, police_partner):
        notice = Notice.objects.get(recipient=partner, kind=Notice.Kind.CONFERENCE)
        assert notice.data["conference"] == conference.pk and notice.participant is None
    assert not Notice.objects.filter(recipient=coordinator).exists()
    assert AuditEvent.objects.filter(action="conference.scheduled").count() == 3  # one per household member


def test_a_conference_about_one_participant_concerns_only_them(client, family, coordinator, city_a):
    client.force_login(coordinator)
    _schedule(client, family.daughter, [city_a.cso], household=False)
    conference = Conference.objects.get()
    assert conference.participant == family.daughter and conference.household is None
    assert list(conference.subjects()) == [family.daughter]
    page = client.get(reverse("conference", args=[conference.pk])).content.decode()
    assert family.daughter.code in page and family.mother.code not in page


def test_the_convening_organisation_cannot_invite_itself(client, family, coordinator, city_a):
    client.force_login(coordinator)
    response = _schedule(client, family.mother, [city_a.social])
    assert response.status_code == 200
    assert not Conference.objects.exists()


def test_a_past_date_is_refused_with_a_clear_message(client, family, coordinator, city_a):
    client.force_login(coordinator)
    response = _schedule(client, family.mother, [city_a.cso], when=_when(hours=-2))
    assert response.status_code == 200
    assert "Choose a date and time in the future." in response.content.decode()
    assert not Conference.objects.exists() and not Notice.objects.exists()


def test_a_case_worker_cannot_schedule_a_conference(client, family, case_worker, city_a):
    client.force_login(case_worker)
    assert client.get(reverse("conference_new", args=[family.mother.code])).status_code == 404
    assert _schedule(client, family.mother, [city_a.cso]).status_code == 404
    assert not Conference.objects.exists()


def test_a_coordinator_of_another_city_cannot_schedule_one(client, family, other_coordinator, city_a):
    client.force_login(other_coordinator)
    assert _schedule(client, family.mother, [city_a.cso]).status_code == 404


def test_the_invited_cso_sees_only_the_categories_consented_for_conferences(
    client, conference, family, cso_partner, case_worker, city_a
):
    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker, purpose="conference")
    # Consent for referrals says nothing about conferences.
    consent(family.mother, city_a.cso, ["health"], recorded_by=case_worker, purpose="referral")
    conference.summary = "The mother fears her neighbours' questions."
    conference.save(update_fields=["summary"])
    client.force_login(cso_partner)
    response = client.get(reverse("conference", args=[conference.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Steady work near home" in page and "Sews well" in page  # livelihood
    assert "Talks to her sister" not in page and "Sleep through the night" not in page  # mental health
    assert "PHQ-9" not in page and "PHQ9" not in page and "phq9" not in page
    assert "neighbours" not in page and "Discussion summary" not in page
    # The children, whose consent does not cover the CSO, are not even named.
    assert family.daughter.code not in page and family.son.code not in page
    assert family.mother.code in page
    assert AuditEvent.objects.filter(
        action="conference.viewed", reason=f"conference={conference.pk} categories=livelihood"
    ).exists()
    assert not AuditEvent.objects.filter(action="health.viewed").exists()
    # The conference page is not a way into the case.
    assert client.get(reverse("participant", args=[family.mother.code])).status_code == 404


def test_an_invitee_without_any_consent_sees_no_participant_code(client, conference, family, cso_partner):
    client.force_login(cso_partner)
    page = client.get(reverse("conference", args=[conference.pk])).content.decode()
    assert "Nothing about the participants is shared with your organisation" in page
    for participant in (family.mother, family.daughter, family.son):
        assert participant.code not in page


def test_a_police_partner_not_invited_gets_404(client, conference, police_partner, other_coordinator):
    for user in (police_partner, other_coordinator):
        client.force_login(user)
        assert client.get(reverse("conference", args=[conference.pk])).status_code == 404


def test_the_case_team_sees_the_summary_but_only_the_coordinator_may_record(
    client, conference, case_worker, psychologist
):
    conference.summary = "Agreed to look for part-time work first."
    conference.save(update_fields=["summary"])
    for user in (case_worker, psychologist):
        client.force_login(user)
        page = client.get(reverse("conference", args=[conference.pk])).content.decode()
        assert "part-time work first" in page
        assert reverse("conference_record", args=[conference.pk]) not in page
        assert _record(client, conference, status="held", summary="Changed").status_code == 404
        assert client.get(reverse("decision_new", args=[conference.pk])).status_code == 404
    conference.refresh_from_db()
    assert conference.summary == "Agreed to look for part-time work first."


def test_the_coordinator_records_attendance_and_the_summary(client, conference_with_police, coordinator, city_a):
    conference = conference_with_police
    cso, police = (
        conference.invitations.get(organisation=city_a.cso),
        conference.invitations.get(organisation=city_a.police),
    )
    _held(conference)
    client.force_login(coordinator)
    response = _record(
        client,
        conference,
        **{f"attended_{cso.pk}": "yes", f"attended_{police.pk}": "no"},
        status="held",
        summary="Livelihood first; school enrolment for the daughter.",
    )
    assert response.status_code == 302
    conference.refresh_from_db()
    cso.refresh_from_db()
    police.refresh_from_db()
    assert conference.status == "held" and conference.summary.startswith("Livelihood first")
    assert cso.attended is True and police.attended is False
    assert (
        AuditEvent.objects.filter(
            action="conference.recorded", reason=f"conference={conference.pk} status=held attended=1/2"
        ).count()
        == 3
    )
    page = client.get(reverse("conference", args=[conference.pk])).content.decode()
    assert "Did not attend" in page and "school enrolment" in page


def test_a_conference_cannot_be_marked_held_before_its_date(client, conference, coordinator):
    client.force_login(coordinator)
    response = _record(client, conference, status="held", summary="Too early")
    assert response.status_code == 400
    assert "cannot be marked held yet" in response.content.decode()
    conference.refresh_from_db()
    assert conference.status == "scheduled" and conference.summary == ""


def test_a_cancelled_conference_takes_no_attendance_and_is_final(client, conference, coordinator, cso_partner):
    invitation = conference.invitations.get()
    client.force_login(coordinator)
    refused = _record(client, conference, **{f"attended_{invitation.pk}": "yes"}, status="cancelled")
    assert refused.status_code == 400
    assert "Nobody attends a cancelled conference" in refused.content.decode()
    assert _record(client, conference, status="cancelled", summary="").status_code == 302
    conference.refresh_from_db()
    assert conference.status == "cancelled"
    assert Notice.objects.filter(recipient=cso_partner, data__status="cancelled").exists()
    assert _record(client, conference, **{f"attended_{invitation.pk}": "yes"}, status="held").status_code == 403
    invitation.refresh_from_db()
    assert invitation.attended is None
    client.force_login(cso_partner)
    page = client.get(reverse("conference", args=[conference.pk])).content.decode()
    assert "no longer shared" in page


def test_a_decision_becomes_a_plan_action_and_the_plan_needs_a_new_approval(
    client, conference_with_police, family, coordinator, cso_partner, police_partner, city_a
):
    conference = conference_with_police
    plan = case.approve(family.mother, by=coordinator)
    approved_version = plan.version
    goal = Goal.objects.get(plan=plan, domain__code="livelihood")
    client.force_login(coordinator)
    assert client.get(reverse("decision_new", args=[conference.pk])).status_code == 200
    response = _decide(client, conference, family.mother, city_a.cso, goal=goal)
    assert response.status_code == 302
    decision = Decision.objects.get()
    action = decision.action
    assert action.goal == goal and action.description == "Enrol in the sewing course"
    assert action.responsible_organisation == city_a.cso and action.status == Action.Status.PLANNED
    assert action.due_on == decision.due_on
    plan.refresh_from_db()
    assert plan.approved_at is None and plan.version == approved_version + 1
    assert AuditEvent.objects.filter(action="plan.action_saved", object_ref=family.mother.code).exists()
    assert AuditEvent.objects.filter(
        action="conference.decision_recorded", reason__startswith=f"conference={conference.pk} decision={decision.pk}"
    ).exists()
    case_page = client.get(reverse("participant", args=[family.mother.code])).content.decode()
    assert "Enrol in the sewing course" in case_page
    # The responsible organisation sees its decision; another invited organisation does not.
    client.force_login(cso_partner)
    assert "Enrol in the sewing course" in client.get(reverse("conference", args=[conference.pk])).content.decode()
    client.force_login(police_partner)
    assert "Enrol in the sewing course" not in client.get(reverse("conference", args=[conference.pk])).content.decode()


def test_a_decision_for_a_participant_without_goals_gets_a_clear_message_and_nothing_is_saved(
    client, conference, family, coordinator, city_a
):
    client.force_login(coordinator)
    page = client.get(reverse("decision_new", args=[conference.pk])).content.decode()
    assert f"{family.daughter.code} has no goal in the plan yet" in page
    assert reverse("participant", args=[family.daughter.code]) + "#plan" in page
    response = _decide(client, conference, family.daughter, city_a.cso, text="Enrol at the school near home")
    assert response.status_code == 200
    page = response.content.decode()
    assert "add a goal to the plan first" in page
    assert "Enrol at the school near home" in page  # what was typed is kept
    assert not Decision.objects.exists() and not Action.objects.exists()
    assert not Plan.objects.filter(participant=family.daughter).exists()


def test_a_goal_from_another_participants_plan_is_refused(client, conference, family, coordinator, city_a):
    client.force_login(coordinator)
    case.goal(family.son, Goal.objects.first().domain, "Play", by=coordinator)
    response = _decide(
        client, conference, family.son, city_a.cso, goal=Goal.objects.filter(plan__participant=family.mother).first()
    )
    assert "This goal is in the plan of another participant" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_closed_case_gets_no_new_action(client, conference, family, coordinator, case_worker, city_a):
    closure = case.closure(family.mother, "goals_met", by=case_worker)
    decide_closure(actor=actor_of(coordinator), closure=closure, approve=True)
    client.force_login(coordinator)
    goal = Goal.objects.filter(plan__participant=family.mother).first()
    response = _decide(client, conference, family.mother, city_a.cso, goal=goal)
    assert response.status_code == 200
    assert "is closed: it cannot get new actions" in response.content.decode()
    assert not Action.objects.exists()
