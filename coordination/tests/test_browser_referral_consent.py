"""A referral to an organisation without consent is no dead end: record consent, come back, send (issue 18 §4)."""

import re

import pytest
from playwright.sync_api import expect

from conftest import axe_violations, browser_sign_in, weight
from coordination.models import Referral
from people.models import Consent

pytestmark = pytest.mark.browser

WHAT = "Evening sewing course that fits school hours."
CSO = "Almaty CSO · Civil-society organisation · Almaty"


def _checked_at_both_widths(page) -> None:
    """axe-core finds nothing at 1280 and at 375 px, nothing overflows a phone, and the page is light."""
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(page) == [], (page.url, width)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (page.url, width)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert weight(page.content()) <= 100_000, page.url


def test_a_referral_without_consent_goes_through_recording_consent_and_back_without_losing_anything(
    page, family, case_worker, city_a
):
    mother = family.mother
    browser_sign_in(page, case_worker, totp=True)
    page.goto(f"/participants/{mother.code}/referrals/new/")

    # Choosing the organisation shows at once (htmx) that nothing is consented for it.
    page.get_by_label("Refer to").select_option(label=CSO)
    categories = page.locator("#categories")
    expect(categories).to_contain_text("The participant has not consented to share anything with Almaty CSO.")
    expect(categories.locator("label").filter(has_text="Livelihood")).to_contain_text("no consent")
    page.get_by_label("Needs domain").select_option(label="Livelihood, skills and financial stability")
    page.get_by_label("What is asked").fill(WHAT)
    page.get_by_label("Urgency").select_option("soon")
    categories.get_by_role("checkbox", name=re.compile("^Livelihood")).check()
    categories.get_by_role("checkbox", name=re.compile("^Education")).check()
    _checked_at_both_widths(page)

    # Record consent: the consent form comes pre-filled for the organisation and what was ticked.
    page.get_by_role("button", name="Record consent for Almaty CSO").click()
    page.wait_for_url(re.compile(r"/consents/new/\?"))
    expect(page.get_by_label("With this organisation")).to_have_value(str(city_a.cso.pk))
    expect(page.get_by_role("checkbox", name="Livelihood")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Education")).to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile("^Health"))).not_to_be_checked()
    _checked_at_both_widths(page)
    page.get_by_role("checkbox", name="Education").uncheck()  # the participant agrees to livelihood only
    page.get_by_role("button", name="Record consent").click()

    # Back on the referral: what was typed is there, and what consent now covers is ticked.
    page.wait_for_url(re.compile(r"/referrals/new/\?draft="))
    expect(page.get_by_text("Consent recorded.")).to_be_visible()
    expect(page.get_by_label("What is asked")).to_have_value(WHAT)
    expect(page.get_by_label("Urgency")).to_have_value("soon")
    expect(page.get_by_label("Refer to")).to_have_value(str(city_a.cso.pk))
    livelihood = categories.get_by_role("checkbox", name=re.compile("^Livelihood"))
    expect(livelihood).to_be_checked()
    expect(categories.locator("label").filter(has_text="Livelihood")).to_contain_text("consented")
    expect(categories.get_by_role("checkbox", name=re.compile("^Education"))).not_to_be_checked()

    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_text("Referral sent.")).to_be_visible()
    referral = Referral.objects.get()
    assert referral.categories == ["livelihood"] and referral.request == WHAT and referral.urgency == "soon"
    assert Consent.objects.get().categories == ["livelihood"]
    assert page.console_errors == []
