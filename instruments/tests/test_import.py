"""Importing an instrument: checked whole, every problem named, the licence confirmed, nothing half-imported."""

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEvent
from instruments import registry
from instruments.definitions import SHIPPED
from instruments.models import Administration, ImportedDefinition

ADD = "admin_instrument_import"


@pytest.fixture
def phq8() -> dict:
    """The PHQ-8 (the PHQ-9 without item 9; no permission required), as an administrator would write it."""
    data = json.loads((SHIPPED / "phq9.json").read_text(encoding="utf-8"))
    data.update(code="phq8", name="Patient Health Questionnaire-8 (PHQ-8)", version="2009", flags=[])
    data["items"] = data["items"][:8]
    data["bands"][-1]["max"] = 24
    return data


def _file(content, name="definition.json") -> SimpleUploadedFile:
    if not isinstance(content, bytes):
        content = json.dumps(content).encode()
    return SimpleUploadedFile(name, content, content_type="application/json")


def _upload(client, content):
    return client.post(reverse(ADD), {"file": _file(content)})


def _import(client, data, *, confirm=True):
    checked = _upload(client, data)
    assert checked.status_code == 200 and checked.context["instrument"] is not None, checked.context["upload"].errors
    signed = checked.context["confirm"].initial["definition"]
    return client.post(reverse(ADD), {"definition": signed, **({"licence_allows_use": "on"} if confirm else {})})


def test_the_upload_shows_the_licence_and_stores_nothing_until_it_is_confirmed(client, administrator, phq8):
    client.force_login(administrator)
    assert client.get(reverse(ADD)).status_code == 200
    checked = _upload(client, phq8).content.decode()
    assert "No permission required to reproduce" in checked
    assert "the licence above, and it allows this organisation to use this instrument" in checked
    assert not ImportedDefinition.objects.exists()


def test_an_administrator_imports_a_good_file_and_it_can_be_used_for_screenings(
    client, administrator, psychologist, family, phq8
):
    client.force_login(administrator)
    response = _import(client, phq8)
    assert response.status_code == 302
    imported = ImportedDefinition.objects.get()
    assert (imported.code, imported.version, imported.imported_by, imported.is_active) == (
        "phq8",
        "2009",
        administrator,
        True,
    )
    event = AuditEvent.objects.get(action="instrument.imported")
    assert (event.actor, event.object_ref, event.reason) == (administrator, str(imported.pk), "")

    client.force_login(psychologist)
    case_page = client.get(reverse("participant", args=[family.mother.code])).content.decode()
    assert reverse("screening_new", args=[family.mother.code, "phq8"]) in case_page
    form = client.get(reverse("screening_new", args=[family.mother.code, "phq8"])).content.decode()
    assert "Patient Health Questionnaire-8 (PHQ-8)" in form and "Poor appetite or overeating" in form
    data = {"administered_on": "2026-03-01", "mode": "paper", **{f"item_{i}": 2 for i in range(1, 9)}}
    client.post(reverse("screening_new", args=[family.mother.code, "phq8"]), data)
    administration = Administration.objects.get()
    assert (administration.instrument, administration.instrument_version, administration.total) == ("phq8", "2009", 16)


def test_the_licence_must_be_confirmed(client, administrator, phq8):
    client.force_login(administrator)
    response = _import(client, phq8, confirm=False)
    assert "Tick the box to confirm that the licence allows use." in response.content.decode()
    assert "No permission required to reproduce" in response.content.decode()  # still shown
    assert not ImportedDefinition.objects.exists()


