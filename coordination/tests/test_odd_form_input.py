"""Odd organisation numbers in referral and conference forms are refused calmly, never a 500."""

from django.urls import reverse

from coordination.models import Conference


def test_a_referral_form_asked_for_an_organisation_numbered_with_a_superscript_digit_still_shows(
    client, coordinator, family
):
    client.force_login(coordinator)
    response = client.get(reverse("referral_new", args=[family.mother.code]), {"to_organisation": "²"})
    assert response.status_code == 200


def test_a_conference_inviting_an_organisation_with_a_huge_number_is_refused_with_the_form(client, coordinator, family):
    client.force_login(coordinator)
    data = {"scheduled_at": "2099-01-01 10:00", "place": "Office", "organisations": "9" * 40}
    response = client.post(reverse("conference_new", args=[family.mother.code]), data)
    assert response.status_code == 200
    assert not Conference.objects.exists()
