"""A form saved once, however often it is sent.

Back after Save shows the filled-in form again (the browser keeps it), and Save then stores a second
copy. Each form shown carries a random token; what it saved is remembered against the token in the
user's session, so that sending it again leads to what was saved instead of a copy. Only the token
and a local URL are kept, never an answer."""

import re
import secrets

from django.http import HttpRequest

FIELD = "once"
SESSION_KEY = "saved_once"
KEEP = 50  # the most recent forms a user might go back to
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def token() -> str:
    return secrets.token_urlsafe(16)


def read(data) -> str:
    """The token a form posted, or a new one when it posted none or a malformed one."""
    posted = data.get(FIELD, "")
    return posted if TOKEN.fullmatch(posted) else token()


def saved(request: HttpRequest, form_token: str) -> str | None:
    """Where what this form already saved can be seen, or None if it saved nothing yet."""
    return request.session.get(SESSION_KEY, {}).get(form_token)


def remember(request: HttpRequest, form_token: str, url: str) -> None:
    remembered = request.session.get(SESSION_KEY, {})
    remembered[form_token] = url
    request.session[SESSION_KEY] = dict(list(remembered.items())[-KEEP:])
