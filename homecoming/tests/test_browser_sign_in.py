import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.totp import current_code
from conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_coordinator_signs_in_with_the_second_factor_in_a_real_browser(page, coordinator):
    page.goto("/")
    assert page.url.endswith("/account/login/?next=/")
    page.get_by_label("Username").fill(coordinator.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/account/2fa/authenticate/")
    page.get_by_label("Code").fill(current_code(coordinator, at=timezone.now()))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Coordination")
    expect(page.get_by_text("Almaty Social Services · Coordinator")).to_be_visible()

    # htmx is loaded from the app, keeps no page snapshots and never evaluates code.
    assert page.evaluate("typeof htmx") == "object"
    assert page.evaluate("htmx.config.historyCacheSize") == 0
    assert page.evaluate("htmx.config.allowEval") is False
    page.get_by_role("link", name="My account").click()
    page.go_back()
    assert page.evaluate("Object.keys(sessionStorage)") == []
    assert page.console_errors == []


def test_the_language_switch_in_the_browser_keeps_the_page(page, cso_partner):
    page.goto("/account/login/")
    page.get_by_label("Username").fill(cso_partner.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("/")
    page.get_by_role("button", name="Русский").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.console_errors == []
