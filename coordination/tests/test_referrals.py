import datetime

from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from casework.tests.builders import milestone
from coordination.models import Referral
from coordination.tests.helpers import consent, refer
from core.models import AuditEvent
from notices.models import Notice
from people.actions import withdraw_consent
from people.tests.builders import actor_of


def test_case_worker_refers_within_consent(client, family, case_worker, city_a):
    consent(family.mother, city_a.cso, ["livelihood", "summary"], recorded_by=case_worker)
    client.force_login(case_worker)
    response = refer(client, family.mother, city_a.cso, ["livelihood", "summary"])
    referral = Referral.objects.get()
    assert response.url == reverse("referral", args=[referral.pk])
    assert referral.categories == ["livelihood", "summary"] and referral.override_categories == []
    assert referral.status == "sent" and referral.from_organisation == city_a.social
    assert AuditEvent.objects.filter(action="referral.sent", object_ref=family.mother.code).exists()


def test_forged_override_without_the_permission_is_rejected_with_no_change(client, family, case_worker, city_a):
    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker)
    client.force_login(case_worker)
    response = refer(client, family.mother, city_a.cso, ["livelihood", "health"], lawful_basis="court_order")
    assert response.status_code == 403
    assert "Not covered by the participant" in response.content.decode()
    assert not Referral.objects.exists()
    assert AuditEvent.objects.filter(action="referral.override_refused", reason="categories=health").exists()


def test_nothing_is_shared_without_consent_when_no_basis_is_given(client, family, coordinator, city_a):
    client.force_login(coordinator)
    response = refer(client, family.mother, city_a.cso, ["livelihood"])
    assert response.status_code == 200
    assert "lawful basis" in response.content.decode()
    assert not Referral.objects.exists()


def test_coordinator_shares_beyond_consent_on_a_recorded_lawful_basis(client, family, coordinator, city_a):
    client.force_login(coordinator)
    response = refer(client, family.mother, city_a.police, ["summary"], lawful_basis="child_protection")
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.override_categories == ["summary"] and referral.lawful_basis == "child_protection"
    event = AuditEvent.objects.get(action="referral.sent")
    assert "beyond_consent=summary basis=child_protection" in event.reason


def test_identity_is_never_offered_for_a_referral(client, family, coordinator, city_a):
    client.force_login(coordinator)
    response = refer(client, family.mother, city_a.cso, ["identity"], lawful_basis="court_order")
    assert response.status_code == 200
    assert not Referral.objects.exists()


