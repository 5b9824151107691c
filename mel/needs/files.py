# ruff: noqa: RUF001 (en dashes in the labels of rating and waiting bands; written as characters so that makemessages extracts them as they are)
"""The unmet-needs page as a file (CSV or XLSX): exactly the numbers the page shows, one per row,
a hidden number as an empty cell with its flag beside it. Every text cell passes through
``mel.spreadsheets.guard`` (a category name beginning with "=" must not run as a formula)."""

from __future__ import annotations

import io

from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from mel.needs.gaps import COMPLEMENTARY, Gaps, Number, Section
from mel.reports import display
from mel.spreadsheets import csv_text, guard

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def flag(number: Number, k: int) -> str:
    if not number.suppressed:
        return ""
    if number.reason == COMPLEMENTARY:
        return _("hidden (complementary)")
    return _("suppressed (fewer than %(k)s)") % {"k": k}


def header() -> list[str]:
    return [_("Section"), _("Breakdown"), _("Category"), _("Column"), _("Number"), _("Flag")]


def _section_rows(section: Section, unit: str, k: int) -> list[list]:
    rows = []
    every = _("All waiting times")
    for line in (*section.lines, section.total):
        for column, number in zip(section.columns if line.cells else (), line.cells, strict=True):
            rows.append([section.heading, section.row_heading, line.label, column, number.value, flag(number, k)])
        column = every if section.columns else unit
        rows.append([section.heading, section.row_heading, line.label, column, line.total.value, flag(line.total, k)])
    return rows


def rows(gaps: Gaps) -> list[list]:
    """Every number of the page, in page order: section, breakdown, category, column, number, flag."""
    k = gaps.k
    out = _section_rows(gaps.blocked, _("Actions"), k)
    out += _section_rows(gaps.declined_by_domain, _("Referrals"), k)
    out += _section_rows(gaps.declined_by_kind, _("Referrals"), k)
    transfers = gaps.transfers_declined
    heading = _("Transfers declined for lack of capacity")
    out.append([heading, "", _("All"), _("Transfers"), transfers.value, flag(transfers, k)])
    out += _section_rows(gaps.urgent, _("Domains rated 1–2"), k)
    out += caseload_rows(gaps)
    return out


def caseload_rows(gaps: Gaps) -> list[list]:
    heading, load, k = _("Caseload per case worker"), gaps.caseload, gaps.k
    hidden = _("suppressed (fewer than %(k)s)") % {"k": k}
    data = load.data
    facts = [
        (_("Caseload standard (participants per case worker)"), load.standard),
        (_("Case workers above the standard"), load.above_standard),
        (_("Case workers leading at least one participant"), data["case_workers"]),
    ]
    out = [[heading, "", label, _("Number"), value, ""] for label, value in facts]
    for label, key in (
        (_("Participants they lead"), "participants"),
        (_("Median caseload"), "median"),
        (_("Largest caseload"), "largest"),
    ):
        out.append([heading, "", label, _("Number"), data[key], hidden if data[key] is None else ""])
    for label, workers in display.caseload(data, k).bands:
        out.append([heading, _("Caseload (participants led)"), label, _("Case workers"), workers, ""])
    return out


def about(gaps: Gaps) -> list[tuple[str, object]]:
    k = gaps.k
    return [
        (_("Unmet needs and resource gaps"), gaps.city.name),
        (_("Period"), gaps.period.code),
        (_("Waiting counted until"), formats.date_format(gaps.waited_until, "Y-m-d")),
        (_("Threshold k: smaller numbers are hidden"), k),
        (
            _("suppressed (fewer than %(k)s)") % {"k": k},
            _("Fewer than %(k)s: hidden so that no one can be recognised.") % {"k": k},
        ),
        (_("hidden (complementary)"), _("Hidden so that a hidden number cannot be worked out from the totals.")),
    ]


def csv(gaps: Gaps) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read Cyrillic names right."""
    lead = [[_("City"), _("Period"), *header()]]
    body = [[gaps.city.name, gaps.period.code, *row] for row in rows(gaps)]
    return ("\ufeff" + csv_text(lead + body)).encode()


def xlsx(gaps: Gaps) -> bytes:
    book = Workbook()
    cover = book.active
    cover.title = guard(_("About"))[:31]
    for label, value in about(gaps):
        cover.append([guard(str(label)), value if isinstance(value, int) else guard(str(value))])
    cover.column_dimensions["A"].width, cover.column_dimensions["B"].width = 40, 70
    for row in cover.iter_rows():
        row[0].font = Font(bold=True)
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    sheet = book.create_sheet(guard(_("Unmet needs"))[:31])
    sheet.append([guard(h) for h in header()])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(gaps):
        sheet.append([guard(str(c)) if isinstance(c, str) else c for c in row])
    for index, width in enumerate((44, 28, 40, 22, 10, 34), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


MAKERS = {"csv": csv, "xlsx": xlsx}


def filename(gaps: Gaps, file_format: str) -> str:
    return f"unmet-needs-{gaps.city.slug}-{gaps.period.code}.{file_format}"
