"""An issued report as a file: PDF (WeasyPrint) and XLSX (openpyxl), in the language asked for.

Both are drawn from the version's frozen content through ``mel.reports.display``, so they show
the numbers as the HTML does; the content hash is on every PDF page and on the XLSX cover.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from mel.reports import display
from mel.reports.models import ReportFile, ReportVersion
from mel.results import Dimension, Unit
from mel.spreadsheets import guard

# Outside a browser the page's stylesheet does not reach inside an SVG: the PDF's charts carry the
# dashboard's colours as presentation attributes (cheaper to draw than a stylesheet in every chart).
SVG_ATTRIBUTES = (
    ("<svg ", '<svg font-family="DejaVu Sans" font-size="15" fill="#1f2a30" '),
    ('<g class="bar">', '<g class="bar" fill="#2f6f73">'),
    (
        '<rect class="bar-suppressed"',
        '<rect class="bar-suppressed" fill="#ffffff" stroke="#8a5a00" stroke-width="1.5" stroke-dasharray="4 3"',
    ),
    ('<text class="suppressed"', '<text class="suppressed" fill="#8a5a00" font-style="italic"'),
)


def _styled(svg: str, prefix: str = "") -> SafeString:
    for plain, painted in SVG_ATTRIBUTES:
        svg = svg.replace(plain, painted)
    if prefix:  # every indicator has a "chart-trend": the PDF's ids must be unique in the document
        svg = svg.replace('id="chart-', f'id="{prefix}-chart-').replace(
            'aria-labelledby="chart-', f'aria-labelledby="{prefix}-chart-'
        )
        svg = svg.replace("-title chart-", f"-title {prefix}-chart-")
    return mark_safe(svg)  # noqa: S308 (our own SVG with constant attributes added)


def _style_charts(view: display.ReportView) -> None:
    """The charts the PDF draws: each indicator's trend, and the unmet-needs section's."""
    for _group, members in view.groups:
        for each in members:
            each.trend.chart = _styled(each.trend.chart, each.indicator.code)
    for table in (view.blocked, view.urgent):
        if table is not None:
            table.chart = _styled(table.chart)
    view.caseload.chart = _styled(view.caseload.chart)


def pdf(version: ReportVersion) -> bytes:
    from weasyprint import CSS, HTML  # heavy: loaded only when a PDF is made

    view = display.read(version.content)
    _style_charts(view)
    html = render_to_string("mel/reports/pdf.html", {"version": version, "report": view})
    css = Path(finders.find("mel/report-print.css")).read_text()
    # The hash is hexadecimal: safe inside a CSS string.
    footer = f'@page {{ @bottom-left {{ content: "sha256 {version.content_hash}"; }} }}'
    return HTML(string=html).write_pdf(stylesheets=[CSS(string=css), CSS(string=footer)])


# --- XLSX -----------------------------------------------------------------------------------


def flag(figure: dict, k: int) -> str:
    if figure["suppressed"]:
        if figure["reason"] == "complementary":
            return _("hidden (complementary)")
        return _("suppressed (fewer than %(k)s)") % {"k": k}
    if figure["no_data"] is None:
        return _("no data yet: suppressed (fewer than %(k)s)") % {"k": k}
    return ""


def _numbers(figure: dict, unit: str) -> list:
    """Value, count, eligible, no data: numbers as numbers, a suppressed cell empty."""
    if figure["suppressed"]:
        return [None, None, None, None]
    value = figure["count"] if unit == Unit.COUNT else figure["value"]
    eligible = figure["eligible"] if unit == Unit.SHARE else None
    return [value, figure["count"], eligible, figure["no_data"]]


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list], widths: list[int], share_col=None):
    sheet = book.create_sheet(guard(title)[:31])
    sheet.append([guard(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([guard(cell) for cell in row])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _percent(sheet, unit_col: int, value_col: int) -> None:
    """Shares are fractions shown as percentages (the number stays 0..1)."""
    for row in sheet.iter_rows(min_row=2):
        if row[unit_col - 1].value == str(Unit.SHARE.label):
            row[value_col - 1].number_format = "0.0%"


def xlsx(version: ReportVersion) -> bytes:
    content, k = version.content, version.content["k"]
    view = display.read(content)
    names = {each.indicator.code: each for _g, members in view.groups for each in members}
    book = Workbook()
    cover = book.active
    cover.title = guard(_("Report"))[:31]
    facts = [
        (_("Periodic report"), content["city"]["name"]),
        (_("Period"), content["period"]),
        (_("Version"), version.number),
        (_("Issued"), formats.date_format(version.issued_at, "DATE_FORMAT")),
        (_("Content hash (sha256)"), version.content_hash),
        (_("Threshold k: smaller numbers are hidden"), k),
        (
            _("suppressed (fewer than %(k)s)") % {"k": k},
            _("Fewer than %(k)s people: hidden so that no one can be recognised.") % {"k": k},
        ),
        (_("hidden (complementary)"), _("Hidden so that a hidden number cannot be worked out from the totals.")),
    ]
    if version.changes:
        facts.append((_("What changed"), version.changes))
    for fact in facts:
        cover.append([guard(str(cell)) if not isinstance(cell, int) else cell for cell in fact])
    cover.column_dimensions["A"].width, cover.column_dimensions["B"].width = 36, 80
    for row in cover.iter_rows():
        row[0].font = Font(bold=True)
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    numbers = [_("Value"), _("Count"), _("Eligible"), _("No data yet"), _("Flag")]
    totals, trends, breakdowns = [], [], []
    for data in content["indicators"]:
        name = str(names[data["code"]].indicator.name) if data["code"] in names else data["code"]
        unit = data["unit"]
        unit_label = str(Unit(unit).label)
        totals.append([data["code"], name, unit_label, *_numbers(data["total"], unit), flag(data["total"], k)])
        for period, figure in data["trend"]:
            trends.append([data["code"], name, unit_label, period, *_numbers(figure, unit), flag(figure, k)])
        labels = {b.dimension: b for b in names[data["code"]].published.breakdowns} if data["code"] in names else {}
        for b in data["breakdowns"]:
            shown = {f.key: f.label for f in labels[b["dimension"]].figures} if b["dimension"] in labels else {}
            for figure in b["figures"]:
                breakdowns.append(
                    [
                        data["code"],
                        name,
                        unit_label,
                        str(Dimension(b["dimension"]).label),
                        shown.get(figure["key"], figure["key"]),
                        *_numbers(figure, unit),
                        flag(figure, k),
                    ]
                )
    head = [_("Code"), _("Indicator"), _("Unit")]
    sheet = _sheet(book, _("Indicators"), [*head, *numbers], totals, [12, 48, 14, 12, 10, 10, 12, 34])
    _percent(sheet, 3, 4)
    sheet = _sheet(book, _("Trends"), [*head, _("Period"), *numbers], trends, [12, 48, 14, 10, 12, 10, 10, 12, 34])
    _percent(sheet, 3, 5)
    sheet = _sheet(
        book,
        _("Disaggregations"),
        [*head, _("Disaggregation"), _("Category"), *numbers],
        breakdowns,
        [12, 48, 14, 22, 30, 12, 10, 10, 12, 34],
    )
    _percent(sheet, 3, 6)
    _unmet_sheet(book, view, content, k)
    narrative = [
        [_("What worked"), content["narrative"]["what_worked"]],
        [_("What is needed from central government"), content["narrative"]["needed_from_government"]],
    ]
    sheet = _sheet(book, _("Narrative"), [_("Question"), _("Answer")], narrative, [40, 100])
    for row in sheet.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _unmet_sheet(book: Workbook, view: display.ReportView, content: dict, k: int) -> None:
    rows = []
    unmet = content["unmet_needs"]
    by_code = {d["code"]: d for d in content["indicators"]}
    for code, dimension, table in (
        (unmet["blocked"], Dimension.REASON, view.blocked),
        (unmet["urgent"], Dimension.DOMAIN, view.urgent),
    ):
        data = by_code.get(code)
        if data is None or table is None:
            continue
        figures = next((b["figures"] for b in data["breakdowns"] if b["dimension"] == dimension), [])
        for label, figure in zip((row.label for row in table.rows), figures, strict=True):
            value = None if figure["suppressed"] else figure["count"]
            rows.append([table.heading, label, value, flag(figure, k)])
    caseload = unmet["caseload"]
    heading = _("Caseload per case worker")
    hidden = _("suppressed (fewer than %(k)s)") % {"k": k}
    rows.append([heading, _("Case workers leading at least one participant"), caseload["case_workers"], ""])
    for label, key in (
        (_("Participants they lead"), "participants"),
        (_("Median caseload"), "median"),
        (_("Largest caseload"), "largest"),
    ):
        rows.append([heading, label, caseload[key], hidden if caseload[key] is None else ""])
    for label, workers in view.caseload.bands:
        rows.append([_("Case workers by caseload"), label, workers, ""])
    _sheet(book, _("Unmet needs"), [_("Section"), _("Category"), _("Number"), _("Flag")], rows, [44, 44, 12, 34])


def filename(version: ReportVersion, extension: str) -> str:
    content = version.content
    return f"report-{content['city']['slug']}-{content['period']}-v{version.number}.{extension}"


MAKERS = {"pdf": pdf, "xlsx": xlsx}


def drawn(version: ReportVersion, kind: str, language: str) -> bytes:
    """The version as a file in this language: drawn the first time it is asked for, kept after."""
    kept = ReportFile.objects.filter(version=version, kind=kind, language=language).values_list("body", flat=True)
    body = kept.first()
    if body is not None:
        return bytes(body)
    with translation.override(language):
        body = MAKERS[kind](version)
    try:
        with transaction.atomic():
            ReportFile.objects.create(version=version, kind=kind, language=language, body=body)
    except IntegrityError:
        pass  # another download drew and kept the same file a moment earlier
    return body
