"""Case conferences in the API: the case team sees all of it, an invited organisation only
what consent shares and the decisions it carries (issue 14)."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from casework.models import Goal
from coordination import actions
from coordination.models import Conference
from coordination.tests.helpers import case_record, consent
from core.models import AuditEvent
from people.tests.builders import actor_of

PLACE = "Social services, room 4"


def convene(family, coordinator, organisations, *, days=3) -> Conference:
    return actions.schedule_conference(
        actor=actor_of(coordinator),
        participant=family.mother,
        whole_household=True,
        scheduled_at=timezone.now() + datetime.timedelta(days=days),
        place=PLACE,
        organisations=organisations,
    )


def decide(conference, participant, organisation, text, *, by, domain="livelihood"):
    goal = Goal.objects.get(plan__participant=participant, domain__code=domain)
    return actions.record_decision(
        actor=actor_of(by),
        conference=conference,
        participant=participant,
        goal=goal,
        text=text,
        responsible_organisation=organisation,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )


@pytest.fixture
def conference(family, coordinator, case_worker, city_a) -> Conference:
    """A household conference convened by city A's social services, the CSO and the police
    invited; a decision for each (an action under a goal of the mother's plan), a summary."""
    case_record(family.mother, by=case_worker)
    conference = convene(family, coordinator, [city_a.cso, city_a.police])
    decide(conference, family.mother, city_a.cso, "Enrol in the sewing course", by=coordinator)
    # Under the mental health goal, which a livelihood consent does not share.
    decide(conference, family.mother, city_a.police, "Return the passport", by=coordinator, domain="mental_health")
    actions.record_conference(
        actor=actor_of(coordinator),
        conference=conference,
        status="scheduled",
        summary="Talked about work and sleep.",
        attendance={},
    )
    return conference


def url(conference) -> str:
    return f"/api/v1/conferences/{conference.pk}"


@pytest.mark.parametrize("persona", ["coordinator", "case_worker", "psychologist"])
def test_the_case_team_sees_the_whole_conference(request, api_as, conference, family, persona):
    body = api_as(request.getfixturevalue(persona)).get(url(conference)).json()
    assert body["side"] == "team" and body["whole_household"] is True
    assert body["place"] == PLACE and body["status"] == "scheduled"
    assert body["organisation"] == "Almaty Social Services"
    assert body["participants"] == [family.mother.code, family.daughter.code, family.son.code]
    assert body["invited_organisations"] == ["Almaty CSO", "Almaty Police"]
    assert body["attendance"] == [
        {"organisation": "Almaty CSO", "attended": None},
        {"organisation": "Almaty Police", "attended": None},
    ]
    assert [(d["text"], d["responsible_organisation"], d["action_status"]) for d in body["decisions"]] == [
        ("Enrol in the sewing course", "Almaty CSO", "planned"),
        ("Return the passport", "Almaty Police", "planned"),
    ]
    assert body["summary"] == "Talked about work and sleep." and body["shared"] is None
    assert not AuditEvent.objects.filter(action="conference.viewed").exists()


def test_an_invited_partner_sees_what_consent_shares_and_only_its_own_decisions(
    api_as, conference, family, case_worker, cso_partner, city_a
):
    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker, purpose="conference")
    response = api_as(cso_partner).get(url(conference))
    body = response.json()
    assert body["side"] == "invited" and body["summary"] is None and body["attendance"] is None
    assert body["participants"] == [family.mother.code]  # the children's consent does not cover the CSO
    [record] = body["shared"]
    assert record["categories"] == ["livelihood"] and record["summary"] is None and record["screenings"] is None
    assert [g["what_matters"] for g in record["goals"]] == ["Steady work near home"]
    assert [(d["text"], d["action_status"]) for d in body["decisions"]] == [("Enrol in the sewing course", None)]
    assert "Talked about" not in response.content.decode() and "passport" not in response.content.decode()
    viewed = AuditEvent.objects.filter(action="conference.viewed", actor=cso_partner).order_by("pk")
    assert [(a.object_ref, a.reason) for a in viewed] == [
        (family.mother.code, f"conference={conference.pk} categories=livelihood"),
        (family.daughter.code, f"conference={conference.pk} categories="),
        (family.son.code, f"conference={conference.pk} categories="),
    ]


