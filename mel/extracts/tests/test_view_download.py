"""POST /extracts/<id>/download.csv.zip and .xlsx: the requester's downloads, counted."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from mel.extracts import actions
from mel.extracts.tests.helpers import households, request
from people.tests.builders import actor_of


@pytest.fixture
def extract(city_a, me_officer, coordinator):
    households(city_a.social, 5)
    return actions.approve_extract(actor=actor_of(coordinator), extract=request(me_officer))


def test_the_requester_downloads_a_zip_of_csvs_and_a_workbook(client, extract, me_officer):
    client.force_login(me_officer)
    archive = client.post(f"/extracts/{extract.pk}/download.csv.zip")
    assert archive.status_code == 200 and archive["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert names[:3] == ["README.txt", "codes.csv", "participants.csv"]
    book = client.post(f"/extracts/{extract.pk}/download.xlsx")
    sheets = load_workbook(io.BytesIO(book.content)).sheetnames
    assert sheets[0] == "Cover" and "participants" in sheets
    assert client.get(f"/extracts/{extract.pk}/download.xlsx").status_code == 405


def test_the_limit_sends_the_requester_back_to_the_page(client, extract, me_officer, settings):
    settings.HOMECOMING_EXTRACT_MAX_DOWNLOADS = 1
    client.force_login(me_officer)
    assert client.post(f"/extracts/{extract.pk}/download.xlsx").status_code == 200
    again = client.post(f"/extracts/{extract.pk}/download.xlsx")
    assert again.status_code == 303 and again["Location"] == f"/extracts/{extract.pk}/"


def test_the_approving_coordinator_and_others_cannot_download(client, extract, coordinator, other_coordinator):
    for user in (coordinator, other_coordinator):
        client.force_login(user)
        assert client.post(f"/extracts/{extract.pk}/download.csv.zip").status_code == 404
    extract.refresh_from_db()
    assert extract.downloads == 0
