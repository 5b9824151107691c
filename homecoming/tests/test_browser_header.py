"""The header on a phone takes one line, its menu opens with one tap, and on a touch screen every
link and button in it is at least 44 px tall; on a wide screen it is as it was (issue 18 §7)."""

import pytest
from playwright.sync_api import expect

from conftest import axe_violations, browser_sign_in, restore_reference_data

pytestmark = pytest.mark.browser

HEIGHTS = """() => [...document.querySelectorAll('.top-menu a, .top-menu button')]
  .map(e => e.getBoundingClientRect().height)"""


@pytest.fixture
def phone(browser, live_server):
    restore_reference_data()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 812}, has_touch=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.console_errors = errors
    yield page
    context.close()


def test_on_a_phone_the_header_is_one_line_and_its_menu_opens_with_44_px_targets(phone, coordinator):
    browser_sign_in(phone, coordinator, totp=True)
    phone.goto("/")
    header, menu = phone.locator("header.top"), phone.get_by_role("button", name="Menu")
    assert header.bounding_box()["height"] <= 64
    assert phone.get_by_role("link", name="Inbox").is_hidden()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    expect(phone.get_by_role("link", name="Inbox")).to_be_visible()
    assert min(phone.evaluate(HEIGHTS)) >= 44
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert axe_violations(phone) == []
    menu.click()
    assert phone.get_by_role("link", name="Inbox").is_hidden()
    assert phone.console_errors == []


def test_on_a_wide_screen_the_header_shows_everything_and_no_menu_button(page, coordinator):
    page.set_viewport_size({"width": 1280, "height": 800})
    browser_sign_in(page, coordinator, totp=True)
    page.goto("/")
    expect(page.get_by_role("link", name="Inbox")).to_be_visible()
    assert page.get_by_role("button", name="Menu").is_hidden()
