"""Builders of screenings for tests, through the action the screening page uses (instruments/actions.py),
and what a page shows a person (visible_text)."""

import datetime
from html.parser import HTMLParser

from django.utils import timezone

from instruments.actions import record_administration
from instruments.definitions import Instrument, shipped
from instruments.models import Administration
from people.tests.builders import actor_of


def phq9_answers(total: int) -> dict:
    """PHQ-9 answers that add up to ``total`` (at most 24), item 9 always "Not at all": no safety flag."""
    answers, left = {}, total
    for item in range(1, 9):
        answers[str(item)] = min(3, left)
        left -= answers[str(item)]
    if left:
        raise ValueError("at most 24 without item 9")
    return answers | {"9": 0}


def screening(
    participant,
    *,
    by,
    answers: dict | None = None,
    instrument: Instrument | str = "phq9",
    administered_on: datetime.date | None = None,
    mode="paper",
) -> Administration:
    """A screening recorded by ``by``: scored on save and audited (a safety flag tells the team)."""
    instrument = shipped()[instrument] if isinstance(instrument, str) else instrument
    return record_administration(
        actor=actor_of(by),
        participant=participant,
        instrument=instrument,
        answers=phq9_answers(10) if answers is None else answers,
        administered_on=administered_on or timezone.localdate(),
        mode=mode,
    )


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0  # inside <head>, <script>, <style> or <template>: never on the screen

    def handle_starttag(self, tag, attrs) -> None:
        self.hidden += tag in ("head", "script", "style", "template")

    def handle_endtag(self, tag) -> None:
        self.hidden -= tag in ("head", "script", "style", "template")

    def handle_data(self, data) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The words of a page a person sees (its elements' text, not its attributes), spaces collapsed."""
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())
