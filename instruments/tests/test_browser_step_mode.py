"""One question per screen on a phone, as a participant holds it: every question with its answers on one
screen, no staff navigation, and an end that shows nothing of the result until the practitioner's tap."""

import re

import pytest
from playwright.sync_api import expect

from conftest import axe_violations, browser_sign_in, weight
from instruments.models import Administration

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 375, 812
# Severe, with item 9 answered: the result page has a band and the safety notice to keep from the participant.
ANSWERS = ["Nearly every day"] * 4 + ["More than half the days"] * 5
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def _on_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT


def _off_screen(page, where: str) -> list[str]:
    """The question's last answer and the Skip button, each unless wholly on the screen."""
    card = page.locator("#step-card")
    controls = {"last answer": card.locator("button.answer").last, "skip": card.locator("button[name=skip]")}
    return [f"{where}: {name}" for name, control in controls.items() if not _on_screen(control)]


def _longest_questions_fit(page, user, url) -> list[str]:
    """In Russian and Kazakh (the instrument in English, under a note saying so, and longer words
    around it): the first question, the one with the note, and question 8, the longest."""
    off_screen = []
    for language in ("ru", "kk"):
        user.language = language
        user.save(update_fields=["language"])
        page.goto(url)
        off_screen += _off_screen(page, f"{language} question 1")
        # Straight to question 8: the step the form posts is a hidden field; skipping from 7 shows 8.
        page.locator("#step-card input[name=step]").evaluate("(field) => { field.value = '6'; }")
        page.locator("#step-card button[name=skip]").click()
        expect(page.locator("#step-card .step-progress")).to_contain_text("8")
        off_screen += _off_screen(page, f"{language} question 8")
    user.language = "en"
    user.save(update_fields=["language"])
    return off_screen


def test_a_phq9_in_step_mode_on_a_phone_ends_on_the_hand_back_screen(page, family, psychologist):
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    browser_sign_in(page, psychologist, totp=False)
    url = f"/participants/{family.mother.code}/screenings/phq9/new/?mode=step"
    off_screen = _longest_questions_fit(page, psychologist, url)
    page.goto(url)
    card = page.locator("#step-card")
    expect(page.get_by_role("navigation")).to_have_count(0)
    assert axe_violations(page) == []
    assert weight(page.content()) <= 100_000

    for index, answer in enumerate(ANSWERS):
        expect(card.locator(".step-progress")).to_contain_text(f"Question {index + 1} of 9")
        off_screen += _off_screen(page, f"en question {index + 1}")
        assert page.evaluate(OVERFLOW) <= 0
        card.get_by_role("button", name=answer, exact=True).click()
    assert off_screen == []

    expect(card.get_by_role("heading", name="Check the answers")).to_be_visible()
    card.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/screenings/\d+/hand-back/$"))
    administration = Administration.objects.get()
    assert administration.band["label"]["en"] == "Severe" and administration.flags

    # The hand-back screen: thanks, and nothing of the result, the staff's navigation or their names.
    expect(page.get_by_role("heading", name="Thank you — please hand the device back")).to_be_visible()
    text = page.locator("body").inner_text()
    for result in ("Severe", "Safety first", "self-harm", "Score", "22", "Nearly every day", "PHQ-9"):
        assert result not in text, result
    expect(page.get_by_role("navigation")).to_have_count(0)
    expect(page.get_by_role("link")).to_have_text(["Skip to content"])  # the only link, and not a way out
    assert axe_violations(page) == []
    assert weight(page.content()) <= 100_000 and page.evaluate(OVERFLOW) <= 0

    # Back shows the questionnaire afresh, not the result.
    page.go_back()
    expect(card.locator(".step-progress")).to_contain_text("Question 1 of 9")
    expect(card.locator('button.answer[aria-pressed="true"]')).to_have_count(0)
    assert "Severe" not in page.locator("body").inner_text()
    page.go_forward()

    # The practitioner takes the device back: one tap, and the staff result page.
    page.get_by_role("button", name="I have the device back: show the result").click()
    page.wait_for_url(re.compile(rf"/screenings/{administration.pk}/$"))
    expect(page.get_by_role("heading", name="Safety first")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Severe")
    # The staff header again: on a phone its navigation folds behind "Menu".
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert page.console_errors == []
