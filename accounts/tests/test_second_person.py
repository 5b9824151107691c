"""An administrator alone cannot let anyone (himself included) see people's records."""

from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.tests.helpers import sign_in
from conftest import PASSWORD, make_user
from core.models import AuditEvent
from directory.models import Membership, Role

NEW_PASSWORD = "a-reset-passphrase-by-admin-9"


def _grant(client, administrator, user, organisation, role, discipline=""):
    url = reverse("administration_membership_new", args=[user.pk])
    response = client.post(url, {"organisation": organisation.pk, "role": role, "discipline": discipline})
    assert response.status_code == 302, response.content.decode()
    return response


def test_an_administrator_giving_himself_a_coordinator_role_only_asks_for_it(client, administrator, city_a):
    sign_in(client, administrator)
    _grant(client, administrator, administrator, city_a.social, Role.COORDINATOR)
    assert not Membership.objects.filter(user=administrator, role=Role.COORDINATOR).exists()
    event = AuditEvent.objects.get(action="account_change.requested")
    assert event.actor == administrator
    assert event.organisation == city_a.social


def test_an_administrator_alone_cannot_give_anyone_a_role_that_sees_people(client, administrator, city_a, me_officer):
    sign_in(client, administrator)
    for role, discipline in [(Role.CASE_WORKER, ""), (Role.SPECIALIST, "psychologist")]:
        _grant(client, administrator, me_officer, city_a.social, role, discipline)
    _grant(client, administrator, me_officer, city_a.cso, Role.PARTNER)
    assert list(Membership.objects.filter(user=me_officer).values_list("role", flat=True)) == [Role.ME_OFFICER]


def test_an_administrator_alone_cannot_make_a_specialist_see_health_by_changing_her_discipline(
    client, administrator, city_a
):
    teacher_specialist = make_user("a.teacher", organisation=city_a.social, role=Role.SPECIALIST, discipline="teacher")
    sign_in(client, administrator)
    _grant(client, administrator, teacher_specialist, city_a.social, Role.SPECIALIST, "psychologist")
    assert Membership.objects.get(user=teacher_specialist).discipline == "teacher"


def test_a_role_that_sees_nobody_is_given_at_once(client, administrator, city_a, cso_partner):
    sign_in(client, administrator)
    _grant(client, administrator, cso_partner, city_a.social, Role.ME_OFFICER)
    added = Membership.objects.get(user=cso_partner, role=Role.ME_OFFICER)
    assert AuditEvent.objects.get(action="membership.created", object_ref=str(added.pk)).actor == administrator


def test_a_second_administrator_confirms_and_only_then_the_role_is_given(client, administrator, city_a):
    second = make_user("a.admin2", organisation=city_a.social, role=Role.ADMINISTRATOR)
    sign_in(client, administrator)
    _grant(client, administrator, administrator, city_a.social, Role.COORDINATOR)
    from accounts.models import PendingChange

    change = PendingChange.objects.get()
    changes = reverse("pending_changes")
    # His own request: not his to decide.
    assert client.post(changes, {"change": change.pk, "decision": "confirm"}).status_code == 404
    assert not Membership.objects.filter(user=administrator, role=Role.COORDINATOR).exists()
    client.logout()
    sign_in(client, second)
    assert client.get(changes).status_code == 200
    client.post(changes, {"change": change.pk, "decision": "confirm"})
    granted = Membership.objects.get(user=administrator, role=Role.COORDINATOR)
    assert granted.organisation == city_a.social
    confirmed = AuditEvent.objects.get(action="account_change.confirmed", object_ref=str(change.pk))
    assert confirmed.actor == second
    assert AuditEvent.objects.get(action="membership.created", object_ref=str(granted.pk)).actor == second


