"""Importing an instrument definition file: checked whole, every problem named, nothing half-imported.

Two steps, because the licence is in the file: the administrator uploads the file and
sees every problem, or, if there is none, the licence and a summary; then confirms that
the licence allows use. Between the steps the checked definition travels in a signed,
time-limited form field, so nothing is stored before the confirmation and a changed
definition is refused.
"""

import json
import re

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from instruments.definitions import DefinitionError, Instrument, parse, shipped
from instruments.registry import imported_versions

MAX_BYTES = 256 * 1024
MAX_ITEMS = 200
# Codes appear in URLs and in the administrations' instrument column; versions beside them.
CODE = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
SIGNING_SALT = "instruments.import"
SIGNED_FOR_SECONDS = 60 * 60


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _has_english(value) -> bool:
    return isinstance(value, dict) and isinstance(value.get("en"), str) and bool(value["en"].strip())


def _shape_problems(data) -> list[str]:
    """What the schema check in definitions.parse takes for granted about the file's shape.

    The shipped files are written by hand and reviewed; an uploaded file may be anything,
    and a wrong shape must be a named problem, not an error page.
    """
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
    if isinstance(scoring, dict):
        if not _is_number(scoring.get("multiplier", 1)):
            problems.append(_("“scoring.multiplier” must be a number."))
        if not isinstance(scoring.get("prorate_if_missing_at_most", 0), int):
            problems.append(_("“scoring.prorate_if_missing_at_most” must be a whole number."))
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


def already_imported(code: str, version: str) -> str:
    return _(
        "Version %(version)s of “%(code)s” has already been imported; a changed definition needs a new version."
    ) % {"version": version, "code": code}


def check(data) -> Instrument:
    """The definition as it would be imported; raises DefinitionError naming every problem."""
    problems = _shape_problems(data)
    if problems:
        raise DefinitionError(problems)
    instrument = parse(data)  # raises DefinitionError with its own problems
    if not CODE.fullmatch(instrument.code):
        problems.append(
            _("The code must be 1 to 32 lower-case letters, digits, “-” or “_”, starting with a letter or digit.")
        )
    elif instrument.code in shipped():
        problems.append(
            _("“%(code)s” is an instrument Homecoming ships; it cannot be replaced by an import.")
            % {"code": instrument.code}
        )
    if not VERSION.fullmatch(instrument.version):
        problems.append(_("The version must be 1 to 32 letters, digits, “.”, “-” or “_”."))
    elif CODE.fullmatch(instrument.code) and instrument.version in imported_versions(instrument.code):
        problems.append(already_imported(instrument.code, instrument.version))
    if problems:
        raise DefinitionError(problems)
    return instrument


def _reject_constant(name: str):
    raise ValueError(_("“%(name)s” is not a number JSON allows.") % {"name": name})


class DefinitionUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Definition file"),
        help_text=gettext_lazy("A JSON instrument definition, UTF-8, at most 256 KB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("The file is larger than 256 KB."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text.")) from None
        try:
            data = json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as error:
            raise ValidationError(
                _("Not valid JSON: %(reason)s (line %(line)s, column %(column)s).")
                % {"reason": error.msg, "line": error.lineno, "column": error.colno}
            ) from None
        except ValueError as error:
            raise ValidationError(_("Not valid JSON: %(reason)s") % {"reason": error}) from None
        try:
            self.instrument = check(data)
        except DefinitionError as error:
            raise ValidationError([ValidationError(problem) for problem in error.problems]) from None
        return upload

    def signed_definition(self) -> str:
        return signing.dumps(self.instrument.raw, salt=SIGNING_SALT, compress=True)


class DefinitionConfirmForm(forms.Form):
    definition = forms.CharField(widget=forms.HiddenInput)
    licence_allows_use = forms.BooleanField(
        label=gettext_lazy(
            "I have read the licence above, and it allows this organisation to use this instrument in Homecoming."
        ),
        error_messages={"required": gettext_lazy("Tick the box to confirm that the licence allows use.")},
    )

    def clean_definition(self) -> str:
        signed = self.cleaned_data["definition"]
        try:
            data = signing.loads(signed, salt=SIGNING_SALT, max_age=SIGNED_FOR_SECONDS)
        except signing.BadSignature:
            raise ValidationError(_("This check has expired or was changed: upload the file again.")) from None
        try:
            # Checked again: the same version may have been imported in the meantime.
            self.instrument = check(data)
        except DefinitionError as error:
            raise ValidationError([ValidationError(problem) for problem in error.problems]) from None
        return signed
