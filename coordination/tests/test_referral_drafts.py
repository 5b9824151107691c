"""Referral drafts kept in the session while consent is recorded (coordination/drafts.py)."""

import time

from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import QueryDict

from coordination import drafts


def _posted(what: str) -> QueryDict:
    data = QueryDict(mutable=True)
    data.update({"to_organisation": "3", "what": what, "csrfmiddlewaretoken": "x", "action": "record_consent"})
    data.setlist("categories", ["livelihood", "health"])
    return data


def test_a_draft_keeps_only_the_referral_fields_cut_to_size():
    draft = drafts.from_post(_posted("x" * 5000))
    assert set(draft) == {*drafts.FIELDS, "categories"}
    assert len(draft["what"]) == 600 and draft["categories"] == ["livelihood", "health"]


def test_a_session_keeps_the_newest_few_drafts_and_forgets_old_ones():
    session = SessionStore()
    tokens = [drafts.save(session, code="AAAA-BBBB", draft={"what": str(n)}, consented=()) for n in range(7)]
    assert list(session[drafts.SESSION_KEY]) == tokens[-drafts.KEEP :]
    session[drafts.SESSION_KEY][tokens[-1]]["saved_at"] = time.time() - drafts.MAX_AGE_SECONDS
    assert drafts.load(session, tokens[-1], code="AAAA-BBBB") is None
    assert drafts.load(session, tokens[-2], code="AAAA-BBBB")["fields"] == {"what": "5"}
    assert drafts.load(session, tokens[-2], code="CCCC-DDDD") is None  # another participant's address


def test_odd_tokens_find_nothing():
    session = SessionStore()
    drafts.save(session, code="AAAA-BBBB", draft={}, consented=())
    for odd in ("", None, "../x", "a" * 40, "ключ"):
        assert drafts.load(session, odd, code="AAAA-BBBB") is None


def test_new_consent_ticks_what_it_covers_and_nothing_it_does_not():
    entry = {"fields": {"categories": ["livelihood", "legal"]}, "consented": ["livelihood"]}
    assert drafts.categories_to_tick(entry, frozenset({"livelihood", "health"})) == ["health", "livelihood"]
    # Nothing new consented (the consent form was left): the ticks as they were.
    assert drafts.categories_to_tick(entry, frozenset({"livelihood"})) == ["legal", "livelihood"]
