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

from instruments import xlsform
from instruments.definitions import DefinitionError, Instrument, parse, shipped
from instruments.registry import imported_versions

MAX_BYTES = 256 * 1024
# Codes appear in URLs and in the administrations' instrument column; versions beside them.
CODE = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
SIGNING_SALT = "instruments.import"
SIGNED_FOR_SECONDS = 60 * 60


def already_imported(code: str, version: str) -> str:
    return _(
        "Version %(version)s of “%(code)s” has already been imported; a changed definition needs a new version."
    ) % {"version": version, "code": code}


def check(data) -> Instrument:
    """The definition as it would be imported; raises DefinitionError naming every problem."""
    instrument = parse(data)  # raises DefinitionError naming every problem
    problems = []
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
        help_text=gettext_lazy(
            "A JSON instrument definition (UTF-8) or an XLSForm workbook (.xlsx) with a scoring column, at most 256 KB."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("The file is larger than 256 KB."))
        try:
            is_workbook = upload.name.lower().endswith(".xlsx")
            self.instrument = check(xlsform.definition(upload.read()) if is_workbook else self._json(upload))
        except DefinitionError as error:
            raise ValidationError([ValidationError(problem) for problem in error.problems]) from None
        return upload

    @staticmethod
    def _json(upload):
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
        return data

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
