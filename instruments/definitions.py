"""Screening instruments as data: one JSON file each, checked against a schema when loaded.

A definition that does not pass is refused whole, with every problem named, so that an
instrument is never half-imported. Screening is not diagnosis: score ranges are
"screening bands", and the published change figures decide what counts as reliable change.
"""

import functools
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _

SHIPPED = Path(__file__).resolve().parent / "definitions"
RESPONDENTS = {"self", "caregiver", "practitioner"}
# Instruments whose licence does not allow embedding (DESIGN.md §7): never accepted.
REFUSED_CODES = {"sdq", "rcads", "rhs15", "hscl25", "htq"}


def localised(texts: dict, language: str) -> str:
    """An instrument's text in a validated language, else the English original."""
    return texts.get(language) or texts["en"]


class DefinitionError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    version: str
    respondent: str
    age_range: tuple[int, int | None]
    stem: dict
    options: tuple[dict, ...]
    items: tuple[dict, ...]
    subscales: tuple[dict, ...]
    scoring: dict
    bands: tuple[dict, ...]
    flags: tuple[dict, ...]
    change: dict
    higher_is: str
    licence: dict
    languages: dict
    sources: tuple[str, ...]
    raw: dict = field(repr=False, compare=False)

    @property
    def short_name(self) -> str:
        """The name people use, as published: "PHQ-9" — the definition's "short_name", else what the
        name gives in brackets ("Patient Health Questionnaire-9 (PHQ-9)"), else the name."""
        bracketed = re.search(r"\(([^()]+)\)\s*$", self.name)
        return self.raw.get("short_name") or (bracketed.group(1) if bracketed else self.name)

    @property
    def item_ids(self) -> list[str]:
        return [item["id"] for item in self.items]

    @property
    def option_values(self) -> list[int]:
        return [option["value"] for option in self.options]

    def fits_age(self, age: int) -> bool:
        youngest, oldest = self.age_range
        return youngest <= age and (oldest is None or age <= oldest)

    def validated_languages(self) -> list[str]:
        return [code for code, language in self.languages.items() if language.get("validated")]

    def display_language(self) -> tuple[str, bool]:
        """The user's language if a validated translation exists, else English (and whether that is a fallback)."""
        language = (get_language() or "en")[:2]
        if language in self.validated_languages():
            return language, False
        return "en", language != "en"


def _require(data: dict, key: str, kind, problems: list[str]) -> object:
    value = data.get(key)
    if value is None or not isinstance(value, kind) or value in ("", [], {}):
        problems.append(_("“%(key)s” is missing or has the wrong type.") % {"key": key})
        return None
    return value


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _band_problems(bands: list[dict]) -> list[str]:
    """Overlaps and gaps between consecutive bands, which must already be sorted by "min"."""
    problems = []
    for low, high in itertools.pairwise(bands):
        if high["min"] <= low["max"]:
            problems.append(
                _("Screening bands overlap: %(a)s and %(b)s.")
                % {"a": f"{low['min']}-{low['max']}", "b": f"{high['min']}-{high['max']}"}
            )
        elif high["min"] != low["max"] + 1:
            problems.append(
                _("Screening bands leave a gap between %(a)s and %(b)s.") % {"a": low["max"], "b": high["min"]}
            )
    return problems


def _subscale_bands(subscale: dict, problems: list[str]) -> list[dict] | None:
    """A subscale's own screening bands (optional), checked like the total's; sorted by "min"."""
    if "bands" not in subscale:
        return None
    code = subscale.get("code")
    bands = subscale["bands"]
    if not isinstance(bands, list) or not bands or not all(isinstance(band, dict) for band in bands):
        problems.append(_("Subscale “%(code)s”: “bands” must be a list of screening bands.") % {"code": code})
        return None
    shaped = [
        band
        for band in bands
        if _is_number(band.get("min"))
        and _is_number(band.get("max"))
        and band["min"] <= band["max"]
        and isinstance(band.get("label"), dict)
        and isinstance(band["label"].get("en"), str)
        and band["label"]["en"].strip()
    ]
    if len(shaped) != len(bands):
        problems.append(
            _("Subscale “%(code)s”: each screening band needs a “min” no larger than its “max” and an English label.")
            % {"code": code}
        )
        return None
    ordered = sorted(bands, key=lambda band: band["min"])
    problems.extend(
        _("Subscale “%(code)s”: %(problem)s") % {"code": code, "problem": problem}
        for problem in _band_problems(ordered)
    )
    return ordered


MAX_ITEMS = 200


