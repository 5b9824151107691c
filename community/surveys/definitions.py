"""Community perception surveys as data: one JSON file each, checked against a schema when loaded.

Like the screening instruments (instruments/definitions.py), a definition that does not pass is
refused whole, with every problem named. A survey's scales are scored the same way: the mean of the
answered items (reverse-worded ones turned round), mapped linearly to 0-100, and only when enough
items were answered. The loader is small and our own: surveys have no screening bands, no age range
and no change figures, and they say whether they are validated at all.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _

SHIPPED = Path(__file__).resolve().parent / "definitions"
LANGUAGES = ("en", "ru", "kk")
MAX_ITEMS = 60


class DefinitionError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def localised(texts: dict, language: str) -> str:
    """A survey's text in the language asked for, else the English original."""
    return texts.get(language) or texts["en"]


@dataclass(frozen=True)
class Survey:
    code: str
    name: str
    version: str
    validated: bool
    stem: dict
    options: tuple[dict, ...]
    items: tuple[dict, ...]
    scales: tuple[dict, ...]
    headline: str
    licence: dict
    source: str
    languages: dict
    raw: dict = field(repr=False, compare=False)

    @property
    def item_ids(self) -> list[str]:
        return [item["id"] for item in self.items]

    @property
    def option_values(self) -> list[int]:
        return [option["value"] for option in self.options]

    def display_language(self) -> str:
        """The reader's language when the survey has texts in it, else English."""
        language = (get_language() or "en")[:2]
        return language if language in self.languages else "en"

    def language_validated(self, language: str) -> bool:
        return self.validated and bool(self.languages.get(language, {}).get("validated"))

    def score(self, answers: dict[str, int]) -> tuple[float | None, dict[str, float | None]]:
        """The headline score and every scale's score (0-100, None when too few items were
        answered) for one respondent's answers (item id -> option value, skipped items left out)."""
        low, high = min(self.option_values), max(self.option_values)
        reverse = {item["id"] for item in self.items if item.get("reverse")}
        scores: dict[str, float | None] = {}
        for scale in self.scales:
            values = [
                low + high - answers[item_id] if item_id in reverse else answers[item_id]
                for item_id in scale["items"]
                if answers.get(item_id) is not None
            ]
            if len(values) < scale["scoring"]["min_answered"]:
                scores[scale["id"]] = None
                continue
            mean = sum(values) / len(values)
            scores[scale["id"]] = round((mean - low) / (high - low) * 100, 2)
        return scores[self.headline], scores


def _has_english(value) -> bool:
    return isinstance(value, dict) and isinstance(value.get("en"), str) and bool(value["en"].strip())


def _texts_problems(what: str, texts, languages: list[str]) -> list[str]:
    if not _has_english(texts):
        return [_("%(what)s has no English text.") % {"what": what}]
    problems = []
    if not all(isinstance(text, str) and text.strip() for text in texts.values()):
        problems.append(_("%(what)s has a text that is empty or not a string.") % {"what": what})
    missing = [language for language in languages if language not in texts]
    if missing:
        problems.append(_("%(what)s has no text in: %(languages)s.") % {"what": what, "languages": ", ".join(missing)})
    return problems


def _list_of_objects(data: dict, key: str, problems: list[str]) -> list[dict]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(entry, dict) for entry in value):
        problems.append(_("“%(key)s” must be a non-empty list of objects.") % {"key": key})
        return []
    return value


def _head_problems(data: dict) -> list[str]:
    problems = []
    for key in ("code", "name", "version", "headline"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            problems.append(_("“%(key)s” is missing or is not a text.") % {"key": key})
    if not isinstance(data.get("validated"), bool):
        problems.append(_("“validated” must be true or false."))
    licence = data.get("licence")
    if not isinstance(licence, dict) or not isinstance(licence.get("text"), str) or not licence["text"].strip():
        problems.append(_("The licence text is missing."))
    if not isinstance(data.get("source"), str) or not data["source"].strip():
        problems.append(_("“source” is missing: say where the survey comes from."))
    return problems


def _language_problems(languages) -> list[str]:
    if not isinstance(languages, dict) or not languages:
        return [_("“languages” must be an object of languages.")]
    problems = []
    if "en" not in languages:
        problems.append(_("English must be one of the languages."))
    for code, entry in languages.items():
        if code not in LANGUAGES:
            problems.append(_("Unknown language “%(code)s”.") % {"code": code})
        if not isinstance(entry, dict) or not isinstance(entry.get("validated"), bool):
            problems.append(_("Language “%(code)s” needs “validated”: true or false.") % {"code": code})
    return problems


def _option_problems(options: list[dict], languages: list[str]) -> list[str]:
    problems = []
    values = [option.get("value") for option in options]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values) or len(set(values)) != len(values):
        problems.append(_("Each answer option needs a whole-number value, and values must differ."))
    elif len(values) < 2:
        problems.append(_("A survey needs at least two answer options."))
    for number, option in enumerate(options, start=1):
        problems += _texts_problems(_("Answer option %(number)s") % {"number": number}, option.get("label"), languages)
    return problems


