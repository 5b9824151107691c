import importlib
import re

import pytest
from django.apps import apps
from playwright.sync_api import expect

from conftest import browser_sign_in, make_user, new_page, register_family
from coordination.models import Referral, Transfer
from coordination.tests.helpers import case_record, consent
from directory.models import Organisation, Role

pytestmark = pytest.mark.browser

# The live server's transactional tests flush the database, seeded needs domains included.
seed_needs_domains = importlib.import_module("casework.migrations.0002_seed_needs_domains").seed
categorise_domains = importlib.import_module("casework.migrations.0003_needsdomain_category").categorise


def _signed_in(browser, live_server, user, *, totp: bool):
    """A browser of its own per person, so that nobody signs in twice with one code."""
    page = new_page(browser, live_server)
    browser_sign_in(page, user, totp=totp)
    return page


def _open_inbox(page):
    page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile(r"^Inbox")).click()
    page.wait_for_url("/inbox/")


def test_a_family_moves_from_the_centre_to_the_city_and_the_mother_is_referred_for_work(
    browser, live_server, country, city_a, coordinator, case_worker, psychologist, cso_partner
):
    seed_needs_domains(apps, None)
    categorise_domains(apps, None)
    centre = Organisation.objects.create(
        slug="centre", name="National Rehabilitation Centre", kind="rehabilitation_centre", jurisdiction=city_a.city
    )
    centre_coordinator = make_user("centre.coordinator", organisation=centre, role=Role.COORDINATOR, totp=True)
    family = register_family(centre)
    mother = family.mother
    case_record(mother, by=centre_coordinator)
    consent(mother, city_a.cso, ["livelihood"], recorded_by=centre_coordinator)

    # 1. The centre's coordinator transfers the mother and her children to Almaty.
    centre_page = _signed_in(browser, live_server, centre_coordinator, totp=True)
    centre_page.goto(f"/participants/{mother.code}/")
    centre_page.locator("#coordination").get_by_role("link", name="Transfer").click()
    centre_page.get_by_label("Transfer to").select_option(
        label="Almaty Social Services · Municipal social services · Almaty"
    )
    centre_page.get_by_label("Transfer the whole household").check()
    centre_page.get_by_label("Handover note").fill("Three weeks at the centre; wants to live near her sister.")
    centre_page.get_by_role("button", name="Propose the transfer").click()
    expect(centre_page.get_by_text("Transfer proposed.")).to_be_visible()
    mother.refresh_from_db()
    assert mother.owner == centre

    # 2. The city coordinator accepts from the inbox and assigns a lead case worker.
    city_page = _signed_in(browser, live_server, coordinator, totp=True)
    expect(city_page.get_by_role("link", name=re.compile(r"^Inbox"))).to_contain_text("1")
    _open_inbox(city_page)
    city_page.get_by_role("link", name=re.compile("From National Rehabilitation Centre")).click()
    expect(city_page.get_by_text("Steady work near home").first).to_be_visible()
    expect(city_page.get_by_text("wants to live near her sister")).to_be_visible()
    city_page.get_by_label("Accept the case").check()
    city_page.get_by_role("button", name="Save the decision").click()
    city_page.wait_for_url(re.compile(r"/participants/.+/#team$"))
    assert Transfer.objects.get().status == "accepted"
    city_page.goto(f"/participants/{mother.code}/")
    city_page.locator("#team").get_by_role("link", name="Add to the team").click()
    city_page.get_by_label("Practitioner").select_option(label="a.caseworker · Case worker · Almaty Social Services")
    city_page.get_by_label("Lead case worker").check()
    city_page.get_by_role("button", name="Add to the team").click()
    expect(city_page.locator("#team")).to_contain_text("a.caseworker")

    # 3. The case worker refers the mother to the CSO, sharing livelihood (consented) only.
    worker_page = _signed_in(browser, live_server, case_worker, totp=True)
    worker_page.goto(f"/participants/{mother.code}/")
    worker_page.locator("#coordination").get_by_role("link", name="Refer").click()
    worker_page.get_by_label("Refer to").select_option(label="Almaty CSO · Civil-society organisation · Almaty")
    livelihood = worker_page.locator("#categories label").filter(has_text="Livelihood")
    expect(livelihood).to_contain_text("consented")  # the consent marks follow the organisation chosen
    expect(worker_page.locator("#categories label").filter(has_text="Health")).to_contain_text("no consent")
    worker_page.get_by_label("Needs domain").select_option(label="Livelihood, skills and financial stability")
    worker_page.get_by_label("What is asked").fill("Part-time work that fits school hours.")
    livelihood.get_by_role("checkbox").check()
    worker_page.get_by_role("button", name="Send the referral").click()
    expect(worker_page.get_by_text("Referral sent.")).to_be_visible()
    referral = Referral.objects.get()
    assert referral.categories == ["livelihood"]

    # 4. The CSO partner accepts, sees livelihood but not health, gives the service and closes it.
    cso_page = _signed_in(browser, live_server, cso_partner, totp=False)
    _open_inbox(cso_page)
    cso_page.get_by_role("link", name=mother.code).click()
    expect(cso_page.get_by_text("Sews well")).to_be_visible()
    expect(cso_page.get_by_text("Steady work near home")).to_be_visible()
    expect(cso_page.get_by_text("Talks to her sister")).to_have_count(0)
    expect(cso_page.get_by_text("Sleep through the night")).to_have_count(0)
    expect(cso_page.get_by_text("PHQ-9")).to_have_count(0)
    cso_page.get_by_role("button", name="Accept").click()
    expect(cso_page.get_by_text("Referral accepted.")).to_be_visible()
    cso_page.get_by_role("textbox", name="Service given").fill("Intake interview; a place in the sewing cooperative.")
    cso_page.get_by_role("button", name="Record", exact=True).click()
    expect(cso_page.get_by_text("Service recorded.")).to_be_visible()
    cso_page.get_by_text("Mark the referral done").click()
    expect(cso_page.get_by_text("access to the participant's data ends at once")).to_be_visible()
    cso_page.get_by_role("button", name="Yes, the referral is done").click()
    expect(cso_page.get_by_text("Your access to the participant's data has ended.")).to_be_visible()
    expect(cso_page.get_by_text("Sews well")).to_have_count(0)
    assert cso_page.goto(f"/participants/{mother.code}/").status == 404
    cso_page.console_errors.remove("Failed to load resource: the server responded with a status of 404 (Not Found)")

    # 5. The case worker sees the referral done, with the service given.
    _open_inbox(worker_page)
    expect(worker_page.get_by_text("Your referral was marked done.")).to_be_visible()
    worker_page.goto(f"/participants/{mother.code}/")
    row = worker_page.locator("#coordination li").filter(has_text="Almaty CSO")
    expect(row).to_contain_text("Done")
    row.get_by_role("link").click()
    expect(worker_page.get_by_text("a place in the sewing cooperative")).to_be_visible()

    for page in (centre_page, city_page, worker_page, cso_page):
        assert page.console_errors == []
        page.context.close()
