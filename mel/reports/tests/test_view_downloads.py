"""The PDF and XLSX of an issued version: the dashboard's numbers, suppressed cells empty and
flagged, Kazakh letters intact, no person in any file; every download audited."""

import io
import re
import subprocess

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import IDENTITIES
from core.models import AuditEvent
from mel import indicators
from mel.reports.tests.conftest import GOAL_TEXT, NOTE_TEXT, issued
from mel.results import Unit
from mel.scope import scope_for
from mel.views import published_for, value_text

KAZAKH = "әғқңөұүһі"


@pytest.fixture
def version(coordinator, city_a, period, caseload):
    return issued(coordinator, city_a, period, what_worked=f"Қазақша: {KAZAKH}", needed_from_government="Staff")


def download(client, user, version, kind, language="en"):
    client.force_login(user)
    response = client.get(f"/reports/{version.report_id}/v{version.number}.{kind}?language={language}")
    assert response.status_code == 200
    return response


def pdf_text(body: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True, check=True).stdout.decode()
    return re.sub(r"\s+", " ", text)


def dashboard(me_officer, city_a, period):
    """What the city's M&E officer sees on /indicators/?jurisdiction=<city> for the period."""
    scope = scope_for(me_officer.memberships.get()).narrowed_to(city_a.city.slug)
    return {code: published_for(scope, indicator, period) for code, indicator in indicators.CATALOGUE.items()}


def forbidden_words(caseload, family) -> list[str]:
    """The codes and names of the people behind the report, and the free text of their cases."""
    codes = [p.code for p in caseload] + [family.mother.code, family.son.code, family.daughter.code]
    names = [name for name, *_rest in IDENTITIES.values()] + [n.split()[0] for n, *_r in IDENTITIES.values()]
    return [*codes, *names, NOTE_TEXT, GOAL_TEXT]


def test_the_pdf_shows_every_value_of_the_dashboard_the_hash_on_every_page_and_no_person(
    client, coordinator, me_officer, city_a, period, caseload, family, version
):
    body = download(client, coordinator, version, "pdf").content  # drawn once: it takes seconds
    text = pdf_text(body)
    assert [word for word in forbidden_words(caseload, family) if word in text] == []
    for code, published in dashboard(me_officer, city_a, period).items():
        assert code in text
        assert value_text(published.total, published.indicator.unit, published.k) in text
    pages = PdfReader(io.BytesIO(body)).pages
    assert len(pages) > 3
    assert all(version.content_hash in re.sub(r"\s+", "", page.extract_text()) for page in pages)
    assert "Contents" in text and "Why some numbers are hidden" in text


def test_kazakh_letters_survive_in_the_kazakh_pdf(client, coordinator, version):
    text = pdf_text(download(client, coordinator, version, "pdf", "kk").content)
    assert all(letter in text for letter in KAZAKH)
    assert "Мазмұны" in text or "Contents" in text  # the contents' heading, translated where it is


def test_the_xlsx_reads_back_to_the_dashboards_numbers_with_suppressed_cells_empty_and_flagged(
    client, coordinator, me_officer, city_a, period, version
):
    book = load_workbook(io.BytesIO(download(client, coordinator, version, "xlsx").content))
    assert book.sheetnames == ["Report", "Indicators", "Trends", "Disaggregations", "Unmet needs", "Narrative"]
    sheet = book["Indicators"]
    assert sheet.freeze_panes == "A2"
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    for code, published in dashboard(me_officer, city_a, period).items():
        total, row = published.total, rows[code]
        if total.suppressed:
            assert row[3] is None and row[7]
        elif published.indicator.unit == Unit.COUNT:
            assert row[3] == total.count and isinstance(row[3], int)
        else:
            assert row[3] == pytest.approx(total.value) if total.value is not None else row[3] is None
    by_sex = [
        r
        for r in book["Disaggregations"].iter_rows(min_row=2, values_only=True)
        if r[0] == "HC-COV-01" and r[3] == "Sex"
    ]
    male = next(r for r in by_sex if r[4] == "Male")
    female = next(r for r in by_sex if r[4] == "Female")
    assert male[5] is None and male[9] in ("suppressed (fewer than 5)", "hidden (complementary)")
    assert female[5] in (12, None)  # twelve, unless hidden to protect the two


def test_no_participant_code_name_or_free_text_reaches_the_xlsx_or_the_page(
    client, coordinator, city_a, period, caseload, family, version
):
    book = load_workbook(io.BytesIO(download(client, coordinator, version, "xlsx").content))
    cells = " ".join(
        str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c is not None
    )
    page = client.get(f"/reports/{version.report_id}/v1/").content.decode()
    for text in (cells, page):
        assert [word for word in forbidden_words(caseload, family) if word in text] == []


def test_every_download_is_audited_with_its_kind_and_language(client, coordinator, version):
    download(client, coordinator, version, "xlsx", "ru")
    row = AuditEvent.objects.filter(action="report.downloaded").get()
    assert (row.object_ref, row.reason) == (f"{version.report_id} v1", "xlsx ru")


def test_an_unknown_language_gives_the_users_own(client, coordinator, version):
    response = download(client, coordinator, version, "xlsx", "xx")
    assert response["Content-Disposition"].endswith('-v1.xlsx"')
    assert AuditEvent.objects.filter(action="report.downloaded").get().reason == "xlsx en"


def test_the_national_officer_downloads_an_issued_version_and_another_city_does_not(
    client, national_me, other_coordinator, version
):
    assert download(client, national_me, version, "xlsx").status_code == 200
    client.force_login(other_coordinator)
    assert client.get(f"/reports/{version.report_id}/v1.pdf").status_code == 404
    assert client.get(f"/reports/{version.report_id}/v2.pdf").status_code == 404


def test_a_version_is_drawn_once_per_language_and_handed_out_as_drawn(client, coordinator, version, monkeypatch):
    from mel.reports import files

    drawings = []
    monkeypatch.setitem(files.MAKERS, "xlsx", lambda v: drawings.append(v.pk) or f"book {len(drawings)}".encode())
    first = download(client, coordinator, version, "xlsx").content
    again = download(client, coordinator, version, "xlsx").content
    russian = download(client, coordinator, version, "xlsx", language="ru").content
    assert (first, again, russian) == (b"book 1", b"book 1", b"book 2")
    assert drawings == [version.pk, version.pk]
    downloads = AuditEvent.objects.filter(action="report.downloaded", object_type="report")
    assert downloads.count() == 3  # every download is audited, drawn or kept
