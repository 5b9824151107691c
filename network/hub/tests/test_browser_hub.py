"""The hub's pages in a real browser at 375 px: axe-core finds nothing against WCAG 2.2 AA, nothing
scrolls sideways, and no page with its CSS and JS weighs more than 100 KB."""

import pytest
from playwright.sync_api import expect

from conftest import axe_violations, browser_sign_in, weight
from network.hub.demo import seed_hub
from network.library.models import Practice

pytestmark = pytest.mark.browser


def test_the_hub_pages_pass_axe_at_375_px_and_stay_light(page, hub, me_officer):
    seed_hub()
    practice = Practice.objects.filter(received_from__isnull=False).exclude(indicators=[]).first()
    page.set_viewport_size({"width": 375, "height": 800})
    browser_sign_in(page, me_officer, totp=False)
    for path in (
        "/",
        "/hub/compare/?indicator=HC-OUT-02",
        "/hub/trends/?indicator=HC-OUT-02",
        "/hub/reports/",
        "/practices/",
        "/practices/?q=школ",
        f"/practices/{practice.pk}/",
    ):
        page.goto(path)
        expect(page.get_by_role("heading", level=1), path).to_be_visible()
        assert axe_violations(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        assert weight(page.content()) <= 100_000, path
    assert page.console_errors == []
