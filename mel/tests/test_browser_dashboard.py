"""The M&E officer in a real browser: the dashboard, an indicator, another disaggregation and
period, a suppressed cell explained; axe-core finds nothing against WCAG 2.2 AA."""

import datetime

import pytest
from playwright.sync_api import expect

from conftest import axe_violations, browser_sign_in
from mel.tests.builders import person
from mel.views import default_period

pytestmark = pytest.mark.browser


@pytest.fixture
def caseload(city_a):
    """Twelve women and two boys who arrived a year ago: the boys are fewer than five."""
    arrived = default_period().start - datetime.timedelta(days=365)
    for index in range(12):
        person(city_a.social, sex="female", born=1985 + index, arrived=arrived)
    for _ in range(2):
        person(city_a.social, sex="male", born=2016, arrived=arrived, role="child")


def test_the_me_officer_reads_an_indicator_and_sees_why_a_number_is_hidden(page, me_officer, caseload):
    browser_sign_in(page, me_officer, totp=False)
    page.get_by_role("link", name="Indicators", exact=True).click()
    page.wait_for_url("**/indicators/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Indicators")
    expect(page.get_by_role("heading", name="Coverage")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Participants active").first.click()
    page.wait_for_url("**/indicators/HC-COV-01/**")
    expect(page.locator("#by-sex svg[role=img]")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Disaggregation").select_option("sex")
    page.get_by_role("textbox", name="Period").fill(default_period().previous().code)
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**by=sex**")
    expect(page.locator("section.figure")).to_have_count(2)  # the trend, and sex alone
    expect(page.locator("#by-age_band")).to_have_count(0)
    assert default_period().previous().code in page.locator("h2#value-h").inner_text()
    hidden = page.locator("#by-sex table .suppressed-mark").first
    assert hidden.inner_text() in ("fewer than 5", "hidden")
    assert page.locator("#by-sex .bar-suppressed").count() >= 1
    legend = page.get_by_role("region", name="Why some numbers are hidden")
    expect(legend).to_contain_text("no one can be recognised")
    assert page.console_errors == []


def test_axe_would_find_a_violation_if_there_were_one(page, me_officer, caseload):
    browser_sign_in(page, me_officer, totp=False)
    page.goto("/indicators/")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert any(line.startswith("image-alt") for line in axe_violations(page))
