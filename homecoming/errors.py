"""Error pages: plain, translated, and never a stack trace.

They cost as little, and the same, whatever record was asked for (the navigation's inbox count,
the dearest query of a page, is asked for by the browser after the page has loaded).

``service_unavailable`` is the page for a database that cannot answer (stopped, restarting,
unreachable, its disk full): status 503 with ``Retry-After``. It is rendered without a single
query, since the database is what failed: no session, no user, no membership, no inbox count.
It is reached three ways: a view's failure (ServiceUnavailableMiddleware), a middleware's (the
500 handler below), and a session that could not be saved (Django answers that as a bad request).
"""

import logging
import sqlite3
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from api import problems

logger = logging.getLogger("homecoming.errors")

# Seconds a client is asked to wait before trying again.
RETRY_AFTER = 30
# The API's clients read a problem (application/problem+json), not the page; what it says is the page's.
API_PREFIX = "/api/"
UNREACHABLE = gettext_noop(
    "Homecoming cannot reach its database just now. This is usually over within a minute or two."
)
DISK_FULL = gettext_noop(
    "The server has run out of storage space, so Homecoming cannot save anything just now. "
    "Please tell your administrator: it works again as soon as they have made room."
)

# PostgreSQL's error classes that mean "not now" rather than "wrong": the connection (08), the server
# shutting down or starting up (57P01-57P03), its resources (53: disk full, out of memory, too many
# connections), a transaction rolled back to be tried again (40: serialization failure, deadlock),
# a lock not available (55P03). A connection that fails before any answer carries no code at all.
_PG_TRANSIENT_CLASSES = ("08", "53", "40")
_PG_TRANSIENT_CODES = ("57P01", "57P02", "57P03", "55P03")
_PG_DISK_FULL = "53100"
# SQLite's primary result codes of the same kind: busy or locked, out of memory, read-only, an I/O
# error, the disk full, the file not openable, a locking protocol error. SQLITE_ERROR (a missing
# table, a syntax error) and SQLITE_CORRUPT stay server errors: trying again would not help.
_SQLITE_TRANSIENT = {5, 6, 7, 8, 10, 13, 14, 15}
_SQLITE_FULL = 13


def database_unavailable(error: BaseException | None) -> str:
    """Why the database could not do what was asked, when it is a matter of time or space: "disk_full"
    or "unavailable"; "" for every other error (a server error, shown as such)."""
    if isinstance(error, InterfaceError):
        return "unavailable"
    if not isinstance(error, OperationalError):
        return ""
    cause = error.__cause__
    if isinstance(cause, sqlite3.Error):
        code = getattr(cause, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        if primary == _SQLITE_FULL:
            return "disk_full"
        return "unavailable" if primary in _SQLITE_TRANSIENT else ""
    state = getattr(cause, "sqlstate", None)
    if state == _PG_DISK_FULL:
        return "disk_full"
    if state is None or state.startswith(_PG_TRANSIENT_CLASSES) or state in _PG_TRANSIENT_CODES:
        return "unavailable"
    return ""


def unavailable_in_chain(error: BaseException | None) -> tuple[str, BaseException | None]:
    """``database_unavailable`` of this error or of the one it was raised from or while handling:
    Django turns a failed session save into "the session was interrupted" (a bad request), raised
    while handling the database's own error."""
    seen = 0
    while error is not None and seen < 5:
        reason = database_unavailable(error)
        if reason:
            return reason, error
        error, seen = error.__cause__ or error.__context__, seen + 1
    return "", None


def _code(error: BaseException) -> str:
    """The database's own error code, for the log: a SQLSTATE or SQLite's error name, never its message."""
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) or getattr(cause, "sqlite_errorname", None) or "no-code"


def service_unavailable(request: HttpRequest, error: BaseException, reason: str) -> HttpResponse:
    """The calm page (to the API, a problem saying the same), status 503. Logged as one line of
    codes: the error's class and code, the request's method, path and id; never the error's message
    (it may quote a value) nor a traceback."""
    logger.warning(
        "Database unavailable (%s %s): %s %s answered 503 [request %s]",
        type(error.__cause__ or error).__name__,
        _code(error),
        request.method,
        request.path,
        getattr(request, "request_id", "-"),
    )
    if request.path.startswith(API_PREFIX):
        detail = DISK_FULL if reason == "disk_full" else UNREACHABLE
        response = problems.response(503, _(detail))
    else:
        response = HttpResponse(_calm_page(request, reason), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    # Set here: a failure in a middleware skips the inner ones, PrivateCacheMiddleware among them.
    patch_cache_control(response, no_store=True, private=True)
    # Logged above, without the traceback Django's request logger would add.
    response._has_been_logged = True
    return response


def _calm_page(request: HttpRequest, reason: str) -> str:
    # A plain context, no context processors: theirs read the session and the user.
    context = {
        "reason": reason,
        "request": request,
        "csrf_token": get_token(request),
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "LANGUAGE_CODE": translation.get_language(),
        "demo_instance": settings.HOMECOMING_DEMO,
        "hub_instance": settings.HOMECOMING_ROLE == "hub",
    }
    return render_to_string("homecoming/503.html", context)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    reason, error = unavailable_in_chain(exception)
    if error is not None:
        return service_unavailable(request, error, reason)
    return render(request, "homecoming/error.html", {"status": 400}, status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "homecoming/error.html", {"status": 403}, status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "homecoming/error.html", {"status": 404}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception, which is how a failure outside a view (a
    # middleware loading the session or the user from a database that is down) reaches the 503
    # page too; ServiceUnavailableMiddleware answers the same failure inside a view.
    reason, error = unavailable_in_chain(sys.exc_info()[1])
    if error is not None:
        return service_unavailable(request, error, reason)
    # No request context: the failure may have come from a context processor.
    return HttpResponse(render_to_string("homecoming/error_500.html"), status=500)
