"""The Almaty coordinator, in a real browser, drafts and issues a quarterly report and downloads it;
the PDF holds the dashboard's values, the XLSX the same numbers; axe-core finds nothing against
WCAG 2.2 AA on the report pages. (Kazakh letters in the Kazakh PDF: test_view_downloads.py, which
draws it without a browser.)"""

import io
import re
import subprocess

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from conftest import axe_violations, browser_sign_in
from mel import indicators
from mel.results import Unit
from mel.scope import scope_for
from mel.views import published_for, value_text

pytestmark = pytest.mark.browser

KAZAKH = "әғқңөұүһі"
DRAWING = 180_000  # ms


def _download(page, language: str, kind: str) -> bytes:
    # A whole catalogue's PDF is drawn on the first click: give a busy machine time to draw it.
    with page.expect_download(timeout=DRAWING) as info:
        page.locator(f'li[lang="{language}"] a', has_text=kind).click(timeout=DRAWING)
    return open(info.value.path(), "rb").read()


def test_the_coordinator_issues_a_quarterly_report_and_downloads_it(
    page, coordinator, me_officer, city_a, period, caseload
):
    browser_sign_in(page, coordinator, totp=True)
    page.get_by_role("link", name="Reports", exact=True).click()
    page.wait_for_url("**/reports/")
    assert axe_violations(page) == []
    page.get_by_label("Period").select_option(period.code)
    page.get_by_role("button", name="Start the draft").click()
    page.wait_for_url(re.compile(r"/reports/\d+/$"))
    page.get_by_label("What worked").fill(f"Mentors; {KAZAKH}")
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_url(re.compile(r"/reports/\d+/$"))
    assert axe_violations(page) == []
    page.get_by_role("button", name="Issue version 1").click()
    page.wait_for_url(re.compile(r"/reports/\d+/v1/$"))
    expect(page.locator("main")).to_contain_text("Content hash")
    assert axe_violations(page) == []
    assert page.console_errors == []

    pdf = subprocess.run(["pdftotext", "-", "-"], input=_download(page, "en", "PDF"), capture_output=True, check=True)
    text = re.sub(r"\s+", " ", pdf.stdout.decode())
    scope = scope_for(me_officer.memberships.get()).narrowed_to(city_a.city.slug)
    shown = {code: published_for(scope, i, period) for code, i in indicators.CATALOGUE.items()}
    for published in shown.values():
        assert value_text(published.total, published.indicator.unit, published.k) in text

    book = load_workbook(io.BytesIO(_download(page, "en", "XLSX")))
    rows = {row[0]: row for row in book["Indicators"].iter_rows(min_row=2, values_only=True)}
    for code, published in shown.items():
        total = published.total
        if total.suppressed:
            assert rows[code][3] is None and rows[code][7]
        elif published.indicator.unit == Unit.COUNT:
            assert rows[code][3] == total.count
        elif total.value is not None:
            assert rows[code][3] == pytest.approx(total.value)
