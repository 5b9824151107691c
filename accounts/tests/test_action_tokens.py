"""Personal access tokens: made and revoked by their owner, shown once, stored hashed, audited; a
token stops working when revoked, expired, its user deactivated or signed out everywhere, and a
read token cannot write."""

import datetime

import pytest
from django.utils import timezone

from accounts import actions, tokens
from accounts.models import AccessToken
from core.actor import Actor
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def made(user, scope="read", days=30):
    expires_on = timezone.localdate() + datetime.timedelta(days=days)
    actor = Actor.of(user, user.memberships.get())
    return actions.create_token(actor=actor, name="Services register", scope=scope, expires_on=expires_on)


def test_a_token_is_shown_once_stored_as_its_digest_and_audited(case_worker):
    token, secret = made(case_worker)
    assert secret.startswith("hc_") and len(secret) > 40
    assert token.digest == tokens.digest(secret) and secret not in {token.digest, token.prefix}
    assert token.prefix == secret[:10]
    assert AuditEvent.objects.filter(action="auth.token_created", object_ref=str(token.pk)).exists()
    assert tokens.working(secret) == token


@pytest.mark.parametrize("days", [0, -1, 367])
def test_a_token_expires_after_today_and_within_a_year(case_worker, days):
    with pytest.raises(actions.TokenRefused):
        made(case_worker, days=days)
    assert not AccessToken.objects.exists()


def test_an_unknown_scope_is_refused(case_worker):
    with pytest.raises(actions.TokenRefused):
        made(case_worker, scope="admin")


def test_a_read_token_cannot_write_and_a_write_token_can(case_worker):
    _read, read_secret = made(case_worker)
    _write, write_secret = made(case_worker, scope="write")
    assert tokens.working(read_secret, scope="write") is None
    assert tokens.working(write_secret, scope="write") is not None


def test_a_revoked_token_stops_working_and_only_its_owner_revokes_it(case_worker, coordinator):
    token, secret = made(case_worker)
    with pytest.raises(PermissionError):
        actions.revoke_token(actor=Actor.of(coordinator), token=token)
    assert tokens.working(secret) is not None
    actions.revoke_token(actor=Actor.of(case_worker), token=token)
    actions.revoke_token(actor=Actor.of(case_worker), token=token)
    assert tokens.working(secret) is None
    assert AuditEvent.objects.filter(action="auth.token_revoked").count() == 1


def test_an_expired_token_stops_working(case_worker):
    token, secret = made(case_worker)
    AccessToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert tokens.working(secret) is None


def test_deactivating_the_user_or_signing_out_everywhere_ends_the_token(case_worker, psychologist):
    _token, secret = made(case_worker)
    actions.sign_out_everywhere(actor=Actor.of(case_worker))
    assert tokens.working(secret) is None
    _token, other = made(psychologist)
    psychologist.is_active = False
    psychologist.save(update_fields=["is_active"])
    assert tokens.working(other) is None


@pytest.mark.parametrize("secret", ["", "hc_", "hc_not-a-token", "Bearer x", "x" * 10_000])
def test_anything_else_is_no_token(case_worker, secret):
    made(case_worker)
    assert tokens.working(secret) is None


def test_a_use_is_written_at_most_once_a_minute(case_worker, django_assert_num_queries):
    token, secret = made(case_worker)
    tokens.working(secret)
    with django_assert_num_queries(1):
        tokens.working(secret)
    AccessToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - datetime.timedelta(minutes=2))
    with django_assert_num_queries(2):
        tokens.working(secret)


def test_a_token_is_refused_to_someone_acting_in_no_organisation(outsider):
    with pytest.raises(actions.TokenRefused, match="Choose the organisation you act in first"):
        actions.create_token(
            actor=Actor.of(outsider), name="x", scope="read", expires_on=timezone.localdate() + datetime.timedelta(1)
        )
    assert not AccessToken.objects.exists()
