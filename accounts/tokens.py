"""Reading personal access tokens: which token a secret is, if it still works (issue 14).

Tokens are long and random, so a plain SHA-256 is enough to store them (no salt or slow hash):
a copy of the database does not let anyone use one.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.utils import timezone

from accounts.models import AccessToken
from directory.models import Membership

PREFIX = "hc_"
MAX_LIFETIME = datetime.timedelta(days=366)
# A use is written at most this often: the API does not write on every read.
USE_GRANULARITY = datetime.timedelta(minutes=1)


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def acting_membership(token: AccessToken) -> Membership | None:
    """The organisation and role a token acts in, while that membership is active (read with the
    token: Membership.objects.active()'s conditions, in Python)."""
    membership = token.membership
    if membership is None or not (membership.is_active and membership.organisation.is_active):
        return None
    return membership


def working(secret: str, *, scope: str = AccessToken.Scope.READ) -> AccessToken | None:
    """The token this secret is, if it is not revoked or expired, its user is active and has not
    signed out everywhere since, its membership is still active (``token.acting``), and its scope
    allows ``scope``; None otherwise (the API answers 401)."""
    if not secret or not secret.startswith(PREFIX):
        return None
    token = (
        AccessToken.objects.select_related("user", "membership__organisation__jurisdiction")
        .filter(digest=digest(secret))
        .first()
    )
    now = timezone.now()
    if (
        token is None
        or token.revoked_at is not None
        or token.expires_at <= now
        or not token.user.is_active
        or token.epoch != token.user.session_epoch
        or (scope == AccessToken.Scope.WRITE and token.scope != AccessToken.Scope.WRITE)
    ):
        return None
    token.acting = acting_membership(token)
    if token.acting is None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= USE_GRANULARITY:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
