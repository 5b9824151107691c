"""Who calls the API: a personal access token (``Authorization: Bearer hc_…``), acting as its
user in the membership it was made in. The session is ignored, so no cookie can act here."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from accounts import tokens
from accounts.models import AccessToken
from api.problems import Problem
from core.actor import Actor

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    openapi_description = "A personal access token from the account's API tokens page."

    def authenticate(self, request: HttpRequest, token: str) -> AccessToken | None:
        found = tokens.working(token)
        if found is None:
            return None
        _refuse_large_body(request)
        user = found.user
        if user.language:
            translation.activate(user.language)
        if request.method not in SAFE_METHODS and found.scope != AccessToken.Scope.WRITE:
            raise Problem(403, _("This token may only read. Make a token that may read and write."))
        request.user, request.membership = user, found.acting
        request.actor = Actor(user=user, membership=found.acting, request_id=getattr(request, "request_id", ""))
        return found


def _refuse_large_body(request: HttpRequest) -> None:
    """A body over HOMECOMING_API_MAX_BODY bytes is refused by its declared length, before it is read
    (here, since ninja's parser turns any error of its own into a 400)."""
    limit = settings.HOMECOMING_API_MAX_BODY
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > limit:
        raise Problem(413, _("The body is larger than %(limit)d bytes.") % {"limit": limit})


class TokenRateThrottle(SimpleRateThrottle):
    """HOMECOMING_API_RATE_PER_MINUTE requests per token (a sliding window in the shared cache);
    429 with Retry-After beyond it. The rate is read on each request, so a change needs no restart."""

    scope = "token"

    def __init__(self) -> None:
        super().__init__(self.get_rate())

    def get_rate(self) -> str:
        return f"{settings.HOMECOMING_API_RATE_PER_MINUTE}/m"

    def allow_request(self, request: HttpRequest) -> bool:
        self.num_requests, self.duration = self.parse_rate(self.get_rate())
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        return None if token is None else self.cache_format % {"scope": self.scope, "ident": token.pk}
