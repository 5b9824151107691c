"""The coordinator in a real browser: records a community activity and a survey round, and sees the
community indicators of the current quarter change; axe-core finds nothing on the pages on the way."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import axe_violations, browser_sign_in
from mel.periods import Period

pytestmark = pytest.mark.browser


def total(page, code: str) -> str:
    """The first figure of an indicator's total for the current quarter, as the page shows it."""
    quarter = Period.containing(timezone.localdate(), "quarter").code
    page.goto(f"/indicators/{code}/?period={quarter}")
    return page.locator("section[aria-labelledby=value-h] tbody td").first.inner_text().strip()


def test_the_coordinator_records_an_activity_and_a_survey_round_and_sees_the_indicators_change(page, coordinator):
    browser_sign_in(page, coordinator, totp=True)
    today = timezone.localdate()
    assert total(page, "HC-COM-01") == "0"
    assert total(page, "HC-COM-02") == "0"

    page.get_by_role("link", name="Community", exact=True).click()
    page.wait_for_url("**/community/activities/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Record an activity").click()
    page.get_by_label("Type").select_option("dialogue")
    page.get_by_label("Title").fill("Neighbourhood tea with the school's parents")
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Residents").fill("25")
    page.get_by_label("Participants of the programme").fill("2")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save the activity").click()
    page.wait_for_url("**/community/activities/*/")
    expect(page.locator("main")).to_contain_text("Neighbourhood tea")

    assert total(page, "HC-COM-01") == "1"
    assert total(page, "HC-COM-02") == "27"
    assert total(page, "HC-COM-04").endswith("no one to measure")

    page.goto("/community/activities/")
    page.get_by_role("link", name="Perception surveys").click()
    page.wait_for_url("**/community/surveys/")
    page.get_by_role("link", name="Open a round").click()
    page.get_by_label("Title").fill("Autumn round")
    page.get_by_label("Collected from").fill(today.isoformat())
    page.get_by_label("Collected until").fill((today + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Open the round").click()
    page.wait_for_url("**/community/surveys/*/")
    assert axe_violations(page) == []
    round_page = page.url
    page.get_by_role("link", name="Tablet mode").click()
    page.get_by_role("button", name="Strongly agree").wait_for()
    assert axe_violations(page) == []
    page.goto(round_page)
    page.get_by_role("link", name="Enter paper forms").click()
    page.get_by_label("Filled in on").fill(today.isoformat())
    groups = page.locator("fieldset")
    for index in range(groups.count()):
        groups.nth(index).locator("input[type=radio][value='5']").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save this form").click()
    expect(page.get_by_text("Answers saved: 1 so far.")).to_be_visible()

    # "Strongly agree" everywhere: 100 on the five statements of acceptance, 0 on the three reverse-worded.
    assert total(page, "HC-COM-04") == "62.5"
    assert page.console_errors == []
