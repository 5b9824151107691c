"""Reading parameters from a request: a value that does not parse is a calm 400, never a 500."""

from django.core.exceptions import BadRequest
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

NOT_CONFIRMED = _("Nothing was changed: this step cannot be undone, so it must be confirmed.")


def int_parameter(request: HttpRequest, name: str, *, default: int, low: int, high: int) -> int:
    """A whole number from the query string, kept between low and high; anything else is a 400."""
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    # str.isdigit() accepts "²" and other digits int() refuses: only ASCII digits here.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6:
        raise BadRequest(f"{name} must be a whole number")
    return min(max(int(raw), low), high)


def confirmed(request: HttpRequest) -> bool:
    """An irreversible step's form (homecoming/_confirm.html) says what will happen and posts confirm=yes;
    a post without it (an old form, a script) changes nothing."""
    return request.POST.get("confirm") == "yes"


def safe_next(request: HttpRequest, value: str | None) -> str:
    """A ``next`` address to return to, if it stays on this site (a path here, no other host or
    scheme): "" otherwise, so that no link can send a signed-in user elsewhere (no open redirect)."""
    if not value or not value.startswith("/") or value.startswith("//"):
        return ""
    safe = url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return value if safe else ""
