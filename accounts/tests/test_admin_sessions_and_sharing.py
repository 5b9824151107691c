"""An administrator signs someone out on every device, and allows or withdraws sharing beyond consent.
(Ported from the Django admin's tests: homecoming/tests/test_admin.py.)"""

from django.urls import reverse

from core.models import AuditEvent


def test_an_administrator_signs_someone_out_on_every_device(client, administrator, me_officer):
    before = me_officer.session_epoch
    client.force_login(administrator)
    url = reverse("administration_sign_out", args=[me_officer.pk])
    client.post(url)  # not confirmed
    me_officer.refresh_from_db()
    assert me_officer.session_epoch == before
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    me_officer.refresh_from_db()
    assert me_officer.session_epoch == before + 1
    assert AuditEvent.objects.get(action="auth.signed_out_by_administrator").object_ref == str(me_officer.pk)


def test_an_administrator_grants_and_withdraws_sharing_beyond_consent(client, administrator, case_worker):
    client.force_login(administrator)
    client.post(reverse("administration_override_consent_allow", args=[case_worker.pk]), {"confirm": "yes"})
    assert case_worker.has_perm("coordination.override_consent")
    page = client.get(reverse("administration_user", args=[case_worker.pk])).content.decode()
    assert "Withdraw sharing beyond consent" in page
    client.post(reverse("administration_override_consent_withdraw", args=[case_worker.pk]), {"confirm": "yes"})
    case_worker = type(case_worker).objects.get(pk=case_worker.pk)  # a fresh permission cache
    assert not case_worker.has_perm("coordination.override_consent")
    assert AuditEvent.objects.filter(action__startswith="permission.override_consent").count() == 2


def test_an_unconfirmed_grant_changes_nothing(client, administrator, case_worker):
    client.force_login(administrator)
    client.post(reverse("administration_override_consent_allow", args=[case_worker.pk]))
    assert not case_worker.has_perm("coordination.override_consent")
