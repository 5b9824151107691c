"""Sign-in lockouts for the administrator: who, from where, how many failures, when, and never
what axes keeps of the request (what was posted, the query); unlocking is audited."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from core.models import AuditEvent

URL = reverse("administration_lockouts")


@pytest.fixture
def attempt(db):
    return AccessAttempt.objects.create(
        username="a.me",
        ip_address="10.1.2.3",
        failures_since_start=5,
        user_agent="Agent-Secret-UA",
        get_data="next=/participants/HC-SECRET/",
        post_data="login=a.me\npassword=********\nnote=typed-by-mistake",
        http_accept="text/html",
        path_info="/account/login/",
    )


def test_the_list_shows_who_where_how_many_and_never_what_was_sent(client, administrator, attempt):
    client.force_login(administrator)
    page = client.get(URL).content.decode()
    for shown in ("a.me", "10.1.2.3", "locked out"):
        assert shown in page
    for hidden in ("Agent-Secret-UA", "HC-SECRET", "typed-by-mistake", "password="):
        assert hidden not in page


def test_the_list_is_searched_by_username_or_address(client, administrator, attempt):
    AccessAttempt.objects.create(username="b.other", ip_address="192.168.0.9", failures_since_start=1)
    client.force_login(administrator)
    assert [a.username for a in client.get(URL, {"q": "10.1"}).context["page"]] == ["a.me"]
    assert [a.username for a in client.get(URL, {"q": "OTHER"}).context["page"]] == ["b.other"]


def test_unlocking_deletes_the_attempt_and_is_audited_by_ids(client, administrator, me_officer, attempt):
    client.force_login(administrator)
    url = reverse("administration_lockout_clear", args=[attempt.pk])
    client.post(url)  # not confirmed
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    assert not AccessAttempt.objects.exists()
    event = AuditEvent.objects.get(action="auth.lockout_cleared")
    assert (event.actor, event.object_ref, event.reason) == (administrator, str(attempt.pk), f"user={me_officer.pk}")


def test_unlocking_one_attempt_leaves_the_others(client, administrator, attempt):
    nameless = AccessAttempt.objects.create(username=None, ip_address=None, failures_since_start=2)
    client.force_login(administrator)
    client.post(reverse("administration_lockout_clear", args=[nameless.pk]), {"confirm": "yes"})
    assert list(AccessAttempt.objects.all()) == [attempt]
