"""The API tokens page in a real browser at 375 px: axe-core finds nothing, a token is made and its
secret shown once, and the page stays under 100 KB with its CSS and JS."""

import pytest
from playwright.sync_api import expect

from conftest import axe_violations, browser_sign_in, weight

pytestmark = pytest.mark.browser


def test_a_case_worker_makes_a_token_on_a_phone_sized_screen(page, case_worker):
    page.set_viewport_size({"width": 375, "height": 800})
    browser_sign_in(page, case_worker, totp=True)
    page.goto("/account/tokens/")
    assert axe_violations(page) == []
    page.get_by_label("What it is for").fill("Services register")
    page.get_by_role("button", name="Make the token").click()
    secret = page.locator("code.secret").inner_text()
    assert secret.startswith("hc_")
    expect(page.get_by_text("Services register")).to_be_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert weight(page.content()) <= 100_000
    assert page.console_errors == []
