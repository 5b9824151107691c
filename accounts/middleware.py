import time

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.actor import Actor
from directory.models import Membership

ACTIVE_MEMBERSHIP_KEY = "homecoming_membership"
LAST_SEEN_KEY = "homecoming_last_seen"
# Set at sign-in (accounts.receivers): the session's absolute end is counted from it, since
# saving the session on activity moves its cookie expiry forward (ASVS 7.3.2).
SIGNED_IN_AT_KEY = "homecoming_signed_in_at"

# Paths a signed-in user may reach before choosing an organisation or enrolling a
# second factor: otherwise they could never get to the page that lets them do it.
_ALWAYS_OPEN = ("/account/", "/language/", "/static/", "/healthz", "/api/")


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class IdleTimeoutMiddleware:
    """Signs a user out after HOMECOMING_IDLE_TIMEOUT_MINUTES without a request, and
    HOMECOMING_SESSION_MAX_HOURS after signing in, however active they have been."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            signed_in_at = request.session.get(SIGNED_IN_AT_KEY)
            # A session without the stamp began before it existed: it ends too.
            if not isinstance(signed_in_at, int) or now - signed_in_at >= settings.SESSION_COOKIE_AGE:
                logout(request)
                hours = settings.SESSION_COOKIE_AGE // 3600
                messages.info(
                    request,
                    _("Your session has ended: sessions last at most %(hours)d hours. Please sign in again.")
                    % {"hours": hours},
                )
                return _redirect(request, f"{reverse('account_login')}?next={request.path}")
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.HOMECOMING_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("You were signed out after a period without activity. Please sign in again."))
                return _redirect(request, f"{reverse('account_login')}?next={request.path}")
            # Saving the session on every request would cost a write each time; a minute's
            # precision is plenty for a thirty-minute timeout.
            if last_seen is None or now - last_seen >= 60:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class UserLanguageMiddleware:
    """A signed-in user's chosen language wins over the browser's and the cookie's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and request.user.language:
            translation.activate(request.user.language)
            request.LANGUAGE_CODE = request.user.language
        return self.get_response(request)


class ActiveMembershipMiddleware:
    """Sets ``request.membership``: the organisation and role the user acts in now, and
    ``request.actor``: the same person as the actions take it.

    A user with several memberships picks one; until then only account pages open.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.memberships = []
        request.membership = None
        if request.user.is_authenticated:
            request.memberships = list(
                Membership.objects.active()
                .filter(user=request.user)
                .select_related("organisation__jurisdiction")
                .order_by("organisation__name", "role")
            )
            chosen = request.session.get(ACTIVE_MEMBERSHIP_KEY)
            request.membership = next((m for m in request.memberships if m.pk == chosen), None)
            if request.membership is None and len(request.memberships) == 1:
                request.membership = request.memberships[0]
        request.actor = Actor(
            user=request.user if request.user.is_authenticated else None,
            membership=request.membership,
            request_id=getattr(request, "request_id", ""),
        )
        if request.membership is None and len(request.memberships) > 1 and not request.path.startswith(_ALWAYS_OPEN):
            return _redirect(request, f"{reverse('choose_organisation')}?next={request.path}")
        return self.get_response(request)


def second_factor_required(user, memberships: list[Membership]) -> bool:
    required = set(settings.HOMECOMING_MFA_REQUIRED_ROLES)
    return any(m.role in required for m in memberships)


class RequireSecondFactorMiddleware:
    """Sends users of the roles that need a second factor to enrolment from every page."""

    _open_paths = (
        "/account/2fa/totp/activate/",
        "/account/reauthenticate/",
        "/account/logout/",
        "/static/",
        "/language/",
        # The API authenticates by token and ignores the session (issue 14).
        "/api/",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.user.is_authenticated
            and second_factor_required(request.user, request.memberships)
            and not request.path.startswith(self._open_paths)
            and not is_mfa_enabled(request.user)
        ):
            return _redirect(request, reverse("mfa_activate_totp"))
        return self.get_response(request)


class RequirePasswordChangeMiddleware:
    """After an administrator's password reset, the user changes it before anything else.

    After RequireSecondFactorMiddleware, and open on its pages: enrolment comes first."""

    _open_paths = (*RequireSecondFactorMiddleware._open_paths, "/account/password/change/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.user.is_authenticated
            and request.user.must_change_password
            and not request.path.startswith(self._open_paths)
        ):
            return _redirect(request, reverse("account_change_password"))
        return self.get_response(request)
