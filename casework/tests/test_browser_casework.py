import datetime

import pytest
from django.utils import formats, timezone
from playwright.sync_api import expect

from accounts.totp import current_code
from casework.models import Action, ContactNote, NeedsAssessment, NeedsDomain
from casework.tests import builders as case
from conftest import PASSWORD

pytestmark = pytest.mark.browser

TEAM_NOTE = "Home visit went well; the landlord agreed to fix the heating before winter."
CLINICAL_NOTE = "Session three: sleep improving, intrusive memories less frequent."
GOALS = [("Housing", "A warm flat of our own"), ("Identity and documents", "Papers for the children")]
ACTIONS = [
    ("A warm flat of our own", "Visit the housing office together", "Almaty Social Services", "Planned"),
    ("A warm flat of our own", "Ask the CSO about the rent fund", "Almaty CSO", "In progress"),
    ("Papers for the children", "Book the registry appointment", "Almaty Social Services", "Planned"),
]


def _sign_in(page, user, *, second_factor_at=None):
    """Password, then the authenticator's code if the account has one (``second_factor_at`` set)."""
    page.goto("/account/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if second_factor_at is not None:
        page.wait_for_url("**/account/2fa/authenticate/")
        page.get_by_label("Code").fill(current_code(user, at=second_factor_at))
        page.get_by_role("button", name="Continue").click()
    # "/" against the base URL: a glob such as "**/" would already match the 2FA page.
    page.wait_for_url("/")


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/account/login/**")


def _write_note(page, code, *, text, who_may_read):
    """In place: the notes section becomes the form, and the saved note appears there."""
    notes = page.locator("#notes")
    notes.get_by_role("link", name="New note").click()
    notes.get_by_label("Type").select_option(label="Home visit" if who_may_read == "Case team" else "Session")
    notes.get_by_label("Note").fill(text)
    notes.get_by_role("group", name="Who may read it").get_by_label(who_may_read).check()
    notes.get_by_role("button", name="Save note").click()
    expect(notes.locator("article").filter(has_text=text)).to_be_visible()
    assert page.url.endswith(f"/participants/{code}/")  # the page never reloaded


def test_case_worker_runs_the_daily_work_and_clinical_notes_stay_within_the_discipline(
    page, family, case_worker, psychologist, cso_partner
):
    mother = family.mother
    code = mother.code
    today = timezone.localdate()
    goal = case.goal(mother, "livelihood", "Work", by=case_worker)
    plan = goal.plan
    case.action(
        goal,
        "Sewing course",
        by=case_worker,
        responsible_organisation=mother.owner,
        due_on=today - datetime.timedelta(days=1),
    )

    # 1. The lead case worker signs in with the password and the authenticator's code.
    _sign_in(page, case_worker, second_factor_at=timezone.now())

    # 2. The caseload, filtered to overdue actions, shows the mother alone.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Participants").click()
    page.wait_for_url("/participants/")
    expect(page.locator("table tbody tr")).to_have_count(3)
    page.get_by_label("With overdue actions").check()
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/participants/?*overdue=on*")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("cell").first).to_contain_text(code)
    expect(rows.first).to_contain_text("overdue")
    expect(page.get_by_text("1 participant", exact=True)).to_be_visible()

    # 3. A needs assessment: every domain that applies to an adult is rated, the optional one left out.
    rows.first.get_by_role("link", name=code).click()
    page.wait_for_url(f"/participants/{code}/")
    needs = page.locator("#needs")
    needs.get_by_role("link", name="New assessment").click()
    expect(needs.get_by_role("button", name="Save assessment")).to_be_visible()
    domains = needs.locator("form fieldset")
    expect(domains).to_have_count(NeedsDomain.objects.filter(is_active=True).count())
    rated = 0
    for index in range(domains.count()):
        domain = domains.nth(index)
        legend = domain.locator("legend").inner_text()
        if legend.startswith("Meaning and spiritual support"):
            expect(domain.get_by_label("not assessed")).to_be_checked()
            continue
        domain.get_by_label("2 · serious need" if legend == "Housing" else "3 · some need").check()
        rated += 1
    needs.get_by_role("button", name="Save assessment").click()
    housing = needs.get_by_role("row").filter(has_text="Housing")
    expect(housing.get_by_role("cell").nth(1)).to_have_text("2 · serious need")
    assessment = NeedsAssessment.objects.get(participant=mother)
    assert assessment.ratings.count() == rated == 10
    assert not assessment.ratings.filter(domain__code="meaning").exists()

    # 4. The plan: two more goals in the participant's words, three actions under them.
    plan_section = page.locator("#plan")
    for domain, what_matters in GOALS:
        plan_section.get_by_role("link", name="Add a goal").click()
        plan_section.get_by_label("Domain").select_option(label=domain)
        plan_section.get_by_label("What matters to me").fill(what_matters)
        plan_section.get_by_role("button", name="Save", exact=True).click()
        expect(plan_section.get_by_role("heading", level=3, name=f"{domain}: «{what_matters}»")).to_be_visible()
    due = today + datetime.timedelta(days=14)
    for what_matters, description, organisation, status in ACTIONS:
        goal_block = plan_section.locator(".goal").filter(has_text=f"«{what_matters}»")
        goal_block.get_by_role("link", name="Add an action").click()
        plan_section.get_by_label("Action", exact=False).first.fill(description)
        plan_section.get_by_label("Responsible organisation").select_option(label=organisation)
        plan_section.get_by_label("Due").fill(due.isoformat())
        plan_section.get_by_label("Status").select_option(label=status)
        plan_section.get_by_role("button", name="Save", exact=True).click()
        expect(plan_section.locator(".goal").first).to_be_visible()
        row = plan_section.locator(".goal").filter(has_text=f"«{what_matters}»").get_by_role("row", name=description)
        expect(row.get_by_role("cell")).to_have_text([description, organisation, formats.date_format(due), status])
    assert page.url.endswith(f"/participants/{code}/")  # every change was made in place
    expect(plan_section.locator(".goal")).to_have_count(3)
    expect(plan_section.locator(".goal tbody tr")).to_have_count(4)
    assert Action.objects.filter(goal__plan=plan).count() == 4

    # 5. A note for the case team.
    _write_note(page, code, text=TEAM_NOTE, who_may_read="Case team")
    assert ContactNote.objects.get(text=TEAM_NOTE).sensitivity == ContactNote.Sensitivity.TEAM

    # 6. A CSO partner outside the case team does not find the mother at all.
    _sign_out(page)
    _sign_in(page, cso_partner)
    assert page.console_errors == []
    response = page.goto(f"/participants/{code}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    assert TEAM_NOTE not in page.content()
    # Chromium logs the 404 document itself as a failed load; that one message is expected.
    assert page.console_errors == ["Failed to load resource: the server responded with a status of 404 (Not Found)"]
    page.console_errors.clear()

    # 7. The psychologist on the team writes a note for their discipline only.
    _sign_out(page)
    _sign_in(page, psychologist)
    page.goto(f"/participants/{code}/")
    expect(page.locator("#notes")).to_contain_text(TEAM_NOTE)
    _write_note(page, code, text=CLINICAL_NOTE, who_may_read="Clinical: my discipline only")
    clinical = page.locator("#notes article").filter(has_text=CLINICAL_NOTE)
    expect(clinical.locator(".tag", has_text="clinical")).to_be_visible()

    # 8. Back to the case worker (the used code is refused within its window, so the next one):
    # the team note is there, the clinical note is not.
    _sign_out(page)
    _sign_in(page, case_worker, second_factor_at=timezone.now() + datetime.timedelta(seconds=30))
    page.goto(f"/participants/{code}/")
    notes = page.locator("#notes")
    expect(notes).to_contain_text(TEAM_NOTE)
    expect(notes.locator("article")).to_have_count(1)
    assert CLINICAL_NOTE not in page.content()
    assert page.console_errors == []
