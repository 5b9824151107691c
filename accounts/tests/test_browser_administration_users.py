"""The administrator's pages about accounts in a real browser (issue 18 §12): a new user is made,
given a membership, a role that sees people is held for a second person, a lockout is cleared; at
1280 px and at 375 px every page (list, form with its errors, a user's page, the lockouts, the
changes waiting) has nothing axe-core finds, weighs at most 100 KB and does not scroll sideways."""

import re

import pytest
from axes.models import AccessAttempt
from playwright.sync_api import expect

from conftest import axe_violations, browser_sign_in, weight
from directory.models import Membership, Role

pytestmark = pytest.mark.browser

WIDE, PHONE = {"width": 1280, "height": 900}, {"width": 375, "height": 812}
INITIAL = "an-initial-passphrase-31"


def _checked(page) -> None:
    assert axe_violations(page) == [], page.url
    assert weight(page.content()) <= 100_000, page.url
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def _confirm(page, label: str, yes: str) -> None:
    page.get_by_text(label, exact=True).click()
    page.get_by_role("button", name=yes).click()


@pytest.mark.parametrize("size", [WIDE, PHONE], ids=["1280", "375"])
def test_an_administrator_makes_a_user_gives_memberships_and_clears_a_lockout(page, administrator, city_a, size):
    AccessAttempt.objects.create(username="a.somebody", ip_address="10.0.0.7", failures_since_start=5)
    page.set_viewport_size(size)
    browser_sign_in(page, administrator, totp=False)
    page.goto("/administration/users/")
    _checked(page)
    page.get_by_role("link", name="New user").click()
    page.get_by_label("Username").fill("a.dana")
    page.locator("#id_password1").fill("short")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    _checked(page)
    page.locator("#id_password1").fill(INITIAL)
    page.locator("#id_password2").fill(INITIAL)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("User created.").wait_for()
    _checked(page)
    page.get_by_role("link", name="Add a membership").click()
    page.get_by_label("Organisation").select_option(label=city_a.social.name)
    page.get_by_label("Role").select_option(value=Role.ME_OFFICER)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Membership saved.").wait_for()
    page.get_by_role("link", name="Add a membership").click()
    page.get_by_label("Organisation").select_option(label=city_a.social.name)
    page.get_by_label("Role").select_option(value=Role.CASE_WORKER)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("waits for a second person's confirmation").first.wait_for()
    assert list(Membership.objects.filter(user__username="a.dana").values_list("role", flat=True)) == ["me_officer"]
    _checked(page)
    page.get_by_role("link", name="Changes waiting for confirmation").first.click()
    _checked(page)
    page.get_by_role("link", name="Sign-in lockouts").click()
    _checked(page)
    _confirm(page, "Unlock", "Yes, unlock")
    page.get_by_text("Unlocked").wait_for()
    assert not AccessAttempt.objects.exists()
    _checked(page)
    assert page.console_errors == []
