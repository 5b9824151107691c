"""One question per screen: the same screening as the one-page form, nothing stored before Save."""

from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from instruments.models import Administration
from instruments.tests.builders import visible_text

PHQ9_ANSWERS = [2, 2, 1, 1, 1, 1, 1, 1, 0]


class _HiddenFields(HTMLParser):
    """The hidden fields a browser would post back with the step form, read from the page."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.in_step_form = False

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if tag == "form":
            self.in_step_form = "mode=step" in (attrs.get("action") or "")
        elif (
            tag == "input"
            and self.in_step_form
            and attrs.get("type") == "hidden"
            and attrs["name"] != "csrfmiddlewaretoken"
        ):
            self.fields[attrs["name"]] = attrs.get("value", "")

    def handle_endtag(self, tag) -> None:
        if tag == "form":
            self.in_step_form = False


def _hidden(response) -> dict[str, str]:
    parser = _HiddenFields()
    parser.feed(response.content.decode())
    return parser.fields


def _url(participant) -> str:
    return reverse("screening_new", args=[participant.code, "phq9"]) + "?mode=step"


def _press(client, participant, response, **button):
    """Presses a button on the page ``response`` showed, as a browser without JavaScript would."""
    return client.post(_url(participant), {**_hidden(response), **button})


def _run(client, participant, values):
    """Answers (or, for None, skips) every question and returns the review page."""
    page = client.get(_url(participant))
    for value in values:
        page = _press(client, participant, page, **({"skip": "1"} if value is None else {"answer": str(value)}))
    return page


def test_the_one_page_form_offers_one_question_per_screen(client, family, psychologist):
    client.force_login(psychologist)
    page = client.get(reverse("screening_new", args=[family.mother.code, "phq9"])).content.decode()
    assert "?mode=step" in page and "One question per screen" in page


def test_each_screen_shows_one_question_its_progress_and_the_calm_note(client, family, psychologist):
    client.force_login(psychologist)
    page = client.get(_url(family.mother)).content.decode()
    assert "Question 1 of 9" in page
    assert "Little interest or pleasure in doing things" in page
    assert "Feeling down, depressed, or hopeless" not in page
    assert "You can stop at any time." in page and "Skip this question" in page and ">Stop<" in page
    assert page.count('name="answer"') == 4


def test_the_step_screens_show_no_navigation_no_names_and_no_codes(client, family, psychologist):
    client.force_login(psychologist)
    first = client.get(_url(family.mother))
    review = _run(client, family.mother, PHQ9_ANSWERS)  # each step a full page, as without JavaScript
    for page in (first, review):
        html = page.content.decode()
        header = html.split("<header", 1)[1].split("</header>", 1)[0]
        assert visible_text("<header" + header) == "Homecoming" and "<a " not in header
        assert "<nav" not in html
        text = visible_text(html)
        for staff in ("Sign out", "My account", "Inbox", "Almaty Social Services", "Psychologist", "Example-Mother"):
            assert staff not in text, staff
        assert family.mother.code not in text
        assert "no-store" in page["Cache-Control"]


def test_a_full_run_saves_the_same_score_as_the_one_page_form(client, family, psychologist):
    client.force_login(psychologist)
    one_page = {"administered_on": timezone.localdate().isoformat(), "mode": "in_session"}
    one_page.update({f"item_{i + 1}": v for i, v in enumerate(PHQ9_ANSWERS)})
    client.post(reverse("screening_new", args=[family.mother.code, "phq9"]), one_page)
    review = _run(client, family.mother, PHQ9_ANSWERS)
    assert "Check the answers" in review.content.decode()
    response = _press(client, family.mother, review, save="1")
    first, second = Administration.objects.order_by("pk")
    assert response["Location"] == reverse("screening_hand_back", args=[family.mother.code, second.pk])
    fields = ("answers", "total", "subscales", "band", "flags", "instrument_version", "mode", "administered_on")
    assert [getattr(second, f) for f in fields] == [getattr(first, f) for f in fields]
    assert (second.total, second.band["label"]["en"], second.mode) == (10, "Moderate", "in_session")
    assert AuditEvent.objects.filter(action="screening.recorded").count() == 2


def test_nothing_is_stored_before_the_final_save(client, family, psychologist):
    client.force_login(psychologist)
    review = _run(client, family.mother, PHQ9_ANSWERS)
    assert not Administration.objects.exists()
    stored = list(client.session.keys())  # a session is not iterable
    assert not any(key.startswith("item_") or "answer" in key for key in stored)
    assert not AuditEvent.objects.filter(action="screening.recorded").exists()
    # The answers travel in the form's hidden fields, never in the URL (URLs are logged).
    assert f'action="{_url(family.mother)}"' in review.content.decode()
    assert _hidden(review)["item_1"] == "2"


def test_a_skipped_question_is_missing_and_the_instruments_rule_applies(client, family, psychologist):
    client.force_login(psychologist)
    review = _run(client, family.mother, [2, 2, 2, 2, 2, 2, 2, 2, None])
    assert "Skipped" in review.content.decode()
    _press(client, family.mother, review, save="1")
    prorated = Administration.objects.get()
    assert (prorated.answers["9"], prorated.total) == (None, 18.0)  # one missing item: prorated, as on one page
    review = _run(client, family.mother, [1, 1, 1, 1, 1, 1, 1, None, None])
    _press(client, family.mother, review, save="1")
    unscored = Administration.objects.latest("pk")
    assert (unscored.total, unscored.band) == (None, None)  # two missing: not scored


def test_back_shows_the_previous_question_with_its_answer(client, family, psychologist):
    client.force_login(psychologist)
    second = _run(client, family.mother, [3])
    page = _press(client, family.mother, second, back="1").content.decode()
    assert "Question 1 of 9" in page
    assert 'value="3" class="answer" aria-pressed="true"' in page


def test_an_answer_changed_from_the_review_returns_to_the_review(client, family, psychologist):
    client.force_login(psychologist)
    review = _run(client, family.mother, [*PHQ9_ANSWERS[:8], None])
    question = _press(client, family.mother, review, goto="8")
    assert "Question 9 of 9" in question.content.decode()
    review = _press(client, family.mother, question, answer="0")
    assert "Check the answers" in review.content.decode()
    _press(client, family.mother, review, save="1")
    assert Administration.objects.get().answers["9"] == 0


def test_stop_leaves_without_saving_anything(client, family, psychologist):
    client.force_login(psychologist)
    halfway = _run(client, family.mother, [3, 3, 3, 3])
    stopped = _press(client, family.mother, halfway, stop="1").content.decode()
    assert "Nothing was saved." in stopped
    assert 'name="item_1"' not in stopped
    assert not Administration.objects.exists()
    assert not AuditEvent.objects.filter(action="screening.recorded").exists()


def test_a_tampered_answer_is_named_left_out_and_the_others_are_kept(client, family, psychologist):
    client.force_login(psychologist)
    tampered = {"step": "9", "item_1": "2", "item_2": "7", "item_3": "1", "save": "1"}
    response = client.post(_url(family.mother), tampered)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The answer to question 2 was not one of its answer options, so it was left out." in page
    assert "Question 2 of 9" in page  # shown again, to be answered
    assert _hidden(response) | {"once": ""} == {"step": "1", "once": "", "item_1": "2", "item_3": "1"}
    assert not Administration.objects.exists()


def test_an_answer_to_a_question_the_instrument_does_not_have_is_refused(client, family, psychologist):
    client.force_login(psychologist)
    data = {"step": "9", **{f"item_{i + 1}": str(v) for i, v in enumerate(PHQ9_ANSWERS)}, "item_10": "3", "save": "1"}
    response = client.post(_url(family.mother), data)
    assert "does not have; it was left out." in response.content.decode()
    assert "item_10" not in _hidden(response)
    assert not Administration.objects.exists()
    saved = _press(client, family.mother, response, save="1")
    assert saved.status_code == 302 and Administration.objects.get().total == 10


def test_an_answer_button_with_a_value_that_is_not_offered_is_refused(client, family, psychologist):
    client.force_login(psychologist)
    page = client.get(_url(family.mother))
    response = _press(client, family.mother, page, answer="5")
    assert "That answer is not one of the answer options for question 1." in response.content.decode()
    assert "Question 1 of 9" in response.content.decode()


def test_with_htmx_only_the_question_card_is_swapped(client, family, psychologist):
    client.force_login(psychologist)
    page = client.get(_url(family.mother))
    card = client.post(_url(family.mother), {**_hidden(page), "answer": "1"}, HTTP_HX_REQUEST="true")
    content = card.content.decode()
    assert "<html" not in content
    assert 'id="step-card"' in content and "Question 2 of 9" in content
    review = _run(client, family.mother, PHQ9_ANSWERS)
    saved = client.post(_url(family.mother), {**_hidden(review), "save": "1"}, HTTP_HX_REQUEST="true")
    hand_back = reverse("screening_hand_back", args=[family.mother.code, Administration.objects.get().pk])
    assert saved["HX-Redirect"] == hand_back


def test_step_mode_is_open_only_to_those_who_may_record_screenings(client, family, coordinator, cso_partner):
    for outsider in (coordinator, cso_partner):
        client.force_login(outsider)
        assert client.get(_url(family.mother)).status_code == 404
        assert client.post(_url(family.mother), {"step": "9", "item_1": "1", "save": "1"}).status_code == 404
    assert not Administration.objects.exists()


def test_saving_again_after_going_back_stores_nothing_twice(client, family, psychologist):
    client.force_login(psychologist)
    review = _run(client, family.mother, PHQ9_ANSWERS)
    first = _press(client, family.mother, review, save="1")
    again = _press(client, family.mother, review, save="1")  # Back to the review, then Save once more
    saved = Administration.objects.get()
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert first["Location"] == reverse("screening_hand_back", args=[family.mother.code, saved.pk])
    assert AuditEvent.objects.filter(action="screening.recorded").count() == 1
    _press(client, family.mother, _run(client, family.mother, PHQ9_ANSWERS), save="1")  # a new screening
    assert Administration.objects.count() == 2
