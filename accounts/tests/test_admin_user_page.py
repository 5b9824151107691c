"""A user's page for the administrator: the person, the status, the memberships; the person fields
changed (audited by field name only); the account deactivated and reactivated, never deleted."""

import pytest
from django.urls import reverse

from accounts import actions
from accounts.models import PendingChange
from core.models import AuditEvent
from people.tests.builders import actor_of


@pytest.fixture
def signed_in(client, administrator):
    client.force_login(administrator)
    return client


def test_the_page_shows_the_person_status_and_memberships(signed_in, psychologist, city_a):
    page = signed_in.get(reverse("administration_user", args=[psychologist.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    for shown in ("a.psychologist", city_a.social.name, "Psychologist", "Active", "Joined", "not set up"):
        assert shown in text


def test_changing_the_person_fields_is_audited_by_field_name_only(signed_in, administrator, me_officer):
    url = reverse("administration_user_edit", args=[me_officer.pk])
    body = {"username": "a.me", "first_name": "Madina", "email": "madina@example.org", "language": "ru"}
    assert signed_in.post(url, body).status_code == 302
    me_officer.refresh_from_db()
    assert (me_officer.first_name, me_officer.email, me_officer.language) == ("Madina", "madina@example.org", "ru")
    event = AuditEvent.objects.get(action="user.changed")
    assert (event.actor, event.object_ref) == (administrator, str(me_officer.pk))
    assert event.reason == "fields=email,first_name,language"
    assert "Madina" not in event.reason
    assert signed_in.post(url, {**body, "email": "not an address"}).status_code == 200
    assert signed_in.post(url, {**body, "username": administrator.username}).status_code == 200


def test_an_account_is_deactivated_and_reactivated_never_deleted(signed_in, client, me_officer):
    deactivate = reverse("administration_user_deactivate", args=[me_officer.pk])
    signed_in.post(deactivate)  # not confirmed
    me_officer.refresh_from_db()
    assert me_officer.is_active
    signed_in.post(deactivate, {"confirm": "yes"})
    me_officer.refresh_from_db()
    assert not me_officer.is_active
    signed_in.post(reverse("administration_user_reactivate", args=[me_officer.pk]), {"confirm": "yes"})
    me_officer.refresh_from_db()
    assert me_officer.is_active
    actions = list(AuditEvent.objects.filter(action__startswith="user.").values_list("action", flat=True))
    assert actions == ["user.deactivated", "user.reactivated"]


def test_a_deactivated_user_is_signed_out(client, administrator, me_officer):
    other = client.__class__()
    other.force_login(me_officer)
    assert other.get(reverse("home")).status_code == 200
    client.force_login(administrator)
    client.post(reverse("administration_user_deactivate", args=[me_officer.pk]), {"confirm": "yes"})
    assert other.get(reverse("home")).status_code == 302


def test_an_administrator_does_not_deactivate_themself(signed_in, administrator):
    url = reverse("administration_user_deactivate", args=[administrator.pk])
    assert signed_in.post(url, {"confirm": "yes"}).status_code == 404
    page = signed_in.get(reverse("administration_user", args=[administrator.pk])).content.decode()
    assert "Deactivate the account" not in page
    assert "This is your own account" in page


def test_reactivating_holds_each_membership_that_sees_people_for_a_second_person(
    signed_in, case_worker, coordinator, city_a
):
    signed_in.post(reverse("administration_user_deactivate", args=[case_worker.pk]), {"confirm": "yes"})
    page = signed_in.post(
        reverse("administration_user_reactivate", args=[case_worker.pk]), {"confirm": "yes"}, follow=True
    )
    assert "1 membership that lets this person see people waits for a second person" in page.content.decode()
    case_worker.refresh_from_db()
    membership = case_worker.memberships.get()
    assert case_worker.is_active and not membership.is_active  # back, but seeing no one yet
    change = PendingChange.objects.get(user=case_worker, outcome=PendingChange.Outcome.PENDING)
    assert (change.kind, change.membership_id) == ("membership", membership.pk)
    assert change.organisation == city_a.social
    actions.confirm_change(actor=actor_of(coordinator), change=change)  # the second person
    membership.refresh_from_db()
    assert membership.is_active


def test_reactivating_an_account_that_sees_no_one_holds_nothing(signed_in, me_officer):
    signed_in.post(reverse("administration_user_deactivate", args=[me_officer.pk]), {"confirm": "yes"})
    signed_in.post(reverse("administration_user_reactivate", args=[me_officer.pk]), {"confirm": "yes"})
    assert me_officer.memberships.get().is_active
    assert not PendingChange.objects.exists()
