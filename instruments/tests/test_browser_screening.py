import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import browser_sign_in, new_page
from instruments.definitions import shipped
from instruments.models import Administration
from instruments.scoring import score
from instruments.tests.builders import screening

pytestmark = pytest.mark.browser


def test_a_psychologist_records_a_phq9_with_a_safety_flag_and_the_lead_is_alerted(
    page, browser, live_server, family, psychologist, case_worker
):
    mother = family.mother
    phq9 = shipped()["phq9"]
    baseline = {item: 2 for item in phq9.item_ids} | {"1": 3, "2": 3, "3": 3, "4": 3, "9": 0}
    result = score(phq9, baseline)
    assert result.total == 20
    screening(
        mother,
        by=psychologist,
        answers=baseline,
        administered_on=timezone.localdate() - datetime.timedelta(days=90),
        mode="in_session",
    )

    # 1. The psychologist gives the PHQ-9 in session: much better, but item 9 is "Several days".
    browser_sign_in(page, psychologist, totp=False)
    page.goto(f"/participants/{mother.code}/")
    page.locator("#screenings").get_by_role("link", name="PHQ-9").click()
    expect(page.get_by_text("You can stop at any time.")).to_be_visible()
    page.get_by_label("Date").fill(timezone.localdate().isoformat())
    page.get_by_label("In session").check()
    items = page.locator("fieldset.item")
    expect(items).to_have_count(9)
    for index in range(9):
        answer = "Several days" if index < 4 or index == 8 else "Not at all"
        items.nth(index).get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/screenings/\d+/$"))
    follow_up = Administration.objects.latest("pk")
    assert follow_up.total == 5 and follow_up.flags
    expect(page.get_by_role("alert").or_(page.locator(".warning")).first).to_be_visible()

    # 2. The lead case worker's inbox shows the safety notice.
    lead = new_page(browser, live_server)
    browser_sign_in(lead, case_worker, totp=True)
    nav_inbox = lead.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile(r"^Inbox"))
    expect(nav_inbox).to_contain_text("1")
    nav_inbox.click()
    notice = lead.locator("ul.notices li").filter(has_text=f"Safety alert: a PHQ-9 screening of {mother.code}")
    expect(notice).to_be_visible()

    # 3. The PHQ-9 chart: baseline and follow-up, and the reliable-improvement marker.
    notice.get_by_role("link", name="See what to do next").click()
    lead.goto(f"/participants/{mother.code}/")
    trend = lead.locator("#screenings .trend").filter(has_text="PHQ-9")
    expect(trend.locator("svg circle[r='4']")).to_have_count(2)
    expect(trend.locator("svg .rc-marker[data-change='improved']")).to_have_count(1)
    expect(trend).to_contain_text("Baseline 20, latest 5 (-15)")
    expect(trend.locator("span.tag")).to_have_text("reliable improvement")
    assert page.console_errors == lead.console_errors == []
    lead.context.close()
