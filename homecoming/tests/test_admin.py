import pytest
from django.contrib import admin as django_admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.tests.helpers import sign_in
from directory.models import Membership
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


def test_a_specialist_membership_needs_a_discipline(city_a, cso_partner):
    membership = Membership(user=cso_partner, organisation=city_a.social, role="specialist")
    with pytest.raises(ValidationError) as raised:
        membership.full_clean()
    assert "discipline" in raised.value.message_dict
