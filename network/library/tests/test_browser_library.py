"""In a real browser: a network editor drafts a practice (in Russian) and submits it, the coordinator
publishes it, and a reader finds it by a Russian word and opens its before-after panel; axe-core
finds nothing against WCAG 2.2 AA on the way, at 375 px."""

import pytest
from playwright.sync_api import expect

from conftest import axe_violations, browser_sign_in, new_page

pytestmark = pytest.mark.browser


def _clean(page) -> None:
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_practice_is_drafted_published_and_found_by_a_russian_word(
    page, browser, live_server, network_editor, coordinator, cso_partner
):
    page.set_viewport_size({"width": 375, "height": 800})
    browser_sign_in(page, network_editor, totp=False)
    page.goto("/practices/new/")
    _clean(page)
    page.locator("#id_title").fill("Школьные наставники")
    page.locator("#id_summary").fill("Дети идут в школу с наставником из старших классов.")
    page.locator("#id_language").select_option("ru")
    page.locator('input[name="phases"][value="reintegration"]').check()
    page.locator('input[name="indicators"][value="HC-OUT-02"]').check()
    page.locator("#id_what_was_done").fill("Каждому ребёнку назначен наставник.")
    page.locator("#id_evidence_text").fill("Отчёты учителей за первую четверть.")
    page.locator("#id_started_on").fill("2026-02-01")
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("main")).to_contain_text("In review")
    page.context.close()

    reviewer = new_page(browser, live_server)
    reviewer.set_viewport_size({"width": 375, "height": 800})
    browser_sign_in(reviewer, coordinator, totp=True)
    reviewer.goto("/practices/")
    reviewer.get_by_role("link", name="Школьные наставники").click()
    _clean(reviewer)
    reviewer.locator("#id_review-decision").select_option("approve")
    reviewer.get_by_role("button", name="Record the decision").click()
    expect(reviewer.locator("main")).to_contain_text("Practice published.")
    reviewer.context.close()

    reader = new_page(browser, live_server)
    reader.set_viewport_size({"width": 375, "height": 800})
    browser_sign_in(reader, cso_partner, totp=False)
    reader.goto("/practices/")
    reader.locator("#id_q").fill("наставником")
    reader.get_by_role("button", name="Search").click()
    _clean(reader)
    reader.get_by_role("link", name="Школьные наставники").click()
    panel = reader.locator("#before-after")
    expect(panel).to_contain_text("is not proof that the practice caused the change")
    expect(panel).to_contain_text("HC-OUT-02")
    _clean(reader)
    assert reader.console_errors == []
    reader.context.close()
