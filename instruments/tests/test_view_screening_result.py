"""The result page says which questions were skipped and how the score stood in for them."""

from django.urls import reverse

from instruments.models import Administration


def _phq9(client, participant, values):
    data = {"administered_on": "2026-03-01", "mode": "paper"}
    data.update({f"item_{i + 1}": v for i, v in enumerate(values) if v is not None})
    client.post(reverse("screening_new", args=[participant.code, "phq9"]), data)
    return client.get(reverse("screening", args=[participant.code, Administration.objects.get().pk]))


def test_a_phq9_with_one_question_skipped_says_its_score_is_prorated(client, family, psychologist):
    client.force_login(psychologist)
    page = _phq9(client, family.mother, [1, 1, 1, 1, 1, 1, 1, None, 1]).content.decode()
    # Worked example: 8 answers add up to 8; the ninth counts as their mean, 1: 8 * 9 / 8 = 9.
    assert "<dd>9</dd>" in page
    assert "1 of 9 questions was skipped." in page
    assert "The score is prorated" in page
    skipped_row = page.split("<td>8. ", 1)[1].split("</tr>", 1)[0]
    assert "<strong>Skipped</strong>" in skipped_row
    assert "Several days" in page.split("<td>1. ", 1)[1].split("</tr>", 1)[0]


def test_a_complete_phq9_shows_every_answer_and_no_note_on_skipped_questions(client, family, psychologist):
    client.force_login(psychologist)
    page = _phq9(client, family.mother, [2, 2, 1, 1, 1, 1, 1, 1, 0]).content.decode()
    assert "skipped" not in page.lower()
    assert page.count("More than half the days") == 2 and page.count("Not at all") == 1


def test_an_unscored_phq9_names_its_skipped_questions_without_a_prorating_note(client, family, psychologist):
    client.force_login(psychologist)
    page = _phq9(client, family.mother, [1, 1, 1, 1, 1, 1, 1, None, None]).content.decode()
    assert "Not scored: too many questions were skipped." in page
    assert "prorated" not in page and page.count("<strong>Skipped</strong>") == 2


def test_a_psc17_with_two_questions_skipped_says_they_count_as_zero(client, family, psychologist):
    client.force_login(psychologist)
    data = {"administered_on": "2026-03-01", "mode": "paper"} | {f"item_{i}": 1 for i in range(1, 16)}
    client.post(reverse("screening_new", args=[family.son.code, "psc17"]), data)
    page = client.get(reverse("screening", args=[family.son.code, Administration.objects.get().pk])).content.decode()
    # Worked example: 15 answers of "Sometimes" (1) and two blanks scored 0, as the PSC-17's instructions say.
    assert "<dd>15</dd>" in page
    assert "2 of 17 questions were skipped." in page and "counts as 0" in page and "prorated" not in page