def _broken(phq8, change):
    data = copy.deepcopy(phq8)
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d.update(subscales=[{"code": "somatic", "items": ["3", "4", "12"]}]), "“somatic” names unknown"),
        (lambda d: d["bands"][1].update(min=4), "Screening bands overlap: 0-4 and 4-9."),
        (lambda d: d.pop("licence"), "“licence” is missing"),
        (lambda d: d["licence"].update(text=""), "The licence text is missing."),
        (lambda d: d.update(code="SDQ"), "may not be embedded: its licence needs permission"),
        (lambda d: d.update(items="all of them", bands=[1, 2], respondent=["self"]), "“items” must be a list"),
        (lambda d: d["options"][0].update(value="none"), "Answer option 1 needs a whole-number value."),
        (lambda d: d.update(code="PHQ 8"), "The code must be 1 to 32 lower-case letters"),
        (lambda d: d.update(code="phq9"), "“phq9” is an instrument Homecoming ships"),
    ],
)
def test_a_bad_definition_is_refused_naming_the_problem_and_nothing_is_saved(
    client, administrator, phq8, change, named
):
    client.force_login(administrator)
    response = _upload(client, _broken(phq8, change))
    page = response.content.decode()
    assert response.status_code == 200
    assert named in page and "The file was not imported. Nothing was saved." in page
    assert response.context["instrument"] is None
    assert not ImportedDefinition.objects.exists()


def test_every_problem_of_a_file_is_named_at_once(client, administrator, phq8):
    client.force_login(administrator)
    broken = _broken(phq8, lambda d: (d.pop("licence"), d["bands"][1].update(min=4), d.update(respondent="anyone")))
    errors = _upload(client, broken).context["upload"].errors["file"]
    assert len(errors) == 3


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (b'{"code": "phq8", ', "Not valid JSON: Expecting property name enclosed in double quotes (line 1, column"),
        (b'{"code": NaN}', "Not valid JSON: “NaN” is not a number JSON allows."),
        ("{}".encode("utf-16"), "The file is not UTF-8 text."),
        (b" " * (256 * 1024 + 1), "The file is larger than 256 KB."),
        (b"[]", "A definition is a JSON object."),
    ],
)
def test_a_file_that_is_not_a_definition_is_refused_with_the_reason(client, administrator, content, named):
    client.force_login(administrator)
    page = _upload(client, content).content.decode()
    assert named in page
    assert not ImportedDefinition.objects.exists()


def test_the_same_code_and_version_twice_is_refused(client, administrator, phq8):
    client.force_login(administrator)
    _import(client, phq8)
    page = _upload(client, phq8).content.decode()
    assert "Version 2009 of “phq8” has already been imported; a changed definition needs a new version." in page
    assert ImportedDefinition.objects.count() == 1


def test_a_version_imported_between_check_and_confirmation_is_refused(client, administrator, phq8):
    client.force_login(administrator)
    first = _upload(client, phq8).context["confirm"].initial["definition"]
    second = _upload(client, phq8).context["confirm"].initial["definition"]
    client.post(reverse(ADD), {"definition": first, "licence_allows_use": "on"})
    page = client.post(reverse(ADD), {"definition": second, "licence_allows_use": "on"}).content.decode()
    assert "has already been imported" in page
    assert ImportedDefinition.objects.count() == 1


def test_a_definition_changed_after_the_check_is_refused(client, administrator, phq8):
    client.force_login(administrator)
    signed = _upload(client, phq8).context["confirm"].initial["definition"]
    response = client.post(reverse(ADD), {"definition": signed[:-2] + "xx", "licence_allows_use": "on"})
    assert "This check has expired or was changed: upload the file again." in response.content.decode()
    assert not ImportedDefinition.objects.exists()


def test_a_new_version_is_added_and_old_screenings_keep_the_version_they_were_scored_with(
    client, administrator, psychologist, family, phq8
):
    client.force_login(administrator)
    _import(client, phq8)
    client.force_login(psychologist)
    data = {"administered_on": "2026-03-01", "mode": "paper", **{f"item_{i}": 1 for i in range(1, 9)}}
    client.post(reverse("screening_new", args=[family.mother.code, "phq8"]), data)
    old = Administration.objects.get()

    newer = _broken(phq8, lambda d: d.update(version="2010", name="PHQ-8, second edition"))
    client.force_login(administrator)
    _import(client, newer)
    assert set(ImportedDefinition.objects.values_list("version", flat=True)) == {"2009", "2010"}
    assert registry.current("phq8").version == "2010"
    assert registry.for_administration("phq8", old.instrument_version).name == phq8["name"]

    client.force_login(psychologist)
    page = client.get(reverse("screening", args=[family.mother.code, old.pk])).content.decode()
    assert phq8["name"] in page
    client.post(reverse("screening_new", args=[family.mother.code, "phq8"]), data)
    assert Administration.objects.latest("pk").instrument_version == "2010"


