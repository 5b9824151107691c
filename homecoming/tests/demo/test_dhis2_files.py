"""The demo's DHIS2 mapping and files: only codes and numbers, never a participant."""

import json
import re

from django.core.management import call_command

from accounts.models import User
from mel.dhis2.demo import seed_dhis2_mapping
from mel.dhis2.tests.helpers import shape_problems
from mel.views import default_period
from people.models import Household, Identity, Participant

WORD = re.compile(r"^[A-Za-z0-9_.+\-]*$")  # a code, a key, a slug or a number: no spaces, no sentences


def strings(data) -> list[str]:
    if isinstance(data, dict):
        return [*map(str, data), *(s for value in data.values() for s in strings(value))]
    if isinstance(data, list):
        return [s for value in data for s in strings(value)]
    return [str(data)]


def test_the_demo_files_hold_only_codes_and_numbers_and_no_participant(db, demo, client, tmp_path):
    target = tmp_path / "demo.json"
    call_command("export_dhis2", "--period", default_period().code, "--output", str(target))
    document = json.loads(target.read_text())
    sidecar = json.loads((tmp_path / "demo.sidecar.json").read_text())
    client.force_login(User.objects.get(username="almaty.me"))
    downloaded = client.post("/dhis2/download/", {"period": default_period().code, "file": "sidecar"})
    files = [document, sidecar, json.loads(downloaded.content)]
    assert shape_problems(document) == []
    assert document["dataValues"] and sidecar["leftOut"] and sidecar["unmapped"]
    everything = [s for data in files for s in strings(data)]
    assert [s for s in everything if not WORD.fullmatch(s)] == []
    codes = {*Participant.objects.values_list("code", flat=True), *Household.objects.values_list("code", flat=True)}
    # Each word of each demo participant's name, read from the vault (a test may; pages never do).
    names = {word for identity in Identity.objects.all() for word in identity.full_name.split() if word.isalpha()}
    assert len(names) > 10
    text = " ".join(everything).lower()
    assert [code for code in codes if code.lower() in text] == []
    assert [name for name in names if name.lower() in text] == []


def test_the_demo_maps_two_cities_and_leaves_aktau_and_some_indicators_unmapped(db, demo, client):
    client.force_login(User.objects.get(username="national.me"))
    content = client.get("/dhis2/").content
    assert len(content) < 100_000  # the page's own HTML, with every city the national officer sees
    text = content.decode()
    assert "KZ_ALMATY" in text and "KZ_SHYMKENT" in text
    assert "City aktau has no organisation unit" in text
    assert "Indicator HC-CON-01 has no data element" in text


def test_seeding_the_demo_mapping_again_changes_nothing(db, demo):
    assert seed_dhis2_mapping() is False
