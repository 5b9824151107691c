"""An administrator removes a lost second factor: at once for someone who sees nobody, held for a
second person for someone who works with participants.
(Ported from the Django admin's tests: homecoming/tests/test_admin.py, accounts/tests/test_second_person.py.)"""

from allauth.mfa.models import Authenticator
from django.urls import reverse

from conftest import make_user
from core.models import AuditEvent
from directory.models import Role


def _remove(client, user, **body):
    return client.post(reverse("administration_second_factor_remove", args=[user.pk]), body)


def test_a_lost_second_factor_of_someone_who_sees_nobody_is_removed_at_once(client, administrator, city_a):
    officer = make_user("a.me-with-app", organisation=city_a.social, role=Role.ME_OFFICER, totp=True)
    client.force_login(administrator)
    assert _remove(client, officer).status_code == 302  # not confirmed: nothing changes
    assert Authenticator.objects.filter(user=officer).exists()
    assert _remove(client, officer, confirm="yes").status_code == 302
    assert not Authenticator.objects.filter(user=officer).exists()
    assert AuditEvent.objects.filter(action="mfa.reset_by_administrator", object_ref=str(officer.pk)).exists()


def test_the_user_page_offers_the_removal_only_to_someone_with_a_second_factor(
    client, administrator, me_officer, coordinator
):
    client.force_login(administrator)
    assert (
        "Remove the second factor"
        not in client.get(reverse("administration_user", args=[me_officer.pk])).content.decode()
    )
    assert (
        "Remove the second factor" in client.get(reverse("administration_user", args=[coordinator.pk])).content.decode()
    )


def test_an_administrator_does_not_remove_their_own_second_factor_here(client, administrator):
    client.force_login(administrator)
    assert _remove(client, administrator, confirm="yes").status_code == 404
