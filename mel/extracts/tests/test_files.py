"""The files: a ZIP of CSVs and an XLSX with the same rows; formula injection neutralised in every
text cell; nothing of a participant's code, name or free text in them."""

import csv
import io
import zipfile

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from casework.models import NeedsDomain
from casework.tests import builders as casework
from coordination import actions as coordination
from instruments.tests.builders import screening
from mel.extracts import actions, files
from mel.extracts.tests.helpers import households, request
from mel.periods import Period
from mel.spreadsheets import FORMULA_STARTS
from people.models import Participant
from people.tests.builders import actor_of, consent

INJECTIONS = ['=HYPERLINK("http://example.org","open")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "\t=1+1", "\r=2+2", "-2+3"]


def texts(csv_zip: bytes, xlsx: bytes) -> list[str]:
    """Every text cell of both files (and every line of the cover sheet's text)."""
    found = []
    with zipfile.ZipFile(io.BytesIO(csv_zip)) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8")
            if name.endswith(".csv"):
                found += [cell for row in csv.reader(io.StringIO(text)) for cell in row]
            else:
                found += [part for line in text.split("\r\n") for part in line.split(": ", 1)]
    book = load_workbook(io.BytesIO(xlsx))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    found.append(cell.value)
    return found


def both(extract):
    built = extract.built
    return files.csv_zip(extract, built), files.xlsx(extract, built)


def test_formula_injection_in_any_text_that_reaches_a_cell_is_neutralised(city_a, me_officer, coordinator):
    city_a.city.name = INJECTIONS[0]
    city_a.city.save(update_fields=["name"])
    city_a.social.name = INJECTIONS[1]
    city_a.social.save(update_fields=["name"])
    NeedsDomain.objects.filter(code="housing").update(name_en=INJECTIONS[2])
    households(city_a.social, 5)
    purpose = INJECTIONS[3] + "\n" + INJECTIONS[4]
    extract = actions.approve_extract(actor=actor_of(coordinator), extract=request(me_officer, purpose=purpose))
    cells = texts(*both(extract))
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    for injection in INJECTIONS[:3]:
        assert "'" + injection in cells


def test_no_code_name_or_free_text_of_the_data_appears_in_any_file(city_a, me_officer, coordinator, case_worker):
    households(city_a.social, 5, name="Secretname")
    period = Period.containing(timezone.localdate(), "year")
    free_texts = ["Note-text-one", "Goal-text-two", "Phase-text-three", "Milestone-text-four", "Request-text-five"]
    for participant in Participant.objects.all():
        casework.note(participant, free_texts[0], by=case_worker)
        casework.goal(participant, "housing", free_texts[1], by=case_worker)
        casework.phase(participant, "reintegration", by=case_worker, note=free_texts[2])
        casework.assessment(participant, {"housing": (2, "Strength-text-six")}, by=case_worker)
        casework.milestone(participant, "documents_restored", by=case_worker, note=free_texts[3])
        screening(participant, by=case_worker)
        consent(participant, city_a.cso, ["summary"], recorded_by=case_worker)
        coordination.send_referral(
            actor=actor_of(case_worker),
            participant=participant,
            to_organisation=city_a.cso,
            domain=NeedsDomain.objects.get(code="livelihood"),
            what=free_texts[4],
            urgency="routine",
            categories=["summary"],
        )
    extract = actions.approve_extract(actor=actor_of(coordinator), extract=request(me_officer, period=period))
    tables = {table["name"]: table["rows"] for table in extract.built["tables"]}
    assert all(len(rows) == 10 for rows in tables.values())
    content = "\n".join(texts(*both(extract)))
    secrets = [
        *Participant.objects.values_list("code", flat=True),
        *Participant.objects.values_list("household__code", flat=True),
    ]
    secrets += [*free_texts, "Strength-text-six", "Secretname", city_a.cso.name]
    assert [secret for secret in secrets if secret in content] == []
    # The cover sheet names the requester's organisation; the rows name no organisation at all.
    assert city_a.social.name not in str(extract.built["tables"])
    assert city_a.city.name in content  # the city is the finest place named


@pytest.mark.parametrize("render", [files.csv_zip, files.xlsx])
def test_every_download_of_one_extract_gives_the_same_rows(render, city_a, me_officer, coordinator):
    households(city_a.social, 5)
    extract = actions.approve_extract(actor=actor_of(coordinator), extract=request(me_officer))
    assert texts(*both(extract)) == texts(*both(extract))
    assert render(extract, extract.built)