def _has_english(value) -> bool:
    return isinstance(value, dict) and isinstance(value.get("en"), str) and bool(value["en"].strip())


def _shape_problems(data) -> list[str]:
    """What the rest of the check takes for granted about the file's shape: an uploaded
    file may be anything, and a wrong shape must be a named problem, not an error page."""
    if not isinstance(data, dict):
        return [_("A definition is a JSON object.")]
    problems = []

    def list_of_objects(key: str, required: bool = True) -> list:
        value = data.get(key, None if required else [])
        if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
            problems.append(_("“%(key)s” must be a list of objects.") % {"key": key})
            return []
        return value

    if "respondent" in data and not isinstance(data["respondent"], str):
        problems.append(_("“respondent” must be a string."))
    for number, option in enumerate(list_of_objects("options"), start=1):
        if not isinstance(option.get("value"), int) or isinstance(option["value"], bool):
            problems.append(_("Answer option %(number)s needs a whole-number value.") % {"number": number})
        if not _has_english(option.get("label")):
            problems.append(_("Answer option %(number)s has no English label.") % {"number": number})
    items = list_of_objects("items")
    if len(items) > MAX_ITEMS:
        problems.append(_("An instrument may have at most %(count)s items.") % {"count": MAX_ITEMS})
    for number, item in enumerate(items, start=1):
        if not isinstance(item.get("id"), str) or not item["id"].strip():
            problems.append(_("Item %(number)s has no id.") % {"number": number})
        if not _has_english(item.get("text")):
            problems.append(_("Item %(number)s has no English text.") % {"number": number})
        elif not all(isinstance(text, str) for text in item["text"].values()):
            problems.append(_("Item %(number)s has a text that is not a string.") % {"number": number})
        if "reverse" in item and not isinstance(item["reverse"], bool):
            problems.append(_("Item %(number)s: “reverse” must be true or false.") % {"number": number})
    for number, band in enumerate(list_of_objects("bands"), start=1):
        if not (_is_number(band.get("min")) and _is_number(band.get("max"))) or band["min"] > band["max"]:
            problems.append(_("Screening band %(number)s needs a “min” no larger than its “max”.") % {"number": number})
        if not _has_english(band.get("label")):
            problems.append(_("Screening band %(number)s has no English label.") % {"number": number})
    for number, subscale in enumerate(list_of_objects("subscales", required=False), start=1):
        if not isinstance(subscale.get("code"), str) or not isinstance(subscale.get("items"), list):
            problems.append(_("Subscale %(number)s needs a code and a list of items.") % {"number": number})
    for number, flag in enumerate(list_of_objects("flags", required=False), start=1):
        if not isinstance(flag.get("code"), str) or not _has_english(flag.get("label")):
            problems.append(_("Flag %(number)s needs a code and an English label.") % {"number": number})
        if "above" in flag and not _is_number(flag["above"]):
            problems.append(_("Flag %(number)s: “above” must be a number.") % {"number": number})
    scoring = data.get("scoring")
    if isinstance(scoring, dict) and not _is_number(scoring.get("multiplier", 1)):
        problems.append(_("“scoring.multiplier” must be a number."))
    change = data.get("change")
    if isinstance(change, dict):
        for key in ("test_retest", "sd", "reliable_change", "minimal_important_change"):
            if key in change and not _is_number(change[key]):
                problems.append(_("“change.%(key)s” must be a number.") % {"key": key})
    age = data.get("age_range", [0, None])
    if not (
        isinstance(age, list)
        and len(age) == 2
        and isinstance(age[0], int)
        and (age[1] is None or isinstance(age[1], int))
    ):
        problems.append(_("“age_range” must be a list of a youngest age and an oldest age (or null)."))
    if "stem" in data and not isinstance(data["stem"], dict):
        problems.append(_("“stem” must be an object of texts by language."))
    languages = data.get("languages")
    if isinstance(languages, dict) and not all(isinstance(entry, dict) for entry in languages.values()):
        problems.append(_("Each entry of “languages” must be an object."))
    licence = data.get("licence")
    if isinstance(licence, dict) and not isinstance(licence.get("text", ""), str):
        problems.append(_("The licence text must be a string."))
    return problems


