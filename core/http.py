"""Reading parameters from a request: a value that does not parse is a calm 400, never a 500."""

from django.core.exceptions import BadRequest
from django.http import HttpRequest


def int_parameter(request: HttpRequest, name: str, *, default: int, low: int, high: int) -> int:
    """A whole number from the query string, kept between low and high; anything else is a 400."""
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    # str.isdigit() accepts "²" and other digits int() refuses: only ASCII digits here.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6:
        raise BadRequest(f"{name} must be a whole number")
    return min(max(int(raw), low), high)
