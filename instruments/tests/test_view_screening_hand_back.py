"""Where one question per screen ends: thanks and nothing of the result, until the practitioner's one tap."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from instruments.models import Administration
from instruments.tests.builders import screening, visible_text

# Severe (22), and item 9 answered: the result page shows a band and the safety notice.
FLAGGED = [3, 3, 3, 3, 2, 2, 2, 2, 2]


def _save_in_step_mode(client, participant):
    """The last step's post: every answer in the hidden fields and Save pressed on the review."""
    data = {"step": "9", "save": "1"} | {f"item_{i + 1}": str(v) for i, v in enumerate(FLAGGED)}
    return client.post(reverse("screening_new", args=[participant.code, "phq9"]) + "?mode=step", data)


def _hand_back(participant, administration) -> str:
    return reverse("screening_hand_back", args=[participant.code, administration.pk])


def test_step_mode_ends_on_the_hand_back_page_with_nothing_of_the_result(client, family, psychologist):
    client.force_login(psychologist)
    saved = _save_in_step_mode(client, family.mother)
    administration = Administration.objects.get()
    assert (administration.total, administration.band["label"]["en"], administration.flags) == (
        22,
        "Severe",
        ["self_harm_thoughts"],
    )
    assert saved["Location"] == _hand_back(family.mother, administration)
    page = client.get(saved["Location"])
    html = page.content.decode()
    text = visible_text(html)
    assert "Thank you — please hand the device back" in text
    assert "I have the device back: show the result" in text
    # Nothing of the result anywhere in the HTML: no score, band, safety notice, answers or instrument.
    for result in ("22", "Severe", "Safety first", "self-harm", "Thoughts of death", "Nearly every day", "PHQ"):
        assert result not in text, result
    assert "Score" not in html and "band" not in html.lower() and 'role="alert"' not in html
    # Nor the staff's navigation, names or codes.
    assert "<nav" not in html and "<a " not in html.split("<main", 1)[1]
    for staff in ("Sign out", "My account", "Inbox", "Almaty Social Services", "Psychologist", "Example-Mother"):
        assert staff not in text, staff
    assert family.mother.code not in html
    assert "no-store" in page["Cache-Control"]


def test_the_hand_back_page_reads_no_health_data(client, family, psychologist):
    administration = screening(family.mother, by=psychologist)
    client.force_login(psychologist)
    assert client.get(_hand_back(family.mother, administration)).status_code == 200
    assert not AuditEvent.objects.filter(action="health.viewed").exists()


def test_the_practitioners_tap_opens_the_staff_result_page_with_its_health_read(client, family, psychologist):
    client.force_login(psychologist)
    hand_back = _save_in_step_mode(client, family.mother)["Location"]
    administration = Administration.objects.get()
    tapped = client.post(hand_back)
    assert tapped["Location"] == reverse("screening", args=[family.mother.code, administration.pk])
    result = client.get(tapped["Location"])
    text = visible_text(result.content.decode())
    assert "Safety first" in text and "Thoughts of death or self-harm (item 9)" in text
    assert "Severe" in text and "Nearly every day" in text
    assert "Sign out" in text and 'aria-label="Main"' in result.content.decode()  # the staff page, navigation and all
    read = AuditEvent.objects.get(action="health.viewed")
    assert (read.actor, read.reason) == (psychologist, f"administration={administration.pk}")


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_hand_back_page_asks_for_the_practitioners_session(client, family, psychologist, method):
    administration = screening(family.mother, by=psychologist)
    response = getattr(client, method)(_hand_back(family.mother, administration))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_the_hand_back_page_is_closed_to_those_who_may_not_see_the_result(
    client, family, psychologist, coordinator, cso_partner
):
    administration = screening(family.mother, by=psychologist)
    for outsider in (coordinator, cso_partner):
        client.force_login(outsider)
        assert client.get(_hand_back(family.mother, administration)).status_code == 404
        assert client.post(_hand_back(family.mother, administration)).status_code == 404


def test_a_screening_of_another_participant_or_none_has_no_hand_back_page(client, family, psychologist):
    administration = screening(family.mother, by=psychologist)
    client.force_login(psychologist)
    assert client.get(_hand_back(family.son, administration)).status_code == 404
    missing = reverse("screening_hand_back", args=[family.mother.code, administration.pk + 1])
    assert client.post(missing).status_code == 404
