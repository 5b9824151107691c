"""Memberships on the administrator's user page: one that sees nobody is saved at once (and audited
once); one that lets someone see people waits for a second person; deactivating one is at once.
(Ported from the Django admin's tests: homecoming/tests/test_admin.py, accounts/tests/test_second_person.py.)"""

import pytest
from django.urls import reverse

from accounts.models import PendingChange
from core.models import AuditEvent
from directory.models import Membership, Role


@pytest.fixture
def signed_in(client, administrator):
    client.force_login(administrator)
    return client


def _add(client, user, organisation, role, discipline=""):
    url = reverse("administration_membership_new", args=[user.pk])
    return client.post(url, {"organisation": organisation.pk, "role": role, "discipline": discipline})


def test_a_membership_that_sees_nobody_is_saved_at_once_and_audited_once(signed_in, administrator, city_a, cso_partner):
    response = _add(signed_in, cso_partner, city_a.social, Role.ME_OFFICER)
    assert response.status_code == 302
    added = Membership.objects.get(user=cso_partner, organisation=city_a.social)
    events = AuditEvent.objects.filter(object_type="membership", object_ref=str(added.pk))
    assert [(e.action, e.actor, e.organisation) for e in events] == [
        ("membership.created", administrator, city_a.social)
    ]
    assert not PendingChange.objects.exists()


def test_a_specialist_membership_needs_a_discipline(signed_in, city_a, cso_partner):
    response = _add(signed_in, cso_partner, city_a.social, Role.SPECIALIST)
    assert response.status_code == 200
    assert "A specialist needs a discipline." in response.content.decode()
    assert not Membership.objects.filter(user=cso_partner, role=Role.SPECIALIST).exists()


def test_the_held_membership_says_so_in_the_admins_words(signed_in, city_a, me_officer):
    response = _add(signed_in, me_officer, city_a.social, Role.CASE_WORKER)
    shown = [str(m) for m in response.wsgi_request._messages]
    assert shown == [
        f"a.me as Case worker in {city_a.social.name} waits for a second person's confirmation: "
        "another administrator, or a coordinator of that organisation."
    ]


def test_the_same_role_again_is_refused_while_it_is_active(signed_in, city_a, me_officer):
    response = _add(signed_in, me_officer, city_a.social, Role.ME_OFFICER)
    assert response.status_code == 200
    assert "They already have this role in this organisation." in response.content.decode()


def test_deactivating_a_membership_is_at_once_and_adding_it_again_reactivates_it(signed_in, city_a, me_officer):
    membership = me_officer.memberships.get()
    url = reverse("administration_membership_deactivate", args=[me_officer.pk, membership.pk])
    assert signed_in.post(url).status_code == 302  # not confirmed: nothing changes
    membership.refresh_from_db()
    assert membership.is_active
    signed_in.post(url, {"confirm": "yes"})
    membership.refresh_from_db()
    assert not membership.is_active
    assert AuditEvent.objects.filter(action="membership.changed", object_ref=str(membership.pk)).count() == 1
    _add(signed_in, me_officer, city_a.social, Role.ME_OFFICER)
    membership.refresh_from_db()
    assert membership.is_active
    assert Membership.objects.filter(user=me_officer).count() == 1


def test_giving_back_a_role_that_sees_people_waits_for_a_second_person(
    signed_in, administrator, coordinator, city_a, case_worker, client
):
    membership = case_worker.memberships.get()
    signed_in.post(
        reverse("administration_membership_deactivate", args=[case_worker.pk, membership.pk]), {"confirm": "yes"}
    )
    _add(signed_in, case_worker, city_a.social, Role.CASE_WORKER)
    membership.refresh_from_db()
    assert not membership.is_active
    change = PendingChange.objects.get()
    assert change.membership == membership


def test_a_membership_of_another_user_is_not_found(signed_in, me_officer, cso_partner):
    membership = me_officer.memberships.get()
    url = reverse("administration_membership_deactivate", args=[cso_partner.pk, membership.pk])
    assert signed_in.post(url, {"confirm": "yes"}).status_code == 404
