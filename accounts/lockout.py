"""Wrong second-factor codes and wrong current passwords count toward the sign-in lockout.

django-axes counts wrong passwords at sign-in (its authentication backend sees them). The
other places a signed-in or half-signed-in person proves who they are do not go through
``authenticate``, so they report their failures to axes here: the same counter, limit,
cool-off and lockout page (rendered by ``AxesMiddleware``), so that a lockout reads the
same wherever it happened and nobody learns which step failed.
"""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import logout
from django.http import HttpRequest


def _credentials(user) -> dict:
    return {"username": user.get_username()}


def _lock(request: HttpRequest, credentials: dict) -> None:
    request.axes_locked_out = True  # AxesMiddleware answers with the lockout page
    request.axes_credentials = credentials
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        logout(request)


def is_locked_out(request: HttpRequest, user) -> bool:
    """True when the account is locked out from here; the attempt counts as one more failure
    (as a password tried during a lockout does), and a signed-in user is signed out."""
    credentials = _credentials(user)
    if AxesProxyHandler.is_allowed(request, credentials):
        return False
    _lock(request, credentials)
    AxesProxyHandler.user_login_failed(sender=__name__, credentials=credentials, request=request)
    return True


def count_failure(request: HttpRequest, user) -> None:
    """One more failure for this account from here; at the limit, the lockout (audited by
    the axes signal) and, for a signed-in user, signing out."""
    credentials = _credentials(user)
    AxesProxyHandler.user_login_failed(sender=__name__, credentials=credentials, request=request)
    if getattr(request, "axes_locked_out", False):
        _lock(request, credentials)
