"""Participants and their case records through the API: the pages' policy, rules and audit."""

import datetime

from django.utils import timezone

from casework.models import ContactNote, Plan
from casework.tests import builders as case
from core.models import AuditEvent
from instruments.tests.builders import screening


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def health_reads(participant) -> list[str]:
    return list(
        AuditEvent.objects.filter(action="health.viewed", object_ref=participant.code).values_list("reason", flat=True)
    )


def test_the_caseload_lists_whom_the_user_works_with_and_nobody_else(
    api_as, family, case_worker, other_case_worker, cso_partner
):
    mine = sorted([family.mother.code, family.daughter.code, family.son.code])
    assert sorted(codes(api_as(case_worker).get("/api/v1/participants"))) == mine
    assert codes(api_as(other_case_worker).get("/api/v1/participants")) == []
    assert codes(api_as(cso_partner).get("/api/v1/participants")) == []


def test_the_caseload_comes_a_page_at_a_time_without_repeats(api_as, family, case_worker):
    client = api_as(case_worker)
    first = client.get("/api/v1/participants?limit=2").json()
    second = client.get(f"/api/v1/participants?limit=2&cursor={first['next']}").json()
    assert len(first["items"]) == 2 and len(second["items"]) == 1 and second["next"] is None
    seen = [p["code"] for p in first["items"] + second["items"]]
    assert sorted(seen) == sorted([family.mother.code, family.daughter.code, family.son.code])


def test_the_caseload_filters_as_the_page_does(api_as, family, case_worker):
    case.phase(family.daughter, "reintegration", by=case_worker)
    client = api_as(case_worker)
    assert codes(client.get("/api/v1/participants?phase=reintegration")) == [family.daughter.code]
    assert codes(client.get("/api/v1/participants?age_band=30-44")) == [family.mother.code]
    assert codes(client.get("/api/v1/participants?sex=male")) == [family.son.code]


def test_a_summary_says_what_the_reader_may_read_and_write(api_as, family, coordinator, psychologist):
    summary = api_as(coordinator).get(f"/api/v1/participants/{family.mother.code}").json()
    assert summary["household"] == family.household.code and summary["age_band"] == "30-44"
    assert "health" not in summary["you_read"] and "identity" in summary["you_read"]
    clinical = api_as(psychologist).get(f"/api/v1/participants/{family.mother.code}").json()
    assert "health" in clinical["you_read"] and "identity" not in clinical["you_read"]


def test_another_citys_participant_reads_exactly_like_a_missing_one(api_as, family, other_coordinator):
    client = api_as(other_coordinator)
    theirs = client.get(f"/api/v1/participants/{family.mother.code}")
    missing = client.get("/api/v1/participants/ZZZZ-ZZZZ")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.content == missing.content


def test_a_household_shows_the_codes_the_user_may_open_only(api_as, family, psychologist, coordinator):
    from casework.actions import end_team_place
    from casework.models import TeamMember
    from people.tests.builders import actor_of

    place = TeamMember.objects.current().get(participant=family.son, membership__user=psychologist)
    end_team_place(actor=actor_of(coordinator), place=place)
    members = api_as(psychologist).get(f"/api/v1/households/{family.household.code}").json()["members"]
    assert sorted((m["household_role"], m["code"] or "") for m in members) == sorted(
        [("mother", family.mother.code), ("child", family.daughter.code), ("child", "")]
    )


def test_a_plan_change_with_a_stale_etag_is_refused_and_the_other_change_stays(
    api_as, family, case_worker, coordinator
):
    url = f"/api/v1/participants/{family.mother.code}/plan"
    mine, theirs = api_as(case_worker), api_as(coordinator)
    etag = mine.get(url)["ETag"]
    later = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    first = theirs.patch(url, {"review_on": later}, content_type="application/json", headers={"If-Match": etag})
    assert first.status_code == 200 and first["ETag"] != etag
    goal = {"domain": "housing", "what_matters": "A flat"}
    stale = mine.post(url + "/goals", goal, content_type="application/json", headers={"If-Match": etag})
    assert stale.status_code == 412
    assert stale.json()["detail"].startswith("Someone changed this record since you read it.")
    plan = Plan.objects.get(participant=family.mother)
    assert (plan.review_on.isoformat(), plan.goals.count()) == (later, 0)
    fresh = mine.post(url + "/goals", goal, content_type="application/json", headers={"If-Match": first["ETag"]})
    assert fresh.status_code == 201 and plan.goals.count() == 1