def test_health_shared_for_a_conference_is_an_audited_health_read(
    api_as, conference, family, case_worker, cso_partner, city_a
):
    consent(family.mother, city_a.cso, ["health"], recorded_by=case_worker, purpose="conference")
    [record] = api_as(cso_partner).get(url(conference)).json()["shared"]
    assert [s["instrument"] for s in record["screenings"]] == ["phq9"]
    read = AuditEvent.objects.get(action="health.viewed")
    assert read.actor == cso_partner and read.reason == f"conference={conference.pk}"


def test_without_consent_the_invited_partner_sees_no_participant(api_as, conference, police_partner):
    body = api_as(police_partner).get(url(conference)).json()
    assert body["side"] == "invited" and body["participants"] == [] and body["shared"] == []
    assert [d["text"] for d in body["decisions"]] == ["Return the passport"]


def test_a_cancelled_conference_shares_nothing_with_the_invited(
    api_as, conference, family, coordinator, case_worker, cso_partner, city_a
):
    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker, purpose="conference")
    actions.record_conference(
        actor=actor_of(coordinator), conference=conference, status="cancelled", summary="", attendance={}
    )
    body = api_as(cso_partner).get(url(conference)).json()
    assert body["status"] == "cancelled" and body["shared"] == [] and body["participants"] == []
    assert not AuditEvent.objects.filter(action="conference.viewed").exists()


@pytest.mark.parametrize("persona", ["other_coordinator", "other_case_worker", "me_officer", "network_editor"])
def test_a_conference_is_not_found_for_others_exactly_like_a_missing_one(request, api_as, conference, persona):
    client = api_as(request.getfixturevalue(persona))
    hidden, missing = client.get(url(conference)), client.get(f"/api/v1/conferences/{conference.pk + 1000}")
    assert hidden.status_code == missing.status_code == 404 and hidden.content == missing.content


def test_each_persona_lists_exactly_the_conferences_it_may_open(
    api_as, personas, conference, family, coordinator, city_a
):
    """The list is built from the rules of ``policy.open_conference``: it offers what opens, on
    the same side, and nothing else (an invitation ends with the sharing period)."""
    days = settings.HOMECOMING_CONFERENCE_SHARING_DAYS + 1
    past = convene(family, coordinator, [city_a.cso], days=-days)
    for name, user in personas.items():
        if name == "outsider":
            continue
        client = api_as(user)
        listed = {item["id"]: item["side"] for item in client.get("/api/v1/conferences").json()["items"]}
        opened = {}
        for each in (conference, past):
            response = client.get(url(each))
            if response.status_code == 200:
                opened[each.pk] = response.json()["side"]
        assert listed == opened, name
    assert api_as(personas["cso_partner"]).get("/api/v1/conferences").json()["items"] == [
        {
            "id": conference.pk,
            "side": "invited",
            "scheduled_at": conference.scheduled_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "place": PLACE,
            "status": "scheduled",
            "organisation": "Almaty Social Services",
        }
    ]
    assert set(api_as(personas["coordinator"]).get("/api/v1/conferences").json()["items"][0]) >= {"side"}


def test_the_team_lists_a_conference_about_one_participant_only_when_on_that_case(
    api_as, family, coordinator, case_worker, other_case_worker, city_a
):
    conference = actions.schedule_conference(
        actor=actor_of(coordinator),
        participant=family.son,
        whole_household=False,
        scheduled_at=timezone.now() + datetime.timedelta(days=1),
        place=PLACE,
        organisations=[city_a.cso],
    )
    [item] = api_as(case_worker).get("/api/v1/conferences").json()["items"]
    assert item["id"] == conference.pk and item["side"] == "team"
    assert api_as(case_worker).get(url(conference)).json()["participants"] == [family.son.code]
    assert api_as(other_case_worker).get("/api/v1/conferences").json()["items"] == []
