"""An instrument definition from an XLSForm workbook (.xlsx), the form format of ODK and KoboToolbox.

The workbook's own sheets give the questions and answers; what XLSForm has no place for
(licence, screening bands, change figures, age range) comes from two extra sheets. The
result is an ordinary definition, checked by the same ``parse`` as a JSON file.

- ``survey``: ``type``, ``name``, ``label`` (or ``label::Russian (ru)`` per language) and a
  ``scoring`` column. Each ``select_one <list>`` row is an item; its ``scoring`` cell lists
  the subscales it belongs to, ``reverse`` for a reverse-scored item and ``flag>N`` for a
  safety flag when the answer is above N. The first ``note`` is the instruction. Form
  metadata and groups are skipped; any other question type is refused, since it cannot be scored.
- ``choices``: ``list_name``, ``name`` (the answer's value, a whole number), ``label``.
- ``settings``: ``form_id`` (the code), ``form_title`` (the name), ``version``.
- ``homecoming``: ``key`` and ``value`` rows, see KEYS.
- ``bands``: ``subscale`` (blank for the total), ``min``, ``max``, ``label``.
"""

import io
import math
import re
import zipfile

from django.utils.translation import gettext as _

from instruments.definitions import DefinitionError

# A .xlsx is a zip: its unpacked size is bounded before any XML is read.
MAX_UNPACKED_BYTES = 8 * 1024 * 1024
SKIPPED_TYPES = {
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "calculate",
    "begin group",
    "end group",
    "begin_group",
    "end_group",
}
NUMBERS = {
    "age_min",
    "age_max",
    "multiplier",
    "prorate_if_missing_at_most",
    "count_missing_as_zero_if_at_most",
    "change_test_retest",
    "change_sd",
    "change_reliable_change",
    "change_minimal_important_change",
}
TEXTS = {
    "respondent",
    "higher_is",
    "scoring_method",
    "licence_text",
    "licence_conditions",
    "change_source",
    "change_none_published",
    "validated_languages",
    "source",
}
KEYS = NUMBERS | TEXTS
LABEL = re.compile(r"label(?:::(?P<language>.*))?")
LANGUAGE_CODE = re.compile(r"\((?P<code>[a-z]{2,3})\)\s*$")
FLAG = re.compile(r"flag>(?P<above>\d+)")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _number(text: str) -> int | float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() else number


class _Sheet:
    """Rows of one worksheet as dicts by lower-cased header, with their spreadsheet row numbers."""

    def __init__(self, name: str, worksheet) -> None:
        self.name = name
        rows = worksheet.iter_rows(values_only=True)
        self.headers = [_cell(value).lower() for value in next(rows, ())]
        self.rows = []
        for number, values in enumerate(rows, start=2):
            cells = [_cell(value) for value in values]
            if any(cells):
                self.rows.append((number, dict(zip(self.headers, cells, strict=False))))

    def labels(self, row: dict, languages: dict, default: str) -> dict:
        """{language code: text} from the row's label columns."""
        texts = {}
        for header in self.headers:
            match = LABEL.fullmatch(header)
            if match and row.get(header):
                texts[languages.get(match["language"], default)] = row[header]
        return texts


def _sheets(data: bytes) -> dict[str, _Sheet]:
    """The workbook's sheets by lower-cased name."""
    import openpyxl  # imported here: only administrators importing a workbook need it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except zipfile.BadZipFile:
        raise DefinitionError([_("The file is not an .xlsx workbook.")]) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise DefinitionError([_("The workbook unpacks to more than 8 MB; it cannot be an instrument.")])
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return {name.lower(): _Sheet(name, workbook[name]) for name in workbook.sheetnames}
        finally:
            workbook.close()
    except Exception:  # openpyxl raises many kinds for a damaged file; the message is what matters
        raise DefinitionError([_("The workbook could not be read; save it again as .xlsx.")]) from None


