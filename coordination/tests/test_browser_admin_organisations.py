"""The administrator's organisations, jurisdictions, services, needs domains and milestone kinds
in the browser (issue 18 §12): the everyday work end to end at 1280 px, and every page at 375 px in
English, Russian and Kazakh; axe-core finds nothing, no page weighs over 100 KB with its CSS and JS,
nothing scrolls sideways and the console stays clean."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from conftest import axe_violations, browser_sign_in, weight

pytestmark = pytest.mark.browser

LIMIT = 100 * 1000
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def checked(page, problems: list[str], what: str, *, axe: bool = True) -> None:
    """What is wrong with the page as it is now: axe's findings, its weight, sideways scrolling."""
    if axe:
        problems += [f"{what}: {violation}" for violation in axe_violations(page)]
    if (size := weight(page.content())) > LIMIT:
        problems.append(f"{what}: {size} bytes")
    if (overflow := page.evaluate(OVERFLOW)) > 0:
        problems.append(f"{what}: {overflow} px too wide")


def test_an_administrator_adds_an_organisation_and_its_service_at_1280_px(page, administrator, city_a):
    page.set_viewport_size({"width": 1280, "height": 800})
    browser_sign_in(page, administrator, totp=False)
    problems: list[str] = []
    page.get_by_role("link", name="Organisations").first.click()
    page.get_by_label("Kind").select_option("cso")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name="Almaty CSO")).to_be_visible()
    checked(page, problems, "organisations")
    page.get_by_role("link", name="Add an organisation").click()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    checked(page, problems, "organisation form with errors")
    page.locator("#id_name").fill("Almaty School 5")
    page.get_by_label("Short name").fill("almaty-school-5")
    page.get_by_label("Kind").select_option("school")
    page.get_by_label("Jurisdiction").select_option(label="Almaty")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Almaty School 5", level=1)).to_be_visible()
    page.get_by_role("link", name="Add a service").click()
    page.get_by_label("Needs domain").select_option(index=1)
    page.get_by_label("Service").fill("After-school tutoring")
    page.get_by_label("Contact point").fill("Room 12, +7 727 000 0000")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="After-school tutoring")).to_be_visible()
    checked(page, problems, "organisation")
    for area, form in (("Jurisdictions", "Add a jurisdiction"), ("Needs domains", "Add a needs domain")):
        page.get_by_role("navigation", name="Administration").get_by_role("link", name=area).click()
        checked(page, problems, area)
        page.get_by_role("link", name=form).click()
        page.get_by_role("button", name="Save").click()
        checked(page, problems, f"{form} with errors")
    page.get_by_role("navigation", name="Administration").get_by_role("link", name="Milestone kinds").click()
    checked(page, problems, "milestone kinds")
    page.locator("table a.code").first.click()
    checked(page, problems, "a milestone kind")
    assert problems == []
    assert page.console_errors == []


def test_every_page_of_the_part_fits_a_phone_in_every_language(page, administrator, city_a):
    from casework.models import MilestoneKind, NeedsDomain
    from coordination.models import Service

    service = Service.objects.create(
        organisation=city_a.social,
        domain=NeedsDomain.objects.get(code="housing"),
        description="Social housing advice with a rather long description of what is offered",
        contact_point="Intake desk, ground floor, weekdays 9 to 17",
    )
    social, city = city_a.social.pk, city_a.city.pk
    paths = [
        "/administration/organisations/",
        f"/administration/organisations/{social}/",
        f"/administration/organisations/{social}/edit/",
        f"/administration/organisations/{social}/services/{service.pk}/",
        "/administration/jurisdictions/",
        f"/administration/jurisdictions/{city}/",
        "/administration/needs-domains/",
        f"/administration/needs-domains/{NeedsDomain.objects.get(code='housing').pk}/",
        "/administration/milestone-kinds/",
        f"/administration/milestone-kinds/{MilestoneKind.objects.get(code='employed').pk}/",
    ]
    page.set_viewport_size({"width": 375, "height": 812})
    browser_sign_in(page, administrator, totp=False)
    problems: list[str] = []
    for language in ("en", "ru", "kk"):
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.url}])
        for path in paths:
            page.goto(path)
            checked(page, problems, f"{language} {path}", axe=language == "en")
    assert problems == []
    assert page.console_errors == []
