"""Staff names never leave the organisation (issue 12): no demo practitioner's name or user name is in
a periodic report, an evaluation extract, a DHIS2 file or the unmet-needs downloads, although the demo
names practitioners in trainings, supervision, teams, approvals and issued reports."""

import io
import json
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import User
from community.models import Attendance, SupportSession
from core.actor import Actor
from directory.models import Jurisdiction
from mel.dhis2 import export
from mel.extracts import actions as extracts
from mel.extracts import files as extract_files
from mel.extracts.tests.helpers import ALL_VARIABLES, request
from mel.extracts.tests.test_files import texts
from mel.periods import Period
from mel.reports import files as report_files
from mel.reports.models import ReportVersion
from mel.views import default_period


def staff_names() -> list[str]:
    """Every demo user's full name and user name: those trained, supervised, on teams or issuing."""
    names = []
    for user in User.objects.filter(memberships__organisation__is_demo=True).distinct():
        names += [user.get_full_name(), user.get_username()]
    return sorted({name for name in names if len(name) > 4})


def found(text: str, names: list[str]) -> list[str]:
    return [name for name in names if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)]


def workbook_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return "\n".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c)


@pytest.fixture
def names(db, demo):
    # The demo names practitioners where they would be tempting to export.
    assert Attendance.objects.filter(user__isnull=False).exists()
    assert SupportSession.objects.filter(attendees__isnull=False).exists()
    return staff_names()


def test_no_staff_name_is_in_a_periodic_report(names, client):
    versions = list(ReportVersion.objects.select_related("report"))
    assert versions and all(v.issued_by_id for v in versions)
    client.force_login(User.objects.get(username="almaty.me"))
    for version in versions:
        assert found(workbook_text(report_files.xlsx(version)), names) == []
        page = client.get(f"/reports/{version.report_id}/v{version.number}/")
        assert page.status_code in (200, 404)  # the Almaty officer reads Almaty's versions
        if page.status_code == 200:
            main = page.content.decode().split("<main", 1)[1]
            assert found(main, names) == []


def test_no_staff_name_is_in_an_evaluation_extract(names):
    officer = User.objects.get(username="almaty.me")
    coordinator = User.objects.get(username="almaty.coordinator")
    extract = request(officer, variables=ALL_VARIABLES, period=Period.containing(timezone.localdate(), "year"))
    approved = extracts.approve_extract(actor=Actor.of(coordinator, coordinator.memberships.get()), extract=extract)
    content = "\n".join(
        texts(extract_files.csv_zip(approved, approved.built), extract_files.xlsx(approved, approved.built))
    )
    assert "Almaty Social Services (demo)" in content  # the approving organisation, not the person
    assert found(content, names) == []


def test_no_staff_name_is_in_a_dhis2_file(names):
    built = export.build(default_period().previous(), Jurisdiction.objects.filter(level="city"))
    files = json.dumps([built.document(), built.sidecar()], ensure_ascii=False)
    assert found(files, names) == []


def test_no_staff_name_is_in_the_unmet_needs_downloads(names, client):
    client.force_login(User.objects.get(username="almaty.coordinator"))
    for kind in ("csv", "xlsx"):
        response = client.post("/unmet-needs/download/", {"format": kind, "city": "", "period": default_period().code})
        assert response.status_code == 200
        text = response.content.decode() if kind == "csv" else workbook_text(response.content)
        assert "Almaty" in text
        assert found(text, names) == []
