import pytest
from django.urls import reverse

from accounts.tests.helpers import sign_in
from core.models import AuditEvent
from directory.models import Membership, Role


@pytest.fixture
def two_hats(city_a, psychologist):
    """The psychologist also volunteers as a partner at the CSO."""
    Membership.objects.create(user=psychologist, organisation=city_a.cso, role=Role.PARTNER)
    return psychologist


def test_a_user_with_several_organisations_is_asked_to_choose(client, two_hats):
    sign_in(client, two_hats)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("choose_organisation"))


def test_the_chosen_organisation_decides_the_home_page(client, two_hats, city_a):
    sign_in(client, two_hats)
    partner = Membership.objects.get(user=two_hats, organisation=city_a.cso)
    response = client.post(reverse("choose_organisation"), {"membership": partner.pk, "next": "/"})
    assert response["Location"] == "/"
    page = client.get(reverse("home"))
    assert page.status_code == 200
    assert b"Referrals inbox" in page.content
    assert AuditEvent.objects.filter(action="session.organisation_chosen", organisation=city_a.cso).exists()


def test_a_membership_of_someone_else_cannot_be_chosen(client, two_hats, coordinator):
    sign_in(client, two_hats)
    foreign = Membership.objects.get(user=coordinator)
    response = client.post(reverse("choose_organisation"), {"membership": foreign.pk})
    assert response.status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_a_user_with_one_organisation_goes_straight_home(client, cso_partner):
    sign_in(client, cso_partner)
    assert client.get(reverse("home")).status_code == 200


def test_a_user_without_organisation_sees_a_plain_explanation(client, outsider):
    sign_in(client, outsider)
    page = client.get(reverse("home"))
    assert page.status_code == 200
    assert b"not yet part of an organisation" in page.content