def test_a_withdrawn_instrument_is_no_longer_offered_but_its_screenings_still_show(
    client, administrator, psychologist, family, phq8
):
    client.force_login(administrator)
    _import(client, phq8)
    client.force_login(psychologist)
    data = {"administered_on": "2026-03-01", "mode": "paper", **{f"item_{i}": 1 for i in range(1, 9)}}
    client.post(reverse("screening_new", args=[family.mother.code, "phq8"]), data)

    client.force_login(administrator)
    imported = ImportedDefinition.objects.get()
    withdraw = reverse("admin_instrument_offer", args=[imported.pk])
    assert client.post(withdraw, {"offered": "no"}).status_code == 302
    imported.refresh_from_db()
    assert imported.is_active is False
    assert AuditEvent.objects.filter(action="instrument.withdrawn", object_ref=str(imported.pk)).exists()

    client.force_login(psychologist)
    assert client.get(reverse("screening_new", args=[family.mother.code, "phq8"])).status_code == 404
    case_page = client.get(reverse("participant", args=[family.mother.code])).content.decode()
    assert "Patient Health Questionnaire-8 (PHQ-8)" in case_page  # the trend of past screenings
    administration = Administration.objects.get()
    assert client.get(reverse("screening", args=[family.mother.code, administration.pk])).status_code == 200


def test_an_imported_version_cannot_be_deleted(client, administrator, phq8):
    client.force_login(administrator)
    _import(client, phq8)
    imported = ImportedDefinition.objects.get()
    page = client.get(reverse("admin_instrument", args=[imported.pk])).content.decode()
    assert "Withdraw from new screenings" in page and "Delete" not in page
    assert client.post(f"/administration/instruments/{imported.pk}/delete/", {"confirm": "yes"}).status_code == 404
    assert ImportedDefinition.objects.exists()


@pytest.mark.parametrize("persona", ["coordinator", "psychologist", "me_officer", "outsider"])
def test_only_an_administrator_can_import(client, request, phq8, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(ADD)).status_code == 404
    assert _upload(client, phq8).status_code == 404
    assert not ImportedDefinition.objects.exists()


def test_an_anonymous_visitor_cannot_import(client, db, phq8):
    assert _upload(client, phq8).status_code == 302
    assert not ImportedDefinition.objects.exists()


def test_the_administrators_see_definitions_never_administrations(client, administrator, psychologist, family, phq8):
    client.force_login(psychologist)
    data = {"administered_on": "2026-03-01", "mode": "paper", **{f"item_{i}": 1 for i in range(1, 10)}}
    client.post(reverse("screening_new", args=[family.mother.code, "phq9"]), data)
    client.force_login(administrator)
    _import(client, phq8)
    home = client.get(reverse("home")).content.decode()
    assert reverse("admin_instruments") in home
    listing = client.get(reverse("admin_instruments")).content.decode()
    assert "phq8" in listing and family.mother.code not in listing
    imported = ImportedDefinition.objects.get()
    page = client.get(reverse("admin_instrument", args=[imported.pk])).content.decode()
    assert "No permission required to reproduce" in page and family.mother.code not in page


def test_the_list_narrows_by_code_and_by_whether_it_is_offered(client, administrator, phq8):
    client.force_login(administrator)
    _import(client, phq8)
    listing = reverse("admin_instruments")
    assert "phq8" in client.get(listing, {"q": "phq", "offered": "yes"}).content.decode()
    assert "No imported instrument matches this search." in client.get(listing, {"offered": "no"}).content.decode()
    for odd in ("²", "[]", "x" * 10_000):
        assert client.get(listing, {"q": odd, "offered": odd, "page": odd}).status_code == 200
