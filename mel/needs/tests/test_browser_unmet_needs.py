"""The city's M&E officer, in a real browser, reads the unmet-needs page on a phone-sized screen and
downloads it; axe-core finds nothing against WCAG 2.2 AA."""

from pathlib import Path

import pytest

from conftest import axe_violations, browser_sign_in

pytestmark = pytest.mark.browser


def test_the_me_officer_reads_the_page_at_375_px_and_downloads_the_csv(page, me_officer, gaps_scenario, codes):
    page.set_viewport_size({"width": 375, "height": 800})
    browser_sign_in(page, me_officer, totp=False)

    page.goto("/unmet-needs/")

    main = page.locator("main").inner_text()
    assert "Actions blocked, by reason and time waited" in main
    assert axe_violations(page) == []
    # Wide tables scroll inside their own box: the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    with page.expect_download() as info:
        page.get_by_role("button", name="CSV").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert "No funding" in text
    assert not [code for code in codes if code in text]
    assert page.console_errors == []
