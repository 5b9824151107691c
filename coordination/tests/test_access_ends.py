"""Access given to another organisation ends (issue 19, finding 9)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from access import policy
from coordination.models import Conference, Referral
from coordination.tests.helpers import consent, refer


def _days(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def test_a_referral_end_date_past_the_maximum_is_refused_with_the_latest_date(client, family, case_worker, city_a):
    consent(family.mother, city_a.cso, ["summary", "livelihood"], recorded_by=case_worker)
    client.force_login(case_worker)
    response = refer(client, family.mother, city_a.cso, ["summary", "livelihood"], expires_on="2099-12-31")
    assert response.status_code == 200
    assert f"Access can last until {_days(365)} at the latest" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_referral_cannot_outlast_the_consent_behind_it(client, family, case_worker, city_a):
    given = consent(family.mother, city_a.cso, ["summary", "livelihood"], recorded_by=case_worker)
    given.expires_on = timezone.localdate() + datetime.timedelta(days=20)
    given.save(update_fields=["expires_on"])
    client.force_login(case_worker)
    refused = refer(client, family.mother, city_a.cso, ["summary", "livelihood"], expires_on=_days(60))
    assert f"Access can last until {_days(20)} at the latest" in refused.content.decode()
    assert refer(client, family.mother, city_a.cso, ["summary", "livelihood"]).status_code == 302
    assert Referral.objects.get().expires_on == timezone.localdate() + datetime.timedelta(days=20)


def test_an_invited_organisation_stops_seeing_a_conference_after_the_sharing_period(
    client, family, coordinator, cso_partner, city_a, settings
):
    client.force_login(coordinator)
    when = timezone.localtime(timezone.now() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    data = {"scheduled_at": when, "place": "Room 4", "organisations": [city_a.cso.pk], "whole_household": "on"}
    assert client.post(reverse("conference_new", args=[family.mother.code]), data).status_code == 302
    conference = Conference.objects.get()
    client.force_login(cso_partner)
    assert client.get(reverse("conference", args=[conference.pk])).status_code == 200
    settings.HOMECOMING_CONFERENCE_SHARING_DAYS = 30
    conference.scheduled_at = timezone.now() - datetime.timedelta(days=31)
    conference.save(update_fields=["scheduled_at"])
    assert client.get(reverse("conference", args=[conference.pk])).status_code == 404
    assert policy.shared_with_invitee(conference, family.mother, city_a.cso) == frozenset()