def test_the_form_marks_what_is_consented_for_the_chosen_organisation(client, family, case_worker, city_a):
    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker)
    client.force_login(case_worker)
    url = reverse("referral_new", args=[family.mother.code])
    page = client.get(url, {"to_organisation": city_a.cso.pk}).content.decode()
    assert page.count("consented</span>") == 1
    fragment = client.get(url, {"to_organisation": city_a.cso.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith("<fieldset") and "consented</span>" in fragment


def test_partner_sees_only_the_consented_categories(client, referred, cso_partner):
    client.force_login(cso_partner)
    page = client.get(reverse("referral", args=[referred.pk])).content.decode()
    assert referred.participant.code in page
    assert "Sews well" in page and "Steady work near home" in page  # livelihood
    assert "Talks to her sister" not in page and "Sleep through the night" not in page  # mental health
    assert "PHQ" not in page  # screenings are health
    assert "Age band" not in page  # no summary consent
    assert AuditEvent.objects.filter(action="referral.viewed").exists()
    assert client.get(reverse("participant", args=[referred.participant.code])).status_code == 404


def test_partner_sees_the_outcome_milestones_of_the_consented_categories_only(
    client, referred, cso_partner, case_worker
):
    mother = referred.participant
    milestone(mother, "employed", by=case_worker, reached_on=datetime.date(2026, 5, 4), note="Bakery, mornings")
    milestone(mother, "stable_housing", by=case_worker, reached_on=datetime.date(2026, 3, 1))  # needs and plan
    client.force_login(cso_partner)
    page = client.get(reverse("referral", args=[referred.pk])).content.decode()
    assert "In employment · 4 May 2026" in page  # livelihood was consented
    assert "Stable housing" not in page
    assert "Bakery" not in page  # a milestone's note stays with the case team


def test_partner_accepts_records_a_service_and_marks_done(client, referred, cso_partner, case_worker):
    client.force_login(cso_partner)
    assert client.post(reverse("referral_answer", args=[referred.pk]), {"decision": "accept"}).status_code == 302
    response = client.post(
        reverse("referral_service", args=[referred.pk]),
        {"given_on": "2026-11-20", "description": "Two sessions on CV writing"},
    )
    assert response.status_code == 302
    assert client.post(reverse("referral_done", args=[referred.pk]), {"confirm": "yes"}).status_code == 302
    referred.refresh_from_db()
    assert referred.status == "done"
    assert list(referred.events.values_list("status", flat=True)) == ["sent", "accepted", "done"]
    assert {"referral.accepted", "referral.service_recorded", "referral.done"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )
    statuses = Notice.objects.filter(recipient=case_worker, kind="referral").values_list("data__status", flat=True)
    assert set(statuses) == {"accepted", "done"}
    client.force_login(case_worker)
    page = client.get(reverse("referral", args=[referred.pk])).content.decode()
    assert "Two sessions on CV writing" in page and "Done" in page


def test_partner_loses_access_when_the_referral_is_done(client, referred, cso_partner):
    client.force_login(cso_partner)
    client.post(reverse("referral_answer", args=[referred.pk]), {"decision": "accept"})
    client.post(reverse("referral_done", args=[referred.pk]), {"confirm": "yes"})
    page = client.get(reverse("referral", args=[referred.pk])).content.decode()
    assert "Sews well" not in page and "no longer shared" in page


def test_partner_loses_access_when_the_referral_is_revoked(client, referred, cso_partner, case_worker):
    client.force_login(case_worker)
    assert client.post(reverse("referral_revoke", args=[referred.pk]), {"confirm": "yes"}).status_code == 302
    client.force_login(cso_partner)
    page = client.get(reverse("referral", args=[referred.pk])).content.decode()
    assert "Sews well" not in page
    assert client.post(reverse("referral_answer", args=[referred.pk]), {"decision": "accept"}).status_code == 403


def test_declining_needs_a_reason_and_ends_access(client, referred, cso_partner):
    client.force_login(cso_partner)
    client.post(reverse("referral_answer", args=[referred.pk]), {"decision": "decline"})
    referred.refresh_from_db()
    assert referred.status == "sent"
    client.post(reverse("referral_answer", args=[referred.pk]), {"decision": "decline", "reason": "no_capacity"})
    referred.refresh_from_db()
    assert referred.status == "declined" and referred.decline_reason == "no_capacity"
    assert "Sews well" not in client.get(reverse("referral", args=[referred.pk])).content.decode()


def test_withdrawn_consent_ends_sharing_at_once(client, referred, cso_partner, case_worker):
    for given in referred.participant.consents.all():
        withdraw_consent(actor=actor_of(case_worker), consent=given)
    client.force_login(cso_partner)
    page = client.get(reverse("referral", args=[referred.pk])).content.decode()
    assert "Sews well" not in page and "Steady work" not in page


def test_an_expired_referral_loses_access_with_the_daily_command(client, referred, cso_partner, case_worker):
    Referral.objects.filter(pk=referred.pk).update(expires_on="2026-01-01")
    call_command("send_reminders")
    referred.refresh_from_db()
    assert referred.status == "expired"
    assert Notice.objects.filter(recipient=case_worker, data__status="expired").exists()
    client.force_login(cso_partner)
    assert "Sews well" not in client.get(reverse("referral", args=[referred.pk])).content.decode()


def test_the_daily_command_expires_referrals_as_the_system_with_no_person_in_the_audit(referred):
    Referral.objects.filter(pk=referred.pk).update(expires_on="2026-01-01")
    call_command("send_reminders")
    event = AuditEvent.objects.get(action="referral.expired")
    assert event.actor is None and event.organisation is None
    assert event.object_ref == referred.participant.code and f"referral={referred.pk}" in event.reason
    assert referred.events.get(status="expired").by is None


def test_another_partner_cannot_open_the_referral(client, referred, police_partner, other_coordinator):
    for user in (police_partner, other_coordinator):
        client.force_login(user)
        assert client.get(reverse("referral", args=[referred.pk])).status_code == 404
        assert client.post(reverse("referral_answer", args=[referred.pk]), {"decision": "accept"}).status_code == 404


def test_police_partner_without_a_referral_gets_404_everywhere(client, family, police_partner):
    client.force_login(police_partner)
    code = family.mother.code
    for name in ("participant", "referral_new", "transfer_new", "consent_new", "screening_new"):
        args = [code, "phq9"] if name == "screening_new" else [code]
        assert client.get(reverse(name, args=args)).status_code == 404, name
    assert client.post(reverse("reveal_identity", args=[code]), {"reason": "check"}).status_code == 404
    assert client.get(reverse("participant_list")).status_code == 404
    assert code not in client.get(reverse("inbox")).content.decode()


def test_police_partner_sees_only_the_referral_addressed_to_them(client, family, coordinator, police_partner, city_a):
    client.force_login(coordinator)
    refer(client, family.son, city_a.police, ["summary"], lawful_basis="child_protection")
    referral = Referral.objects.get()
    client.force_login(police_partner)
    assert family.son.code in client.get(reverse("inbox")).content.decode()
    page = client.get(reverse("referral", args=[referral.pk])).content.decode()
    assert "Age band" in page
    assert client.get(reverse("participant", args=[family.son.code])).status_code == 404
    assert family.mother.code not in page


def test_specialists_do_notrefer(client, family, psychologist, city_a):
    client.force_login(psychologist)
    assert client.get(reverse("referral_new", args=[family.mother.code])).status_code == 404


def test_a_case_worker_given_the_permission_may_share_beyond_consent(client, family, case_worker, city_a):
    case_worker.user_permissions.add(Permission.objects.get(codename="override_consent"))
    client.force_login(case_worker)
    response = refer(client, family.mother, city_a.police, ["summary"], lawful_basis="legal_obligation")
    assert response.status_code == 302
    assert Referral.objects.get().override_categories == ["summary"]


def test_a_service_without_a_description_is_refused_and_keeps_the_date(client, referred, cso_partner):
    client.force_login(cso_partner)
    client.post(reverse("referral_answer", args=[referred.pk]), {"decision": "accept"})
    response = client.post(reverse("referral_service", args=[referred.pk]), {"given_on": "2026-11-20"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required" in page and 'value="2026-11-20"' in page
    assert not referred.services_given.exists()