def definition(data: bytes) -> dict:
    """The definition the workbook describes; raises DefinitionError naming every problem by sheet and row."""
    sheets = _sheets(data)
    problems = []
    for required in ("survey", "choices", "settings", "homecoming", "bands"):
        if required not in sheets:
            problems.append(_("The workbook has no “%(sheet)s” sheet.") % {"sheet": required})
    if problems:
        raise DefinitionError(problems)

    def problem(sheet: _Sheet, number: int, text: str) -> None:
        problems.append(
            _("%(sheet)s, row %(row)s: %(problem)s") % {"sheet": sheet.name, "row": number, "problem": text}
        )

    meta: dict[str, object] = {"source": []}
    homecoming = sheets["homecoming"]
    for number, row in homecoming.rows:
        key, value = row.get("key", "").lower(), row.get("value", "")
        if key not in KEYS:
            problem(homecoming, number, _("unknown key “%(key)s”.") % {"key": key})
        elif key == "source":
            meta["source"].append(value)
        elif key in NUMBERS:
            meta[key] = _number(value)
            if meta[key] is None:
                problem(homecoming, number, _("“%(key)s” must be a number.") % {"key": key})
        else:
            meta[key] = value
    validated = str(meta.get("validated_languages") or "en").replace(",", " ").split()

    # Label columns name their language as XLSForm does, "Russian (ru)"; a plain "label" is the default.
    settings = dict(sheets["settings"].rows[0][1]) if sheets["settings"].rows else {}
    default = settings.get("default_language", "en") or "en"
    default = (LANGUAGE_CODE.search(default) or {"code": default})["code"]
    languages = {}
    for sheet in (sheets["survey"], sheets["choices"], sheets["bands"]):
        for header in sheet.headers:
            match = LABEL.fullmatch(header)
            if match and match["language"] is not None:
                code = LANGUAGE_CODE.search(match["language"])
                if code is None:
                    problems.append(
                        _("%(sheet)s: the column “%(column)s” does not name its language code, as in %(example)s.")
                        % {"sheet": sheet.name, "column": header, "example": "“label::Russian (ru)”"}
                    )
                else:
                    languages[match["language"]] = code["code"]
    for code in sorted(set(languages.values()) | {default}):
        if code not in validated:
            problems.append(
                _(
                    "Labels in “%(language)s” are not listed under validated_languages; "
                    "only validated translations are imported. Remove them or list the language."
                )
                % {"language": code}
            )

    survey = sheets["survey"]
    items, subscales, flags, stem, lists = [], {}, [], {}, set()
    for number, row in survey.rows:
        kind = " ".join(row.get("type", "").split())
        if kind == "note" and not stem:
            stem = survey.labels(row, languages, default)
        elif kind.startswith("select_one "):
            lists.add(kind.removeprefix("select_one ").strip())
            item = {"id": row.get("name", ""), "text": survey.labels(row, languages, default)}
            for word in row.get("scoring", "").replace(",", " ").split():
                if word == "reverse":
                    item["reverse"] = True
                elif flag := FLAG.fullmatch(word):
                    flags.append(
                        {
                            "item": item["id"],
                            "above": int(flag["above"]),
                            "code": f"item_{item['id']}",
                            "label": {"en": f"{item['text'].get('en', item['id'])} (item {item['id']})"},
                        }
                    )
                else:
                    subscales.setdefault(word, []).append(item["id"])
            items.append(item)
        elif kind and kind != "note" and kind not in SKIPPED_TYPES:
            problem(
                survey,
                number,
                _("“%(type)s” questions cannot be scored; only select_one questions and notes are imported.")
                % {"type": kind},
            )
    if len(lists) > 1:
        problems.append(
            _("Every item must use the same answer list; the survey uses: %(lists)s.")
            % {"lists": ", ".join(sorted(lists))}
        )

    choices = sheets["choices"]
    options = []
    for number, row in choices.rows:
        if row.get("list_name") not in lists:
            continue
        value = _number(row.get("name", ""))
        if not isinstance(value, int):
            problem(choices, number, _("the answer's name must be its value, a whole number."))
            continue
        options.append({"value": value, "label": choices.labels(row, languages, default)})

    bands_sheet = sheets["bands"]
    bands, subscale_bands = [], {}
    for number, row in bands_sheet.rows:
        low, high = _number(row.get("min", "")), _number(row.get("max", ""))
        if low is None or high is None:
            problem(bands_sheet, number, _("“min” and “max” must be numbers."))
            continue
        band = {"min": low, "max": high, "label": bands_sheet.labels(row, languages, default)}
        if subscale := row.get("subscale"):
            if subscale not in subscales:
                problem(bands_sheet, number, _("no item belongs to the subscale “%(code)s”.") % {"code": subscale})
            subscale_bands.setdefault(subscale, []).append(band)
        else:
            bands.append(band)
    if problems:
        raise DefinitionError(problems)

    change = {
        key.removeprefix("change_"): meta[key]
        for key in ("change_test_retest", "change_sd", "change_reliable_change", "change_minimal_important_change")
        if key in meta
    }
    if str(meta.get("change_none_published", "")).lower() in ("yes", "true", "1"):
        change["none_published"] = True
    if meta.get("change_source"):
        change["source"] = meta["change_source"]
    scoring = {"method": meta.get("scoring_method", "sum"), "multiplier": meta.get("multiplier", 1)}
    for key in ("prorate_if_missing_at_most", "count_missing_as_zero_if_at_most"):
        if key in meta:
            scoring[key] = meta[key]
    return {
        "code": settings.get("form_id", ""),
        "name": settings.get("form_title", ""),
        "version": settings.get("version", ""),
        "respondent": meta.get("respondent"),
        "age_range": [meta.get("age_min", 0), meta.get("age_max")],
        "higher_is": meta.get("higher_is", "worse"),
        "stem": stem,
        "options": options,
        "items": items,
        "subscales": [
            {"code": code, "label": {"en": code}, "items": members}
            | ({"bands": subscale_bands[code]} if code in subscale_bands else {})
            for code, members in subscales.items()
        ],
        "scoring": scoring,
        "bands": bands,
        "flags": flags,
        "change": change,
        "licence": {"text": meta.get("licence_text", ""), "conditions": meta.get("licence_conditions", "")},
        "languages": {
            code: {"validated": True, "source": "XLSForm workbook, validated_languages"} for code in validated
        },
        "sources": meta["source"],
    }
