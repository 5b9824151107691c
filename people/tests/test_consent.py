import datetime

from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from people.actions import record_consent
from people.models import Consent
from people.tests.builders import actor_of


def _record(client, participant, **overrides):
    data = {
        "categories": ["summary", "livelihood"],
        "recipient_organisation": "",
        "recipient_kind": "cso",
        "purpose": "referral",
        "given_by": "participant",
        "given_on": timezone.localdate().isoformat(),
        "expires_on": "",
        **overrides,
    }
    return client.post(reverse("consent_new", args=[participant.code]), data)


def test_the_lead_records_a_participants_consent(client, family, case_worker, city_a):
    client.force_login(case_worker)
    response = _record(client, family.mother, recipient_kind="", recipient_organisation=city_a.cso.pk)
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.categories == ["livelihood", "summary"]
    assert consent.covers(city_a.cso, "livelihood")
    assert not consent.covers(city_a.cso, "health")
    assert not consent.covers(city_a.police, "livelihood")
    assert AuditEvent.objects.filter(action="consent.recorded", object_ref=family.mother.code).exists()


def test_the_page_summarises_consent_in_plain_language(client, family, case_worker):
    client.force_login(case_worker)
    _record(client, family.mother)
    page = client.get(reverse("participant", args=[family.mother.code])).content.decode()
    assert "the participant agreed that" in page
    assert "may be shared with any civil-society organisation for referral to a service" in page


def test_a_childs_consent_is_given_by_a_guardian(client, family, case_worker):
    client.force_login(case_worker)
    refused = _record(client, family.son, given_by="participant")
    assert "For a child, consent is given by a guardian." in refused.content.decode()
    missing = _record(client, family.son, given_by="guardian")
    assert "Choose the guardian" in missing.content.decode()
    assert _record(client, family.son, given_by="guardian", guardian=family.mother.pk).status_code == 302
    assert Consent.objects.get().guardian == family.mother


def test_a_child_cannot_be_chosen_as_guardian(client, family, case_worker):
    client.force_login(case_worker)
    response = _record(client, family.son, given_by="guardian", guardian=family.daughter.pk)
    assert response.status_code == 200
    assert not Consent.objects.exists()


def test_one_recipient_is_needed(client, family, case_worker, city_a):
    client.force_login(case_worker)
    both = _record(client, family.mother, recipient_organisation=city_a.cso.pk, recipient_kind="cso")
    assert "Choose either one organisation or a kind" in both.content.decode()
    neither = _record(client, family.mother, recipient_kind="")
    assert "Choose either one organisation or a kind" in neither.content.decode()


def test_withdrawn_consent_takes_effect_at_once_and_history_is_kept(client, family, case_worker, city_a):
    client.force_login(case_worker)
    _record(client, family.mother)
    consent = Consent.objects.get()
    assert consent.covers(city_a.cso, "livelihood")
    response = client.post(reverse("consent_withdraw", args=[family.mother.code, consent.pk]))
    assert response.status_code == 302
    consent.refresh_from_db()
    assert not consent.covers(city_a.cso, "livelihood")
    assert consent.history.count() == 2
    assert AuditEvent.objects.filter(action="consent.withdrawn").exists()
    page = client.get(reverse("participant", args=[family.mother.code])).content.decode()
    assert "withdrawn" in page


def test_expired_consent_no_longer_covers(family, case_worker, city_a):
    consent = record_consent(
        actor=actor_of(case_worker),
        participant=family.mother,
        data={
            "categories": ["summary"],
            "recipient_organisation": city_a.cso,
            "purpose": "referral",
            "given_by": "participant",
            "given_on": timezone.localdate(),
            "expires_on": timezone.localdate() + datetime.timedelta(days=29),
        },
    )
    assert consent.covers(city_a.cso, "summary")
    # A month on: the consent was given 30 days ago and ended yesterday.
    Consent.objects.filter(pk=consent.pk).update(
        given_on=timezone.localdate() - datetime.timedelta(days=30),
        expires_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    consent.refresh_from_db()
    assert not consent.covers(city_a.cso, "summary")


def test_a_psychologist_does_not_manage_consent(client, family, psychologist):
    client.force_login(psychologist)
    assert client.get(reverse("consent_new", args=[family.mother.code])).status_code == 404
