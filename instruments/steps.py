"""One question per screen: the state of a step-by-step administration, read from the posted form.

Nothing is kept between steps on the server: every step posts the answers given so far in
hidden fields (never in the URL, which is logged), and only the final save stores them,
through the same action as the one-page form. Posted answers are checked on every step;
one that is not an answer option, or one for a question the instrument does not have, is
named and left out, and the other answers are kept.
"""

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _

from core import once
from instruments.definitions import Instrument, localised

PREFIX = "item_"


@dataclass
class Steps:
    instrument: Instrument
    language: str
    answers: dict[str, int] = field(default_factory=dict)
    position: int = 0  # index of the question shown; len(items) is the review
    from_review: bool = False  # changing one answer from the review: go back to it afterwards
    problems: list[str] = field(default_factory=list)
    once: str = field(default_factory=once.token)  # core/once.py: Back, then Save again, saves nothing twice

    @property
    def count(self) -> int:
        return len(self.instrument.items)

    @property
    def reviewing(self) -> bool:
        return self.position >= self.count

    @property
    def number(self) -> int:
        return self.position + 1

    @property
    def item(self) -> dict | None:
        return None if self.reviewing else self.instrument.items[self.position]

    @property
    def stem(self) -> str:
        return localised(self.instrument.stem, self.language) if self.instrument.stem.get("en") else ""

    @property
    def item_text(self) -> str:
        return localised(self.item["text"], self.language) if self.item else ""

    def options(self) -> list[dict]:
        chosen = self.answers.get(self.item["id"]) if self.item else None
        return [
            {
                "value": option["value"],
                "label": localised(option["label"], self.language),
                "chosen": option["value"] == chosen,
            }
            for option in self.instrument.options
        ]

    def hidden(self) -> list[tuple[str, int]]:
        """The answers so far, as the hidden fields of the next step."""
        return [(f"{PREFIX}{item_id}", value) for item_id, value in self.answers.items()]

    def review(self) -> list[dict]:
        labels = {option["value"]: localised(option["label"], self.language) for option in self.instrument.options}
        return [
            {
                "index": index,
                "id": item["id"],
                "text": localised(item["text"], self.language),
                "answer": labels.get(self.answers.get(item["id"])),
            }
            for index, item in enumerate(self.instrument.items)
        ]

    def all_answers(self) -> dict[str, int | None]:
        """Every item, None where skipped: the shape the one-page form hands to the action."""
        return {item_id: self.answers.get(item_id) for item_id in self.instrument.item_ids}

    def _value(self, raw: str) -> int | None:
        try:
            value = int(raw)
        except (TypeError, ValueError):
            return None
        return value if value in self.instrument.option_values else None

    def _position(self, raw) -> int:
        try:
            return min(max(int(raw), 0), self.count)
        except (TypeError, ValueError):
            return 0


def read(instrument: Instrument, language: str, data: QueryDict) -> Steps:
    """The state a step posted, with every tampered or unknown answer named in ``problems``."""
    steps = Steps(instrument, language, position=0, once=once.read(data))
    steps.position = steps._position(data.get("step"))
    steps.from_review = data.get("from_review") == "1"
    first_bad = None
    unknown = False
    for key in data:
        if not key.startswith(PREFIX):
            continue
        item_id = key.removeprefix(PREFIX)
        if item_id not in instrument.item_ids:
            unknown = True
            continue
        raw = data.get(key)
        if raw == "":
            continue  # skipped
        value = steps._value(raw)
        if value is None:
            index = instrument.item_ids.index(item_id)
            first_bad = index if first_bad is None else min(first_bad, index)
            steps.problems.append(
                _("The answer to question %(number)s was not one of its answer options, so it was left out.")
                % {"number": index + 1}
            )
            continue
        steps.answers[item_id] = value
    if unknown:
        steps.problems.append(
            _("The form held an answer to a question this instrument does not have; it was left out.")
        )
    # Keep the answers in the instrument's order, whatever order they were posted in.
    steps.answers = {i: steps.answers[i] for i in instrument.item_ids if i in steps.answers}
    if first_bad is not None:
        steps.position, steps.from_review = first_bad, False
    return steps


def advance(steps: Steps, data: QueryDict) -> str:
    """Applies the button pressed: returns "save", "stop" or "show" (show ``steps.position``)."""
    if "stop" in data:
        return "stop"
    if steps.problems:
        return "show"  # never move on, and never save, from a form that was tampered with
    if "goto" in data:
        steps.position = steps._position(data.get("goto"))
        steps.from_review = not steps.reviewing
        return "show"
    if "save" in data:
        if steps.reviewing:
            return "save"
        steps.position = steps.count
        return "show"
    if "back" in data:
        steps.position = max(steps.position - 1, 0)
        steps.from_review = False
        return "show"
    if steps.reviewing:
        return "show"
    item_id = steps.item["id"]
    if "skip" in data:
        steps.answers.pop(item_id, None)
    elif "answer" in data:
        value = steps._value(data.get("answer"))
        if value is None:
            steps.problems.append(
                _("That answer is not one of the answer options for question %(number)s. Please choose again.")
                % {"number": steps.number}
            )
            return "show"
        steps.answers[item_id] = value
        steps.answers = {i: steps.answers[i] for i in steps.instrument.item_ids if i in steps.answers}
    else:
        return "show"
    steps.position = steps.count if steps.from_review else steps.position + 1
    if steps.reviewing:
        steps.from_review = False
    return "show"