def test_the_person_a_change_is_for_cannot_confirm_it(client, administrator, city_a):
    second = make_user("a.admin2", organisation=city_a.social, role=Role.ADMINISTRATOR)
    sign_in(client, administrator)
    _grant(client, administrator, second, city_a.social, Role.CASE_WORKER)
    client.logout()
    sign_in(client, second)
    assert client.get(reverse("pending_changes")).context["changes"].count() == 0
    from accounts.models import PendingChange

    change = PendingChange.objects.get()
    assert client.post(reverse("pending_changes"), {"change": change.pk, "decision": "confirm"}).status_code == 404
    assert not Membership.objects.filter(user=second, role=Role.CASE_WORKER).exists()


def test_the_organisations_coordinator_confirms_on_the_changes_page(
    client, administrator, coordinator, other_coordinator, city_a, me_officer
):
    sign_in(client, administrator)
    _grant(client, administrator, me_officer, city_a.social, Role.CASE_WORKER)
    client.logout()
    from accounts.models import PendingChange

    change = PendingChange.objects.get()
    sign_in(client, other_coordinator)  # another city's coordinator: not hers to decide
    assert client.post(reverse("pending_changes"), {"change": change.pk, "decision": "confirm"}).status_code == 404
    client.logout()
    sign_in(client, coordinator)
    page = client.get(reverse("pending_changes"))
    assert me_officer.username in page.content.decode()
    response = client.post(reverse("pending_changes"), {"change": change.pk, "decision": "confirm"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=me_officer, role=Role.CASE_WORKER, organisation=city_a.social).exists()


def test_a_refused_change_changes_nothing_and_is_audited(client, administrator, coordinator, city_a, me_officer):
    sign_in(client, administrator)
    _grant(client, administrator, me_officer, city_a.social, Role.CASE_WORKER)
    client.logout()
    from accounts.models import PendingChange

    change = PendingChange.objects.get()
    sign_in(client, coordinator)
    client.post(reverse("pending_changes"), {"change": change.pk, "decision": "refuse"})
    assert not Membership.objects.filter(user=me_officer, role=Role.CASE_WORKER).exists()
    assert AuditEvent.objects.get(action="account_change.refused").actor == coordinator


def test_the_changes_page_is_not_found_for_those_who_confirm_nothing(client, case_worker):
    sign_in(client, case_worker)
    assert client.get(reverse("pending_changes")).status_code == 404


def test_an_administrators_password_reset_of_a_specialist_waits_for_a_second_person(
    client, administrator, city_a, psychologist
):
    sign_in(client, administrator)
    url = reverse("administration_password", args=[psychologist.pk])
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    psychologist.refresh_from_db()
    assert psychologist.check_password(PASSWORD)
    assert AuditEvent.objects.filter(action="account_change.requested").exists()


def test_a_confirmed_reset_password_is_told_and_must_be_changed_at_next_sign_in(
    client, administrator, coordinator, city_a, psychologist
):
    sign_in(client, administrator)
    url = reverse("administration_password", args=[psychologist.pk])
    client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()
    from accounts.models import PendingChange

    sign_in(client, coordinator)
    client.post(reverse("pending_changes"), {"change": PendingChange.objects.get().pk, "decision": "confirm"})
    client.logout()
    assert AuditEvent.objects.filter(action="auth.password_reset_by_administrator").exists()
    assert sign_in(client, psychologist, password=NEW_PASSWORD).status_code == 302
    home = client.get(reverse("home"), follow=True)
    assert home.redirect_chain[-1][0] == reverse("account_change_password")
    page = home.content.decode()
    assert "an administrator reset your password, and a second person confirmed it" in page
    changed = client.post(
        reverse("account_change_password"),
        {"oldpassword": NEW_PASSWORD, "password1": "her-own-passphrase-77", "password2": "her-own-passphrase-77"},
    )
    assert changed.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_removing_a_coordinators_second_factor_waits_for_a_second_person(client, administrator, coordinator):
    sign_in(client, administrator)
    client.post(reverse("administration_second_factor_remove", args=[coordinator.pk]), {"confirm": "yes"})
    assert Authenticator.objects.filter(user=coordinator).exists()
    assert not AuditEvent.objects.filter(action="mfa.reset_by_administrator").exists()
