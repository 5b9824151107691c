"""The case page in a browser: its section links (a menu on a phone), what waits at its top, and the
focus after an edit in place: into the opened form, then to the confirmation next to its section."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.tests import builders as case
from conftest import axe_violations, browser_sign_in, weight

pytestmark = pytest.mark.browser

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def _focused_confirmation(page, section: str):
    """The focused confirmation: just above ``section``, and on the screen."""
    confirmation = page.locator(f'.confirmation[data-section="{section}"]')
    expect(confirmation).to_be_focused()
    expect(confirmation).to_have_attribute("role", "status")
    expect(confirmation).to_be_in_viewport()
    assert confirmation.evaluate("(box) => box.nextElementSibling.id") == section
    return confirmation


def test_an_inline_form_takes_the_focus_and_its_confirmation_takes_it_after_saving(page, family, case_worker):
    code = family.mother.code
    browser_sign_in(page, case_worker, totp=True)
    page.goto(f"/participants/{code}/")
    plan = page.locator("#plan")

    plan.get_by_role("link", name="Add a goal").click()
    expect(plan.get_by_label("What matters to me")).to_be_visible()
    expect(plan.locator("form :focus")).to_have_count(1)  # the focus is in the form
    plan.get_by_label("Domain").select_option(label="Housing")
    plan.get_by_label("What matters to me").fill("A warm flat of our own")
    plan.get_by_role("button", name="Save", exact=True).click()
    expect(_focused_confirmation(page, "plan")).to_have_text("Plan saved.")

    # The next edit in the same section takes the old confirmation away.
    notes = page.locator("#notes")
    notes.get_by_role("link", name="New note").click()
    expect(notes.get_by_label("Note")).to_be_visible()
    expect(notes.locator("form :focus")).to_have_count(1)
    notes.get_by_label("Note").fill("Home visit: the heating works again")
    notes.get_by_role("button", name="Save note").click()
    expect(_focused_confirmation(page, "notes")).to_have_text("Note saved.")
    assert axe_violations(page) == []
    plan.get_by_role("link", name="Add a goal").click()
    expect(page.locator('.confirmation[data-section="plan"]')).to_have_count(0)
    # Cancel puts the section back and gives the focus to its heading.
    plan.get_by_role("link", name="Cancel").click()
    expect(plan.get_by_role("heading", name="Plan", exact=True)).to_be_focused()
    assert page.console_errors == []


def test_after_approving_the_plan_its_confirmation_is_focused_next_to_it(page, family, case_worker, coordinator):
    code = family.mother.code
    case.goal(family.mother, "housing", "A warm flat of our own", by=case_worker)
    case.review(family.mother, by=case_worker, scheduled_on=timezone.localdate() - datetime.timedelta(days=2))
    browser_sign_in(page, coordinator, totp=True)
    page.goto(f"/participants/{code}/")
    waiting = page.get_by_role("region", name="Waiting for you")
    expect(waiting.get_by_role("link")).to_have_count(2)  # the plan, and the overdue review
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 812})
        assert axe_violations(page) == [], width

    waiting.get_by_role("link", name="The plan waits for your approval.").click()
    page.wait_for_url(f"**/participants/{code}/#plan")
    expect(page.locator("#plan")).to_be_in_viewport()
    page.get_by_role("button", name="Approve the plan").click()  # a whole page: a redirect to #plan
    page.wait_for_url(f"**/participants/{code}/#plan")
    expect(_focused_confirmation(page, "plan")).to_have_text("Plan approved.")
    expect(page.locator("main > div[role=status]:not(.confirmation)")).to_have_count(0)  # not at the top as well
    assert page.evaluate("window.scrollY") > 200  # the page stayed down at the plan
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_on_a_phone_the_sections_are_a_one_line_menu_whose_links_keep_their_place(page, family, case_worker):
    code = family.mother.code
    page.set_viewport_size({"width": 375, "height": 812})
    browser_sign_in(page, case_worker, totp=True)
    page.goto(f"/participants/{code}/")
    navigation = page.get_by_role("navigation", name="Sections of the case")
    menu = navigation.locator("details")
    expect(navigation.locator(".section-links")).to_be_hidden()
    assert menu.bounding_box()["height"] < 60  # one line, closed
    assert page.evaluate(OVERFLOW) <= 0
    assert weight(page.content()) <= 100 * 1024
    assert axe_violations(page) == []

    menu.locator("summary").click()
    menu.get_by_role("link", name="Contact notes").click()
    page.wait_for_url(f"**/participants/{code}/#notes")
    expect(page.locator("#notes")).to_be_in_viewport()
    page.go_back()
    page.wait_for_url(f"**/participants/{code}/")
    assert page.evaluate("window.scrollY") < 400  # back where the menu was
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(menu).to_be_hidden()
    expect(navigation.get_by_role("link", name="Contact notes")).to_be_visible()
    assert axe_violations(page) == []
    assert page.console_errors == []
