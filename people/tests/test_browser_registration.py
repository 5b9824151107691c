import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.totp import current_code
from conftest import PASSWORD
from core.models import AuditEvent
from people.models import Participant

pytestmark = pytest.mark.browser

CODE = r"[A-Z0-9]{4}-[A-Z0-9]{4}"
MOTHER = ("Gulnara Browser-Mother", "1987-05-23", "N98765432")
CHILDREN = [("Aigerim Browser-Daughter", "2012-08-17", "female"), ("Daniyar Browser-Son", "2016-02-29", "male")]
REASON = "Preparing the home visit on Thursday"


def _sign_in(page, user):
    page.goto("/account/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/account/2fa/authenticate/")
    page.get_by_label("Code").fill(current_code(user, at=timezone.now()))
    page.get_by_role("button", name="Continue").click()
    # "/" against the base URL: a glob such as "**/" would already match the 2FA page.
    page.wait_for_url("/")


def _fill_member(member, *, role, name, sex, born, document=""):
    member.get_by_label("Role in household").select_option(label=role)
    member.get_by_label("Legal name").fill(name)
    member.get_by_label("Sex").select_option(label=sex)
    member.get_by_label("Date of birth").fill(born)
    if document:
        member.get_by_label("Document number").fill(document)


def test_case_worker_registers_a_family_sees_the_duplicate_warning_and_reveals_an_identity_in_the_browser(
    page, case_worker, coordinator
):
    name, born, document = MOTHER

    # 1. The case worker signs in with the password and the authenticator's code.
    _sign_in(page, case_worker)

    # 2. Registers a mother and two children from the participants list.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Participants").click()
    page.wait_for_url("**/participants/")
    page.get_by_role("link", name="Register a household").click()
    page.wait_for_url("**/participants/register/")
    members = page.locator("fieldset.member")
    expect(members).to_have_count(3)
    _fill_member(members.nth(0), role="Mother", name=name, sex="Female", born=born, document=document)
    for index, (child, child_born, sex) in enumerate(CHILDREN, start=1):
        _fill_member(members.nth(index), role="Child", name=child, sex=sex.title(), born=child_born)
    page.get_by_label("Returned to the country on").fill("2025-11-03")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(re.compile(rf"/participants/{CODE}/$"))

    mother_url = page.url
    mother_code = mother_url.rstrip("/").rsplit("/", 1)[1]
    expect(page.get_by_role("status")).to_contain_text(re.compile(rf"Household {CODE} registered\."))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(rf"{CODE}"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(mother_code)
    assert name not in page.content()
    assert document not in page.content()
    mother = Participant.objects.get(code=mother_code)
    assert (mother.household_role, mother.identity.full_name) == ("mother", name)
    assert mother.household.members.count() == 3
    registered = Participant.objects.count()

    # 3. Registering the same mother again is held back with a pointer to the existing record.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Participants").click()
    page.get_by_role("link", name="Register a household").click()
    page.wait_for_url("**/participants/register/")
    # A mistake first: the error summary at the top takes the focus and leads to the field.
    page.locator("fieldset.member").nth(0).get_by_label("Legal name").fill(name)
    page.get_by_role("button", name="Register").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error:"))
    summary.get_by_role("link", name=re.compile("Member 1, Year of birth")).click()
    expect(page.locator("#id_member-0-birth_year")).to_be_focused()
    _fill_member(page.locator("fieldset.member").nth(0), role="Mother", name=name, sex="Female", born=born)
    page.get_by_role("button", name="Register").click()
    duplicates = page.locator("#duplicates")
    expect(duplicates.get_by_role("heading", name="Possible duplicates")).to_be_visible()
    expect(duplicates).to_contain_text("Member 1")
    expect(duplicates).to_contain_text("the same name and date of birth are already registered")
    expect(duplicates.get_by_role("link", name=mother_code)).to_have_attribute("href", f"/participants/{mother_code}/")
    expect(page.get_by_label("I have checked the possible duplicates above: register anyway")).not_to_be_checked()
    assert Participant.objects.count() == registered

    # 4. The lead case worker shows the mother's identity, giving a reason (htmx swaps the section).
    duplicates.get_by_role("link", name=mother_code).click()
    page.wait_for_url(f"**/participants/{mother_code}/")
    identity = page.locator("#identity")
    expect(identity).not_to_contain_text(name)
    identity.get_by_label("Why do you need to see the identity?").fill(REASON)
    identity.get_by_role("button", name="Show identity").click()
    identity = page.locator("#identity")
    expect(identity).to_contain_text(name)
    expect(identity).to_contain_text("23 May 1987")
    expect(identity).to_contain_text(document)
    assert page.url == mother_url  # swapped in place, no navigation
    assert AuditEvent.objects.filter(
        action="identity.revealed", actor=case_worker, object_ref=mother_code, reason=REASON
    ).exists()

    # 5. The coordinator sees the reveal in the audit trail.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/account/login/**")
    _sign_in(page, coordinator)
    page.goto(f"/participants/{mother_code}/")
    audit = page.locator("#audit")
    expect(audit.get_by_role("heading", name="Audit trail")).to_be_visible()
    row = audit.get_by_role("row").filter(has_text="Identity shown")
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell").nth(1)).to_have_text(case_worker.username)
    expect(row.get_by_role("cell").nth(3)).to_have_text(REASON)
    # Nothing is shown to the coordinator without their own reveal.
    expect(page.locator("#identity")).not_to_contain_text(name)
    assert page.console_errors == []
