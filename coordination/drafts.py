"""A referral started and not sent yet, kept while the user records consent for it.

The draft is kept in the user's session, on the server, not in the address: the free text
("what is asked") would otherwise travel in URLs, into access logs, browser history and
Referer headers, and a signed value is readable by anyone who sees it. The session is the
user's own, ends with the sign-in, and holds only what the user typed into an unsent form.
Nothing here is logged.
"""

import secrets
import time
from collections.abc import Iterable, Mapping

from django.contrib.sessions.backends.base import SessionBase

SESSION_KEY = "referral_drafts"
# A few at once (two tabs, two participants); the oldest goes first.
KEEP = 5
# Longer than any consent conversation, shorter than a working week.
MAX_AGE_SECONDS = 24 * 3600
# What the referral form posts, and the most of it that is kept (the form's own limits, plus room).
FIELDS = {
    "to_organisation": 20,
    "domain": 20,
    "what": 600,
    "urgency": 20,
    "lawful_basis": 40,
    "expires_on": 20,
}
MAX_CATEGORIES = 20
TOKEN_BYTES = 9


def from_post(data) -> dict:
    """The referral form's fields as posted, as strings, cut to size; unknown fields are left out."""
    draft: dict = {name: str(data.get(name, ""))[:limit] for name, limit in FIELDS.items()}
    draft["categories"] = [str(c)[:40] for c in data.getlist("categories")[:MAX_CATEGORIES]]
    return draft


def valid_token(token: str | None) -> str:
    """The token if it has the shape of one this module makes, else ""."""
    token = token or ""
    ok = 0 < len(token) <= 24 and all(c.isascii() and (c.isalnum() or c in "-_") for c in token)
    return token if ok else ""


def save(session: SessionBase, *, code: str, draft: Mapping, consented: Iterable[str], token: str = "") -> str:
    """Keeps the draft of a referral for the participant with this code, with the categories
    consent covered when it was kept; the token to find it again (``token`` to replace one)."""
    token = valid_token(token) or secrets.token_urlsafe(TOKEN_BYTES)
    now = time.time()
    kept = {
        key: value
        for key, value in session.get(SESSION_KEY, {}).items()
        if key != token and now - value.get("saved_at", 0) < MAX_AGE_SECONDS
    }
    newest = sorted(kept.items(), key=lambda item: item[1].get("saved_at", 0))[-(KEEP - 1) :]
    entry = {"code": code, "fields": dict(draft), "consented": sorted(consented), "saved_at": now}
    session[SESSION_KEY] = {**dict(newest), token: entry}
    return token


def load(session: SessionBase, token: str | None, *, code: str) -> dict | None:
    """The draft kept under this token for this participant, or None (unknown, another
    participant's, or too old)."""
    entry = session.get(SESSION_KEY, {}).get(valid_token(token))
    if not entry or entry.get("code") != code or time.time() - entry.get("saved_at", 0) >= MAX_AGE_SECONDS:
        return None
    return entry


def drop(session: SessionBase, token: str | None) -> None:
    """Forgets a draft (the referral was sent)."""
    drafts = session.get(SESSION_KEY, {})
    if valid_token(token) in drafts:
        drafts = dict(drafts)
        del drafts[token]
        session[SESSION_KEY] = drafts


def categories_to_tick(entry: Mapping, consented_now: frozenset[str]) -> list[str]:
    """What the restored form ticks. When consent for the organisation grew since the draft was
    kept, the newly consented categories are ticked too, and only consented ones stay ticked;
    otherwise (the consent form was left without recording) the draft's ticks, as they were."""
    ticked = set(entry["fields"].get("categories", ()))
    newly = consented_now - set(entry.get("consented", ()))
    if not newly:
        return sorted(ticked)
    return sorted((ticked | newly) & consented_now)
