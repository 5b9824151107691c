"""The administrator's pages for imported instruments, the DHIS2 mapping and (on a hub) the member
cities, in a real browser at 1280 px and at 375 px (issue 18 §12): the main tasks done end to end,
and on every page axe-core finds nothing, the page weighs at most 100 KB with its CSS and JS, no
console error, and nothing wider than a phone's screen."""

import json
import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from playwright.sync_api import expect

from conftest import axe_violations, browser_sign_in, restore_reference_data, weight
from instruments.definitions import SHIPPED
from instruments.models import ImportedDefinition
from mel.dhis2.models import Dhis2DataElement
from network.exchange import dsse
from network.hub.tests.helpers import enrolled, public_text

pytestmark = pytest.mark.browser

WIDTHS = [1280, 375]
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def screen(request, browser, live_server):
    restore_reference_data()
    width = request.param
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()


def checked(page, what: str) -> list[str]:
    """What is wrong with the page as it is now: axe, weight, overflow, console errors."""
    problems = [f"{what}: {violation}" for violation in axe_violations(page)]
    if (bytes_ := weight(page.content())) > 100_000:
        problems.append(f"{what}: {bytes_} bytes")
    if (wider := page.evaluate(OVERFLOW)) > 0:
        problems.append(f"{what}: {wider} px wider than the screen")
    problems += [f"{what}: console {error}" for error in page.console_errors]
    page.console_errors.clear()
    return problems


def definition_file(tmp_path, **changes) -> str:
    data = json.loads((SHIPPED / "phq9.json").read_text(encoding="utf-8"))
    data.update(code="phq8", name="Patient Health Questionnaire-8 (PHQ-8)", version="2009", flags=[], **changes)
    data["items"] = data["items"][:8]
    data["bands"][-1]["max"] = 24
    path = tmp_path / f"definition-{len(changes)}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_the_administrator_imports_an_instrument_and_maps_an_indicator_to_dhis2(screen, administrator, tmp_path):
    page, problems = screen, []
    browser_sign_in(page, administrator, totp=False)
    page.goto("/administration/instruments/")
    problems += checked(page, "instruments")
    page.get_by_role("link", name="Import an instrument").click()
    page.get_by_label("Definition file").set_input_files(definition_file(tmp_path, respondent="anyone"))
    page.get_by_role("button", name="Check the file").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    problems += checked(page, "import refused")
    page.get_by_label("Definition file").set_input_files(definition_file(tmp_path))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Import").click()  # the licence not confirmed
    problems += checked(page, "confirmation with its error")
    page.get_by_label("I have read the licence above").check()
    page.get_by_role("button", name="Import").click()
    page.get_by_role("link", name="phq8").click()
    problems += checked(page, "definition")
    page.get_by_role("button", name="Withdraw from new screenings").click()
    expect(page.get_by_role("button", name="Offer for new screenings")).to_be_visible()
    assert ImportedDefinition.objects.get().is_active is False

    page.get_by_role("navigation", name="Administration").get_by_role("link", name="DHIS2 mapping").click()
    problems += checked(page, "mapping")
    page.get_by_role("link", name="Data elements").click()
    page.get_by_role("link", name="Add a data element").click()
    page.get_by_label("Indicator").select_option("HC-COV-01")
    page.get_by_label("Part").select_option("numerator")
    page.get_by_label("DHIS2 code").fill("HC_COV_01")
    page.get_by_role("button", name="Save").click()
    problems += checked(page, "data element refused")
    page.get_by_label("Part").select_option("value")
    page.get_by_role("button", name="Save").click()
    problems += checked(page, "data elements")
    assert Dhis2DataElement.objects.get().code == "HC_COV_01"
    page.goto("/administration/dhis2-mapping/import/")
    problems += checked(page, "mapping import")
    assert problems == []


@pytest.fixture
def on_a_hub(settings):
    settings.HOMECOMING_ROLE = "hub"


def test_on_a_hub_the_administrator_adds_a_citys_rotated_key_and_ends_the_old_one(screen, on_a_hub, administrator):
    page, problems = screen, []
    member, _token, _key = enrolled()
    new_key = Ed25519PrivateKey.generate()
    browser_sign_in(page, administrator, totp=False)
    page.goto("/administration/members/")
    problems += checked(page, "members")
    page.get_by_role("link", name="Aktau").click()
    problems += checked(page, "member")
    page.get_by_role("link", name="Add a rotated key").click()
    page.get_by_label("Public key").fill(public_text(new_key))
    page.get_by_label("Fingerprint").fill("00")
    page.get_by_label("Valid from").fill("2026-12-01T00:00")
    page.get_by_role("button", name="Add the key").click()
    problems += checked(page, "key refused")
    page.get_by_label("Fingerprint").fill(dsse.fingerprint(new_key.public_key()))
    page.get_by_role("button", name="Add the key").click()
    page.get_by_role("link", name="End this key").first.click()
    problems += checked(page, "key's end")
    page.get_by_label("Valid until").fill("2027-01-31T00:00")
    page.get_by_role("button", name="Save the end").click()
    assert member.keys.count() == 2 and member.keys.filter(valid_until__isnull=False).count() == 1
    assert problems == []
