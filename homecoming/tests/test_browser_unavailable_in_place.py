"""A form saved in place (htmx) while the database cannot be reached: the calm 503 page's words
appear above the form, which keeps what was typed."""

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from casework import actions
from conftest import browser_sign_in

pytestmark = pytest.mark.browser


def test_a_note_saved_during_an_outage_says_so_and_keeps_the_text(page, case_worker, family, monkeypatch):
    browser_sign_in(page, case_worker, totp=True)
    page.goto(f"/participants/{family.mother.code}/")
    notes = page.locator("#notes")
    notes.get_by_role("link", name="New note").click()
    notes.get_by_label("Note").fill("Visited; the kitchen heater works again")

    def unreachable(**_kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(actions, "write_note", unreachable)  # the live server runs in this process
    notes.get_by_role("button", name="Save note").click()

    told = page.locator(".error-summary[data-failed-answer]")
    expect(told).to_be_focused()
    expect(told.get_by_role("heading", name="Please try again in a minute")).to_be_visible()
    expect(told).to_contain_text("Nothing is ever half-saved")
    expect(told).not_to_contain_text("has not kept what you typed")
    expect(page.locator("#notes").get_by_label("Note")).to_have_value("Visited; the kitchen heater works again")
    # What the browser and htmx log of a 503, and nothing else.
    expected = ("Failed to load resource: the server responded with a status of 503", "Response Status Error Code 503")
    assert [error for error in page.console_errors if not error.startswith(expected)] == []