def test_a_note_edit_with_a_stale_etag_is_refused_and_nothing_is_lost(api_as, family, case_worker):
    note = case.note(family.mother, "First words", by=case_worker)
    url = f"/api/v1/participants/{family.mother.code}/notes/{note.pk}"
    a, b = api_as(case_worker), api_as(case_worker)
    etag = a.get(url)["ETag"]
    body = {"occurred_on": note.occurred_on.isoformat(), "kind": "visit", "text": "Second words"}
    assert b.put(url, body, content_type="application/json", headers={"If-Match": etag}).status_code == 200
    stale = a.put(url, {**body, "text": "Third words"}, content_type="application/json", headers={"If-Match": etag})
    assert stale.status_code == 412
    note.refresh_from_db()
    assert (note.text, note.version) == ("Second words", 2)


def test_an_etag_of_another_record_is_refused(api_as, family, case_worker):
    note = case.note(family.mother, "Words", by=case_worker)
    url = f"/api/v1/participants/{family.mother.code}/notes/{note.pk}"
    body = {"occurred_on": note.occurred_on.isoformat(), "kind": "visit", "text": "Other words"}
    response = api_as(case_worker).put(url, body, content_type="application/json", headers={"If-Match": '"plan-X-v1"'})
    assert response.status_code == 412
    assert ContactNote.objects.get().text == "Words"


def test_only_its_author_edits_a_note(api_as, family, case_worker, psychologist):
    note = case.note(family.mother, "Words", by=case_worker)
    url = f"/api/v1/participants/{family.mother.code}/notes/{note.pk}"
    body = {"occurred_on": note.occurred_on.isoformat(), "kind": "visit", "text": "Other words"}
    headers = {"If-Match": f'"note-{note.pk}-v1"'}
    assert api_as(psychologist).put(url, body, content_type="application/json", headers=headers).status_code == 404


def test_a_clinical_note_is_read_by_its_discipline_only_and_each_read_is_audited(
    api_as, family, case_worker, psychologist
):
    clinical = case.note(family.mother, "Sleeps badly", by=psychologist, sensitivity="clinical")
    team = case.note(family.mother, "Visited", by=case_worker)
    url = f"/api/v1/participants/{family.mother.code}/notes"
    seen_by_case_worker = [n["id"] for n in api_as(case_worker).get(url).json()["items"]]
    seen_by_psychologist = [n["id"] for n in api_as(psychologist).get(url).json()["items"]]
    assert seen_by_case_worker == [team.pk]
    assert seen_by_psychologist == [clinical.pk, team.pk]
    assert health_reads(family.mother) == [f"api notes={clinical.pk}"]


def test_screening_reads_are_audited_like_the_pages(api_as, family, psychologist, coordinator):
    administration = screening(family.mother, by=psychologist)
    client = api_as(psychologist)
    listed = client.get(f"/api/v1/participants/{family.mother.code}/screenings").json()
    assert [(s["instrument"], s["total"]) for s in listed] == [("phq9", 10.0)]
    detail = client.get(f"/api/v1/participants/{family.mother.code}/screenings/{administration.pk}").json()
    assert detail["band"] == "Moderate"
    assert health_reads(family.mother) == ["api screenings", f"api administration={administration.pk}"]
    # The coordinator does not read health: 404, and no read is recorded.
    assert api_as(coordinator).get(f"/api/v1/participants/{family.mother.code}/screenings").status_code == 404
    assert len(health_reads(family.mother)) == 2


def test_a_note_written_through_the_api_is_audited_as_on_the_page(api_as, family, case_worker):
    body = {"occurred_on": timezone.localdate().isoformat(), "kind": "call", "text": "Called", "domains": ["housing"]}
    response = api_as(case_worker).post(
        f"/api/v1/participants/{family.mother.code}/notes", body, content_type="application/json"
    )
    note = ContactNote.objects.get()
    assert response.json()["domains"] == ["housing"]
    event = AuditEvent.objects.filter(action="note.written").get()
    assert (event.object_ref, event.reason) == (family.mother.code, f"note={note.pk} team")
