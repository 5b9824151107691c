"""Every page the authorization matrix reaches, opened once in Chromium as a role that may open it
(issue 18): axe-core finds nothing at 1280 px and at 375 px, and at 375 px in English, Russian and
Kazakh nothing scrolls sideways and the console stays clean. One browser, one sign-in per role.

The JSON API, the inbox count and downloads are not pages. `make sweep` runs the same for every
role that may open each page, with axe in every language (minutes: not part of `make test`)."""

import os

import pytest
from django.conf import settings

from conftest import axe_violations, browser_sign_in, new_page, restore_reference_data
from homecoming.tests.test_authorization_matrix import (
    ANON,
    WITH_TOTP,
    all_routes,
    expected_status,
    make_matrix_objects,
    sample_path,
)

pytestmark = pytest.mark.browser

# Who opens each page: the first role here that the matrix lets in.
OPENERS = [ANON, "case_worker", "coordinator", "psychologist", "cso_partner", "police_partner", "me_officer"]
OPENERS += ["network_editor", "administrator", "other_coordinator", "other_case_worker", "outsider"]
# The JSON API, and the count a page fetches into its navigation (a fragment, not a page).
NOT_PAGES = ("api/", "inbox/count/")
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
EVERY = os.environ.get("HOMECOMING_SWEEP") == "all"


def pages_by_opener() -> dict[str, list[str]]:
    chosen: dict[str, list[str]] = {}
    for route in all_routes():
        if route.startswith(NOT_PAGES):
            continue
        openers = [persona for persona in OPENERS if expected_status(route, persona) == 200]
        for opener in openers if EVERY else openers[:1]:
            chosen.setdefault(opener, []).append(route)
    return chosen


def problems_of(page, path: str) -> list[str]:
    """Everything wrong with one page, or [] (also for an answer that is not a page: a download)."""
    answer = page.context.request.get(path, max_redirects=0)
    if not answer.headers.get("content-type", "").startswith("text/html"):
        return []
    found = []
    for language in ("en", "ru", "kk"):
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.url}])
        page.set_viewport_size({"width": 1280, "height": 900})
        page.console_errors.clear()
        page.goto(path)
        if language == "en" or EVERY:
            found += [f"{language}: axe at 1280 px: {v}" for v in axe_violations(page)]
        page.set_viewport_size({"width": 375, "height": 812})
        if language == "en" or EVERY:
            found += [f"{language}: axe at 375 px: {v}" for v in axe_violations(page)]
        if (overflow := page.evaluate(OVERFLOW)) > 0:
            found.append(f"{language}: {overflow} px wider than a 375 px screen")
        found += [f"{language}: console: {error}" for error in page.console_errors]
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": page.url}])
    return [f"{path} as {page.opener}: {problem}" for problem in found]


# One test per role, so that the two test processes share the pages between them.
OPENED = pages_by_opener()


@pytest.mark.parametrize("opener", list(OPENED))
def test_every_page_passes_axe_and_fits_a_phone_in_every_language(
    opener, browser, live_server, city_a, city_b, family, personas
):
    restore_reference_data()  # an earlier live-server test's flush took the seeded needs domains with it
    objects = make_matrix_objects(city_a, city_b, personas["coordinator"], personas["case_worker"], family)
    page = new_page(browser, live_server)
    page.opener = opener
    page.goto("/")
    if opener != ANON:
        browser_sign_in(page, personas[opener], totp=opener in WITH_TOTP)
    problems = [problem for route in OPENED[opener] for problem in problems_of(page, sample_path(route, objects))]
    page.context.close()
    assert not problems, "\n".join(problems)
