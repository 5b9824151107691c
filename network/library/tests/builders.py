"""Practices for tests, written by city A's network editor unless told otherwise."""

from __future__ import annotations

from core.actor import Actor
from network.library import actions, search
from network.library.models import Practice


def practice_fields(**overrides) -> dict:
    fields = {
        "title": "School enrolment with teacher preparation",
        "summary": "Children start school within a month, with teachers prepared beforehand.",
        "what_was_done": "Teachers met the psychologist before the first day; classes were chosen with the family.",
        "evidence_text": "Attendance records of the first term, read by the city's education department.",
        "phases": ["reintegration"],
        "target_groups": ["children_6_11"],
        "domains": ["education"],
    }
    return {**fields, **overrides}


def make_practice(
    editor, organisation, *, state: str = Practice.State.DRAFT, reviewer=None, shared: bool = False, **overrides
) -> Practice:
    practice = actions.draft_practice(
        actor=Actor.of(editor),
        city=organisation.jurisdiction,
        organisation=organisation,
        fields=practice_fields(**overrides),
    )
    if state == Practice.State.DRAFT:
        return practice
    changes = {"state": state, "shared_with_network": shared}
    if state == Practice.State.PUBLISHED:
        changes["reviewed_by"] = reviewer
    Practice.objects.filter(pk=practice.pk).update(**changes)
    practice.refresh_from_db()
    search.index(practice)
    return practice
