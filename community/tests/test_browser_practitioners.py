"""The practitioners' pages and the case page's new sections in a real browser, at 375 px too:
axe-core finds nothing against WCAG 2.2 AA, nothing scrolls sideways, and no page with its CSS and
JS weighs more than 100 KB."""

import pytest
from playwright.sync_api import expect

from community.experiences.tests.helpers import civic, incident
from community.practitioners.tests.builders import course, support, training
from conftest import axe_violations, browser_sign_in, weight

pytestmark = pytest.mark.browser


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_coordinators_training_and_support_pages_pass_axe_at_375_px(page, coordinator, case_worker):
    trauma = course(coordinator)
    session = training(coordinator, trauma, groups=[("school", "teacher", 12)], named=[case_worker])
    support(coordinator, [case_worker])
    page.set_viewport_size({"width": 375, "height": 800})
    browser_sign_in(page, coordinator, totp=True)
    for path in (
        "/practitioners/training/",
        "/practitioners/training/courses/new/",
        "/practitioners/training/sessions/new/",
        f"/practitioners/training/sessions/{session.pk}/",
        "/practitioners/support/",
        "/practitioners/me/",
        "/unmet-needs/",
    ):
        page.goto(path)
        expect(page.get_by_role("heading", level=1), path).to_be_visible()
        assert axe_violations(page) == [], path
        assert fits(page), path
        assert weight(page.content()) <= 100_000, path
    assert page.console_errors == []


def test_the_lead_reads_stigma_and_civic_sections_on_the_case_page(page, case_worker, family):
    incident(family.mother, by=case_worker)
    civic(family.mother, by=case_worker)
    browser_sign_in(page, case_worker, totp=True)
    page.goto(f"/participants/{family.mother.code}/")
    expect(page.get_by_role("heading", name="Stigma and discrimination experienced")).to_be_visible()
    expect(page.get_by_role("heading", name="Taking part in community life")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Record an incident").click()
    page.get_by_label("Where").wait_for()
    assert axe_violations(page) == []
