"""An administrator sets a new password for someone else: within the password policy, to be changed
at the next sign-in; for someone who works with participants it waits for a second person.
(Ported from the Django admin's tests: homecoming/tests/test_admin.py, accounts/tests/test_second_person.py.)"""

import pytest
from django.urls import reverse

from core.models import AuditEvent

NEW_PASSWORD = "a-reset-passphrase-by-admin-9"


@pytest.fixture
def signed_in(client, administrator):
    client.force_login(administrator)
    return client


def _set(client, user, password=NEW_PASSWORD, again=None):
    url = reverse("administration_password", args=[user.pk])
    return client.post(url, {"password1": password, "password2": again or password})


def test_a_new_password_within_the_policy_must_be_changed_at_next_sign_in(signed_in, administrator, me_officer):
    too_short = _set(signed_in, me_officer, "short")
    assert too_short.status_code == 200
    assert "at least 12 characters" in too_short.content.decode()
    assert _set(signed_in, me_officer, NEW_PASSWORD, "another-one-entirely-5").status_code == 200
    assert _set(signed_in, me_officer).status_code == 302
    me_officer.refresh_from_db()
    assert me_officer.check_password(NEW_PASSWORD)
    assert me_officer.must_change_password
    event = AuditEvent.objects.get(action="auth.password_reset_by_administrator")
    assert (event.actor, event.object_ref) == (administrator, str(me_officer.pk))


def test_the_form_says_a_specialists_new_password_waits_for_a_second_person(signed_in, psychologist, me_officer):
    # That it does wait: accounts/tests/test_second_person.py.
    page = signed_in.get(reverse("administration_password", args=[psychologist.pk])).content.decode()
    assert "applies only once a second person confirms it" in page
    page = signed_in.get(reverse("administration_password", args=[me_officer.pk])).content.decode()
    assert "applies only once a second person confirms it" not in page


def test_an_administrator_does_not_set_their_own_password_here(signed_in, administrator):
    assert signed_in.get(reverse("administration_password", args=[administrator.pk])).status_code == 404
    assert _set(signed_in, administrator).status_code == 404
