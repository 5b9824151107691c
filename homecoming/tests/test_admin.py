import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin as django_admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.tests.helpers import sign_in
from conftest import make_user
from core.models import AuditEvent
from directory.models import Membership, Role
from homecoming.admin import site


def test_the_admin_site_holds_only_directory_and_account_models():
    registered = {model._meta.label for model in site._registry}
    assert registered == {
        "directory.Jurisdiction",
        "directory.Organisation",
        "accounts.User",
        "accounts.PendingChange",
        "axes.AccessAttempt",
        "casework.NeedsDomain",
        "casework.MilestoneKind",
        "instruments.ImportedDefinition",
        "mel.Dhis2DataSet",
        "mel.Dhis2DataElement",
        "mel.Dhis2CategoryOptionCombo",
        "mel.Dhis2OrganisationUnit",
        "network.MemberCity",
    }


def test_djangos_default_admin_site_is_not_routed(client, administrator):
    # Apps register models there on their own (allauth, simple-history); it must stay unreachable.
    assert django_admin.site._registry  # something did register
    client.force_login(administrator)
    assert client.get("/admin/mfa/authenticator/").status_code == 404


def test_a_coordinator_gets_not_found_from_the_admin(client, coordinator):
    sign_in(client, coordinator)
    assert client.get(reverse("admin:index")).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_one_sign_in(client, db):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    login = client.get(response["Location"])
    assert login.status_code == 302
    assert login["Location"].startswith(reverse("account_login"))


def test_administrator_adds_a_membership_that_sees_nobody_and_it_is_audited(client, administrator, city_a, cso_partner):
    # One that sees people waits for a second person: accounts/tests/test_second_person.py.
    sign_in(client, administrator)
    url = reverse("admin:accounts_user_change", args=[cso_partner.pk])
    page = client.get(url)
    assert page.status_code == 200
    membership = Membership.objects.get(user=cso_partner)
    data = {
        "username": cso_partner.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "language": "",
        "is_active": "on",
        "memberships-TOTAL_FORMS": "2",
        "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": membership.pk,
        "memberships-0-user": cso_partner.pk,
        "memberships-0-organisation": city_a.cso.pk,
        "memberships-0-role": "partner",
        "memberships-0-discipline": "",
        "memberships-0-is_active": "on",
        "memberships-1-user": cso_partner.pk,
        "memberships-1-organisation": city_a.social.pk,
        "memberships-1-role": "me_officer",
        "memberships-1-discipline": "",
        "memberships-1-is_active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    added = Membership.objects.get(user=cso_partner, organisation=city_a.social)
    event = AuditEvent.objects.get(action="membership.created", object_ref=str(added.pk))
    assert event.actor == administrator
    assert event.organisation == city_a.social


def test_a_specialist_membership_needs_a_discipline(city_a, cso_partner):
    membership = Membership(user=cso_partner, organisation=city_a.social, role="specialist")
    with pytest.raises(ValidationError) as raised:
        membership.full_clean()
    assert "discipline" in raised.value.message_dict


def test_administrator_resets_a_password_within_the_policy_and_it_must_be_changed(client, administrator, me_officer):
    # A case-facing user's reset waits for a second person: accounts/tests/test_second_person.py.
    cso_partner = me_officer
    sign_in(client, administrator)
    url = reverse("admin:auth_user_password_change", args=[cso_partner.pk])
    too_short = client.post(url, {"password1": "short", "password2": "short"})
    assert too_short.status_code == 200
    assert "at least 12 characters" in too_short.content.decode()
    response = client.post(url, {"password1": "a-new-long-passphrase-7", "password2": "a-new-long-passphrase-7"})
    assert response.status_code == 302
    cso_partner.refresh_from_db()
    assert cso_partner.check_password("a-new-long-passphrase-7")
    assert cso_partner.must_change_password
    assert AuditEvent.objects.get(action="auth.password_reset_by_administrator").actor == administrator


def test_administrator_removes_a_lost_second_factor_of_a_user_who_sees_nobody(client, administrator, city_a):
    # A case-facing user's removal waits for a second person: accounts/tests/test_second_person.py.
    coordinator = make_user("a.me-with-app", organisation=city_a.social, role=Role.ME_OFFICER, totp=True)
    sign_in(client, administrator)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "remove_second_factor", "_selected_action": [coordinator.pk]},
    )
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=coordinator).exists()
    assert AuditEvent.objects.filter(action="mfa.reset_by_administrator", object_ref=str(coordinator.pk)).exists()


def test_an_administrator_grants_and_withdraws_sharing_beyond_consent(client, administrator, case_worker):
    from core.models import AuditEvent

    sign_in(client, administrator)
    url = reverse("admin:accounts_user_changelist")
    client.post(url, {"action": "allow_override_consent", "_selected_action": [case_worker.pk]})
    assert case_worker.has_perm("coordination.override_consent")
    client.post(url, {"action": "withdraw_override_consent", "_selected_action": [case_worker.pk]})
    case_worker = type(case_worker).objects.get(pk=case_worker.pk)  # a fresh permission cache
    assert not case_worker.has_perm("coordination.override_consent")
    assert AuditEvent.objects.filter(action__startswith="permission.override_consent").count() == 2