def _item_problems(items: list[dict], languages: list[str]) -> list[str]:
    problems = []
    if len(items) > MAX_ITEMS:
        problems.append(_("A survey may have at most %(count)s items.") % {"count": MAX_ITEMS})
    ids = [item.get("id") for item in items]
    if not all(isinstance(i, str) and i.strip() for i in ids) or len(set(ids)) != len(ids):
        problems.append(_("Item ids must be unique, non-empty texts."))
    for number, item in enumerate(items, start=1):
        problems += _texts_problems(_("Item %(number)s") % {"number": number}, item.get("text"), languages)
        if not isinstance(item.get("reverse"), bool):
            problems.append(_("Item %(number)s: “reverse” must be true or false.") % {"number": number})
    return problems


def _scale_problems(scales: list[dict], item_ids: list, languages: list[str], headline) -> list[str]:
    problems = []
    scale_ids = [scale.get("id") for scale in scales]
    if not all(isinstance(i, str) and i.strip() for i in scale_ids) or len(set(scale_ids)) != len(scale_ids):
        problems.append(_("Scale ids must be unique, non-empty texts."))
    for number, scale in enumerate(scales, start=1):
        problems += _texts_problems(_("Scale %(number)s") % {"number": number}, scale.get("name"), languages)
        members = scale.get("items")
        if not isinstance(members, list) or not members:
            problems.append(_("Scale %(number)s needs a list of items.") % {"number": number})
            continue
        unknown = [str(i) for i in members if i not in item_ids]
        if unknown:
            problems.append(
                _("Scale %(number)s names unknown items: %(items)s.") % {"number": number, "items": ", ".join(unknown)}
            )
        scoring = scale.get("scoring")
        if not isinstance(scoring, dict) or scoring.get("method") != "mean":
            problems.append(_("Scale %(number)s: “scoring.method” must be “mean”.") % {"number": number})
            continue
        least = scoring.get("min_answered")
        if not isinstance(least, int) or isinstance(least, bool) or not 1 <= least <= len(members):
            problems.append(
                _("Scale %(number)s: “scoring.min_answered” must be a whole number from 1 to its number of items.")
                % {"number": number}
            )
    if isinstance(headline, str) and headline not in scale_ids:
        problems.append(_("The headline “%(headline)s” is not one of the scales.") % {"headline": headline})
    return problems


def parse(data) -> Survey:
    """Checks one definition and returns it; raises DefinitionError naming every problem."""
    if not isinstance(data, dict):
        raise DefinitionError([_("A definition is a JSON object.")])
    problems = _head_problems(data)
    languages = data.get("languages")
    problems += _language_problems(languages)
    codes = [code for code in languages if code in LANGUAGES] if isinstance(languages, dict) else ["en"]
    if "stem" in data:
        problems += _texts_problems(_("The stem"), data["stem"], codes)
    options = _list_of_objects(data, "options", problems)
    problems += _option_problems(options, codes)
    items = _list_of_objects(data, "items", problems)
    problems += _item_problems(items, codes)
    scales = _list_of_objects(data, "scales", problems)
    problems += _scale_problems(scales, [item.get("id") for item in items], codes, data.get("headline"))
    if problems:
        raise DefinitionError(problems)
    return Survey(
        code=data["code"],
        name=data["name"],
        version=data["version"],
        validated=data["validated"],
        stem=data.get("stem", {}),
        options=tuple(options),
        items=tuple(items),
        scales=tuple(scales),
        headline=data["headline"],
        licence=data["licence"],
        source=data["source"],
        languages=languages,
        raw=data,
    )


def load(path: Path) -> Survey:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DefinitionError([_("Not valid JSON: %(error)s.") % {"error": error}]) from None
    survey = parse(data)
    if survey.code != Path(path).stem:
        raise DefinitionError([_("The file of “%(code)s” must be named %(code)s.json.") % {"code": survey.code}])
    return survey


@functools.cache
def shipped() -> dict[str, Survey]:
    """The surveys Homecoming ships, by code. They are part of the code: read once per process."""
    return {survey.code: survey for survey in map(load, sorted(SHIPPED.glob("*.json")))}


def for_round(round_) -> Survey | None:
    """The definition a round was opened with (None if it is no longer shipped)."""
    return shipped().get(round_.survey)
