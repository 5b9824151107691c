"""Cells that leave Homecoming in a CSV or XLSX file, guarded against formula injection.

A spreadsheet program runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula (and
some also after a leading tab or carriage return): ``=HYPERLINK(…)`` in a category name would
become a link in an evaluator's copy. Text cells that begin so are prefixed with an apostrophe,
which the programs show as text (OWASP, "CSV Injection"). Numbers stay numbers: a negative
mean change is a number cell, not text, and needs no guard.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(value):
    """The value as a cell: text that a spreadsheet would run as a formula is made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(rows: Iterable[Iterable]) -> str:
    """Rows as CSV text, every text cell guarded; ``None`` is an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if cell is None else guard(cell) for cell in row])
    return out.getvalue()
