"""The extract as files: a ZIP of one CSV per table with the cover sheet as text, or an XLSX
workbook (cover sheet, code list, one sheet per table). Every text cell passes through
``mel.spreadsheets.guard``; numbers stay numbers. The files hold only what was built at
approval, so every download of one extract gives the same rows and the same cover sheet.
"""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from casework.models import MilestoneKind, NeedsDomain, Phase
from directory.models import Organisation
from instruments import registry
from mel.extracts.deidentify import LAST_STEP
from mel.extracts.models import ExtractRequest
from mel.spreadsheets import csv_text, guard
from people.models import Participant

# The ZIP's entries carry a fixed date: the same extract gives the same bytes.
FIXED_DATE = (2000, 1, 1, 0, 0, 0)


def cover_rows(extract: ExtractRequest, built: dict) -> list[list]:
    """The cover sheet, in the reader's language: what this dataset is and how it was made safe."""
    cover = built["cover"]
    variables = [str(ExtractRequest.Variable(v).label) for v in cover["variables"]]
    steps = ", ".join(f"{step}: {count}" for step, count in cover["steps"].items())
    return [
        [_("Homecoming evaluation extract"), f"#{extract.pk}"],
        [_("De-identified"), _("Yes: random pseudonyms drawn for this extract only; no names, codes or free text.")],
        [_("Period"), cover["period"]],
        [_("City"), cover["city"] or _("Every city in the requester's view")],
        [_("Variables"), "; ".join(variables)],
        [_("Purpose"), cover["purpose"]],
        [_("Requested by organisation"), cover["organisation"]],
        [_("Approved by"), cover["approver"]],
        [_("Approved at"), cover["approved_at"]],
        [_("Participants in the period"), cover["people"]],
        [_("Participants released"), cover["released"]],
        [_("k (smallest group size)"), cover["k"]],
        [_("Quasi-identifiers checked"), ", ".join(cover["quasi_identifiers"])],
        [_("Rows generalised"), cover["generalised"]],
        [_("Rows withheld"), cover["withheld"]],
        [_("Rows released at each generalisation step"), steps],
        [_("How"), _method(cover)],
        [_("Dates"), _("Dates are whole months since arrival in the city (else return, else registration).")],
        [_("Age"), _("Age bands at the end of the period, from the year of birth.")],
    ]


def _method(cover: dict) -> str:
    return _(
        "Every combination of the quasi-identifiers checked is shared by at least %(k)s released rows. Rows in "
        "smaller groups were generalised step by step (1: wider age bands; 2: cohort year instead of quarter; "
        "3: wider household size bands; %(last)s: child or adult and any household size); rows still in a group "
        "smaller than %(k)s were withheld with their time-series rows."
    ) % {"k": cover["k"], "last": LAST_STEP}


def code_rows() -> list[list]:
    """What the codes in the tables mean, in the reader's language."""
    rows = [["variable", "code", "meaning"]]
    rows += [["sex", value, str(label)] for value, label in Participant.Sex.choices]
    rows += [["phase", value, str(label)] for value, label in Phase.choices]
    rows += [["domain", domain.code, domain.name] for domain in NeedsDomain.objects.order_by("order", "code")]
    rows += [["milestone", kind.code, kind.name] for kind in MilestoneKind.objects.order_by("order", "code")]
    rows += [["instrument", code, instrument.name] for code, instrument in sorted(registry.available().items())]
    rows += [["service_type", value, str(label)] for value, label in Organisation.Kind.choices]
    return rows


def csv_zip(extract: ExtractRequest, built: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "README.txt", _cover_text(cover_rows(extract, built)))
        _add(archive, "codes.csv", csv_text(code_rows()))
        for table in built["tables"]:
            _add(archive, f"{table['name']}.csv", csv_text([table["columns"], *table["rows"]]))
    return out.getvalue()


def _add(archive: zipfile.ZipFile, name: str, text: str) -> None:
    archive.writestr(zipfile.ZipInfo(name, FIXED_DATE), text.encode("utf-8"))


def _cover_text(rows: list[list]) -> str:
    """The cover sheet as plain text, each line guarded as a cell would be (a reader may open it
    in a spreadsheet program)."""
    return "".join(f"{guard(str(label))}: {guard(_one_line(value))}\r\n" for label, value in rows)


def _one_line(value) -> str:
    return " ".join(str(value).splitlines()) if isinstance(value, str) else str(value)


def xlsx(extract: ExtractRequest, built: dict) -> bytes:
    book = Workbook()
    cover = book.active
    cover.title = _sheet_title(_("Cover"))
    _write(cover, cover_rows(extract, built))
    cover.column_dimensions["A"].width = 40
    cover.column_dimensions["B"].width = 100
    _write(book.create_sheet(_sheet_title(_("Codes"))), code_rows())
    for table in built["tables"]:
        sheet = book.create_sheet(table["name"])
        _write(sheet, [table["columns"], *table["rows"]])
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(text: str) -> str:
    return "".join(c for c in str(text) if c not in "[]:*?/\\")[:31] or "Sheet"


def _write(sheet, rows: list[list]) -> None:
    for row in rows:
        sheet.append([_cell(value) for value in row])


def _cell(value):
    """A cell for openpyxl: text guarded and cleared of the control characters XLSX cannot hold."""
    if isinstance(value, str):
        return guard(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    if value is None or isinstance(value, int | float):
        return value
    return guard(str(value))
