"""GET /api/v1/notices and POST /api/v1/notices/{id}/read: the user's own notices, as the inbox shows them."""

import pytest

from casework.actions import end_team_place
from casework.models import TeamMember
from core.actor import Actor
from notices.actions import notify
from notices.models import Notice

URL = "/api/v1/notices"


def notice(user, kind=Notice.Kind.REFERRAL, participant=None, **data) -> Notice:
    notify([user], kind=kind, participant=participant, data=data)
    return Notice.objects.filter(recipient=user).latest("pk")


def items(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_a_user_reads_their_own_notices_with_the_ids_the_inbox_links_and_no_one_elses(api_as, case_worker, coordinator):
    mine = notice(case_worker, referral=57, status="accepted")
    notice(coordinator, referral=58, status="sent")
    [item] = items(api_as(case_worker).get(URL))
    assert item == {
        "id": mine.pk,
        "kind": "referral",
        "created_at": item["created_at"],
        "read": False,
        "participant": None,
        "status": "accepted",
        "due": None,
        "instrument": None,
        "organisation": None,
        "role": None,
        "referral": 57,
        "transfer": None,
        "conference": None,
        "screening": None,
    }


def test_unread_picks_the_unread_or_the_read_notices(api_as, coordinator):
    unread = notice(coordinator, transfer=3, status="pending")
    read = notice(coordinator, conference=4, status="scheduled")
    Notice.objects.filter(pk=read.pk).update(read_at=read.created_at)
    client = api_as(coordinator)
    assert [n["id"] for n in items(client.get(URL, {"unread": "true"}))] == [unread.pk]
    assert [(n["id"], n["read"], n["conference"]) for n in items(client.get(URL, {"unread": "false"}))] == [
        (read.pk, True, 4)
    ]
    assert [n["id"] for n in items(client.get(URL))] == [unread.pk, read.pk]


def test_notices_come_a_page_at_a_time(api_as, coordinator):
    first, second = notice(coordinator, referral=1, status="sent"), notice(coordinator, referral=2, status="sent")
    client = api_as(coordinator)
    page = client.get(URL, {"limit": 1}).json()
    assert [n["id"] for n in page["items"]] == [first.pk] and page["next"]
    page = client.get(URL, {"limit": 1, "cursor": page["next"]}).json()
    assert [n["id"] for n in page["items"]] == [second.pk] and page["next"] is None


def test_a_notice_names_a_participant_the_user_may_open_with_its_screening(api_as, psychologist, family):
    notice(psychologist, Notice.Kind.SAFETY, family.mother, instrument="phq9", administration=91)
    [item] = items(api_as(psychologist).get(URL))
    assert (item["participant"], item["instrument"], item["screening"]) == (family.mother.code, "phq9", 91)


def test_a_notice_naming_a_participant_the_user_can_no_longer_open_carries_no_code(
    api_as, psychologist, coordinator, family
):
    notice(psychologist, Notice.Kind.SAFETY, family.mother, instrument="phq9", administration=91)
    place = TeamMember.objects.current().get(participant=family.mother, membership__user=psychologist)
    end_team_place(actor=Actor.of(coordinator, coordinator.memberships.get()), place=place)
    [item] = items(api_as(psychologist).get(URL))
    assert item["participant"] is None and item["screening"] is None
    assert item["instrument"] == "phq9"  # what happened stays; whom it concerned does not
    assert family.mother.code not in api_as(psychologist).get(URL).content.decode()


def test_a_notice_naming_another_organisations_participant_carries_no_code(api_as, other_coordinator, family):
    notice(other_coordinator, Notice.Kind.TRANSFER, family.son, transfer=12, status="declined")
    [item] = items(api_as(other_coordinator).get(URL))
    assert (item["participant"], item["transfer"], item["status"]) == (None, 12, "declined")


def test_marking_a_notice_read_sets_it_read_once(api_as, coordinator, family):
    mine = notice(coordinator, Notice.Kind.REVIEW_DUE, family.daughter, review=5, due="2026-12-01")
    client = api_as(coordinator)
    response = client.post(f"{URL}/{mine.pk}/read")
    assert response.status_code == 200
    body = response.json()
    assert (body["read"], body["participant"], body["due"]) == (True, family.daughter.code, "2026-12-01")
    mine.refresh_from_db()
    first = mine.read_at
    assert first is not None
    assert client.post(f"{URL}/{mine.pk}/read").status_code == 200
    mine.refresh_from_db()
    assert mine.read_at == first
    assert items(client.get(URL, {"unread": "true"})) == []


def test_someone_elses_notice_is_404_like_one_that_does_not_exist_and_stays_unread(api_as, coordinator, case_worker):
    theirs = notice(coordinator, referral=9, status="sent")
    client = api_as(case_worker)
    response = client.post(f"{URL}/{theirs.pk}/read")
    assert response.status_code == 404
    assert response.json() == client.post(f"{URL}/{theirs.pk + 1000}/read").json()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_read_only_token_may_not_mark_a_notice_read(api_as, coordinator):
    mine = notice(coordinator, referral=9, status="sent")
    assert api_as(coordinator, scope="read").post(f"{URL}/{mine.pk}/read").status_code == 403
    mine.refresh_from_db()
    assert mine.read_at is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_without_a_token_nothing_is_listed_or_marked(client, coordinator, method):
    mine = notice(coordinator, referral=9, status="sent")
    path = URL if method == "get" else f"{URL}/{mine.pk}/read"
    assert getattr(client, method)(path).status_code == 401
    mine.refresh_from_db()
    assert mine.read_at is None
