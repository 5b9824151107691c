"""At 375 px, in English, Russian and Kazakh, the everyday pages fit the screen: nothing scrolls
sideways, and participant codes never break across lines."""

import pytest
from django.conf import settings

from casework.models import NeedsDomain
from conftest import browser_sign_in
from coordination.models import Referral, Service
from coordination.tests.helpers import case_record, consent, refer

pytestmark = pytest.mark.browser

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
# A code's height in lines: more than one line means it broke.
CODES_ON_ONE_LINE = """() => [...document.querySelectorAll('.code')].every(element => {
  const lines = element.getClientRects(); return lines.length <= 1;
})"""


# The innermost elements that reach past the screen's right edge: what to fix.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 1
    && ![...e.children].some(c => c.getBoundingClientRect().right > innerWidth + 1))
  .slice(0, 3).map(e => e.tagName.toLowerCase() + ' "' + (e.textContent || '').trim().slice(0, 30) + '"')"""


def wide_pages(page, paths, language):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.url}])
    problems = []
    for path in paths:
        page.goto(path)
        overflow = page.evaluate(OVERFLOW)
        if overflow > 0:
            problems.append(f"{language} {path}: {overflow} px too wide, at {page.evaluate(WIDEST)}")
        if not page.evaluate(CODES_ON_ONE_LINE):
            problems.append(f"{language} {path}: a code breaks across lines")
    return problems


@pytest.fixture
def referred(client, family, case_worker, city_a):
    Service.objects.create(
        organisation=city_a.cso,
        domain=NeedsDomain.objects.get(code="livelihood"),
        description="Sewing cooperative with a long description of what it offers to participants",
        contact_point="Intake desk, ground floor, weekdays 9 to 17",
    )
    case_record(family.mother, by=case_worker)
    consent(family.mother, city_a.cso, ["livelihood", "summary"], recorded_by=case_worker)
    client.force_login(case_worker)
    refer(client, family.mother, city_a.cso, ["livelihood", "summary"])
    return Referral.objects.get()


LANGUAGES = ["en", "ru", "kk"]


def test_the_case_workers_pages_fit_a_phone_in_every_language(page, case_worker, family, referred):
    page.set_viewport_size({"width": 375, "height": 812})
    browser_sign_in(page, case_worker, totp=True)
    paths = ["/", "/participants/", f"/participants/{family.mother.code}/", "/services/", "/inbox/"]
    paths.append(f"/referrals/{referred.pk}/")
    assert [problem for language in LANGUAGES for problem in wide_pages(page, paths, language)] == []


def test_the_partners_pages_fit_a_phone_in_every_language(page, cso_partner, referred):
    page.set_viewport_size({"width": 375, "height": 812})
    browser_sign_in(page, cso_partner, totp=False)
    paths = ["/", "/inbox/", f"/referrals/{referred.pk}/", "/services/"]
    assert [problem for language in LANGUAGES for problem in wide_pages(page, paths, language)] == []