def parse(data: dict) -> Instrument:
    """Checks one definition and returns it; raises DefinitionError naming every problem."""
    problems = _shape_problems(data)
    if problems:
        raise DefinitionError(problems)
    code = _require(data, "code", str, problems)
    if code and code.lower().replace("-", "") in REFUSED_CODES:
        problems.append(_("“%(code)s” may not be embedded: its licence needs permission.") % {"code": code})
    for key in ("name", "version"):
        _require(data, key, str, problems)
    if data.get("respondent") not in RESPONDENTS:
        problems.append(_("“respondent” must be one of: %(choices)s.") % {"choices": ", ".join(sorted(RESPONDENTS))})
    licence = _require(data, "licence", dict, problems)
    if licence is not None and not licence.get("text"):
        problems.append(_("The licence text is missing."))
    sources = _require(data, "sources", list, problems)
    languages = _require(data, "languages", dict, problems) or {}
    if languages and not languages.get("en", {}).get("validated"):
        problems.append(_("English must be present and marked validated."))
    options = _require(data, "options", list, problems) or []
    values = [option.get("value") for option in options]
    if any(not isinstance(v, int) for v in values) or len(set(values)) != len(values):
        problems.append(_("Each answer option needs a whole-number value, and values must differ."))
    items = _require(data, "items", list, problems) or []
    ids = [item.get("id") for item in items]
    if len(set(ids)) != len(ids) or not all(isinstance(i, str) for i in ids):
        problems.append(_("Item ids must be unique strings."))
    for item in items:
        missing = [lang for lang in languages if lang not in item.get("text", {})]
        if missing:
            problems.append(
                _("Item %(id)s has no text in: %(languages)s.")
                % {"id": item.get("id"), "languages": ", ".join(missing)}
            )
    subscales = []
    for subscale in data.get("subscales", []):
        unknown = [i for i in subscale.get("items", []) if i not in ids]
        if unknown:
            problems.append(
                _("Subscale “%(code)s” names unknown items: %(items)s.")
                % {"code": subscale.get("code"), "items": ", ".join(map(str, unknown))}
            )
        bands_of_subscale = _subscale_bands(subscale, problems)
        subscales.append(subscale if bands_of_subscale is None else {**subscale, "bands": bands_of_subscale})
    scoring = _require(data, "scoring", dict, problems) or {}
    if scoring.get("method") not in ("sum", "mean"):
        problems.append(_("“scoring.method” must be “sum” or “mean”."))
    for key in ("prorate_if_missing_at_most", "count_missing_as_zero_if_at_most"):
        allowed = scoring.get(key, 0)
        if not isinstance(allowed, int) or isinstance(allowed, bool) or allowed < 0:
            problems.append(_("“scoring.%(key)s” must be a whole number, 0 or more.") % {"key": key})
    bands = sorted(_require(data, "bands", list, problems) or [], key=lambda band: band.get("min", 0))
    problems.extend(_band_problems(bands))
    for flag in data.get("flags", []):
        if flag.get("item") not in ids:
            problems.append(_("A flag names an unknown item: %(item)s.") % {"item": flag.get("item")})
    change = _require(data, "change", dict, problems) or {}
    if change.get("none_published") is True:
        # Saying so is allowed, but only with the search that found nothing: no marker is drawn.
        if not change.get("source"):
            problems.append(_("“change” says no figure is published; give the sources searched in “source”."))
    elif not (
        ("test_retest" in change and "sd" in change)
        or "reliable_change" in change
        or "minimal_important_change" in change
    ):
        problems.append(
            _(
                "“change” needs test-retest reliability and SD, a reliable-change figure, a minimal important "
                "change, or “none_published”: true with the sources searched."
            )
        )
    elif not change.get("source"):
        problems.append(_("“change” needs the source of its figure."))
    if data.get("higher_is") not in ("worse", "better"):
        problems.append(_("“higher_is” must be “worse” or “better”."))
    if problems:
        raise DefinitionError(problems)
    age = data.get("age_range", [0, None])
    return Instrument(
        code=code,
        name=data["name"],
        version=data["version"],
        respondent=data["respondent"],
        age_range=(age[0], age[1]),
        stem=data.get("stem", {}),
        options=tuple(options),
        items=tuple(items),
        subscales=tuple(subscales),
        scoring=scoring,
        bands=tuple(bands),
        flags=tuple(data.get("flags", [])),
        change=change,
        higher_is=data["higher_is"],
        licence=licence,
        languages=languages,
        sources=tuple(sources),
        raw=data,
    )


def load(path: Path) -> Instrument:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DefinitionError([_("Not valid JSON: %(error)s.") % {"error": error}]) from None
    return parse(data)


@functools.cache
def shipped() -> dict[str, Instrument]:
    """The instruments Homecoming ships, by code. They are part of the code: read once per process."""
    return {instrument.code: instrument for instrument in map(load, sorted(SHIPPED.glob("*.json")))}
