"""Downloading the unmet-needs page: the same numbers as the page, hidden cells empty with a flag,
no participant code or staff name, formulas made inert, and every download audited."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import NeedsDomain
from core.models import AuditEvent
from mel.needs import files
from mel.needs.gaps import gaps
from mel.periods import Period

URL = reverse("unmet_needs_download")


def current() -> str:
    return Period.containing(timezone.localdate()).code


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_cells(response) -> list:
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]


def test_a_csv_download_holds_the_pages_numbers_and_is_audited_with_the_citys_slug(client, coordinator, gaps_scenario):
    client.force_login(coordinator)

    response = client.post(URL, {"format": "csv", "city": "almaty", "period": current()})

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="unmet-needs-almaty-{current()}.csv"'
    rows = csv_rows(response)
    assert rows[0] == ["City", "Period", "Section", "Breakdown", "Category", "Column", "Number", "Flag"]
    funding = [row for row in rows if row[4] == "No funding"]
    assert [row[5:7] for row in funding] == [
        ["Under 30 days", "6"],
        ["30\u201389 days", "0"],
        ["90\u2013179 days", "0"],
        ["180 days or more", "0"],
        ["All waiting times", "6"],
    ]
    event = AuditEvent.objects.get(action="unmet_needs.downloaded")
    assert (event.object_type, event.object_ref, event.reason) == ("city", "almaty", f"period={current()} format=csv")


def test_the_file_has_one_row_per_number_of_the_page_in_the_same_order(coordinator, gaps_scenario, city_a):
    found = gaps(city_a.city, Period.parse(current()))
    numbers = sum(len(line.cells) + 1 for s in found.sections for line in (*s.lines, s.total))

    rows = files.rows(found)

    assert len(rows) == numbers + 1 + 6 + len(found.caseload.data["bands"])  # + transfers, facts, bands


def test_hidden_cells_are_empty_with_their_flag(client, coordinator, gaps_scenario, family, city_a):
    from mel.needs.tests.conftest import declined

    declined(family.mother, city_a.police, by=coordinator, domain="education", on=timezone.localdate())
    client.force_login(coordinator)

    rows = csv_rows(client.post(URL, {"format": "csv", "city": "almaty", "period": current()}))

    declined_by_domain = [row for row in rows if "declined" in row[2] and row[3] == "Needs domain"]
    education = next(row for row in declined_by_domain if row[4] == "Education and language")
    assert education[6:] == ["", "suppressed (fewer than 5)"]
    housing = next(row for row in declined_by_domain if row[4] == "Housing")
    assert housing[6:] == ["", "hidden (complementary)"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_no_participant_code_or_staff_name_is_in_either_file(
    client, coordinator, gaps_scenario, codes, names, file_format
):
    client.force_login(coordinator)

    response = client.post(URL, {"format": file_format, "city": "almaty", "period": current()})

    text = response.content.decode("utf-8-sig") if file_format == "csv" else " ".join(map(str, xlsx_cells(response)))
    assert [code for code in codes if code in text] == []
    assert [name for name in names if name in text] == []


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_category_name_that_looks_like_a_formula_is_made_inert(client, coordinator, gaps_scenario, file_format):
    NeedsDomain.objects.filter(code="housing").update(name_en='=HYPERLINK("http://example.org")')
    client.force_login(coordinator)

    response = client.post(URL, {"format": file_format, "city": "almaty", "period": current()})

    if file_format == "csv":
        cells = [cell for row in csv_rows(response) for cell in row]
    else:
        cells = [cell for cell in xlsx_cells(response) if isinstance(cell, str)]
    assert '\'=HYPERLINK("http://example.org")' in cells
    assert not [cell for cell in cells if cell.startswith("=")]


def test_the_xlsx_has_the_about_sheet_and_the_numbers(client, me_officer, gaps_scenario):
    client.force_login(me_officer)

    response = client.post(URL, {"format": "xlsx", "city": "almaty", "period": current()})

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["About", "Unmet needs"]
    rows = list(book["Unmet needs"].iter_rows(values_only=True))
    assert ("Actions blocked, by reason and time waited", "Reason", "No funding", "All waiting times", 6, None) in rows
    assert AuditEvent.objects.filter(action="unmet_needs.downloaded", reason__endswith="format=xlsx").count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"format": "pdf", "city": "almaty"},
        {"format": "csv", "city": "shymkent"},
        {"format": "csv", "city": "almaty", "period": "2099"},
        {"city": "almaty"},
    ],
)
def test_an_odd_request_is_refused_with_400_and_not_audited(client, coordinator, city_a, city_b, body):
    client.force_login(coordinator)

    response = client.post(URL, body)

    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="unmet_needs.downloaded").exists()


def test_a_case_worker_finds_no_download(client, case_worker, city_a):
    client.force_login(case_worker)

    assert client.post(URL, {"format": "csv", "city": "almaty"}).status_code == 404


def test_the_download_answers_posts_only(client, coordinator, city_a):
    client.force_login(coordinator)

    assert client.get(URL).status_code == 405
