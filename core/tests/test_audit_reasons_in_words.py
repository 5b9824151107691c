"""The audit trail's reasons are stored as codes and shown in words (issue 18 §11)."""

import pytest
from django.utils import translation

from core.audit import describe


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("phq9 administration=152 notified=2", "PHQ-9; screening 152; people notified 2"),
        ("api administration=7", "through the API; screening 7"),
        ("note=12 clinical", "note 12; Clinical: my discipline only"),
        ("membership=3 lead=True", "team place 3; lead yes"),
        (
            "referral=5 to=3 categories=needs_plan,health",
            "referral 5; to organisation 3; shared Needs and plan, Health (screenings, clinical notes)",
        ),
        ("transfer=4 reason=Moved to the city", "transfer 4; Moved to the city"),
        ("overlap 14 days", "overlap 14 days"),
        ("Preparing the home visit", "Preparing the home visit"),
        ("note=3 version=2 unknown=1", "note=3 version=2 unknown=1"),
        ("", ""),
    ],
)
def test_a_stored_reason_reads_in_words(stored, shown):
    assert describe(stored) == shown


def test_the_words_follow_the_language_and_the_instrument_keeps_its_published_name():
    with translation.override("ru"):
        assert describe("phq9 administration=152") == "PHQ-9; скрининг 152"


def test_the_case_page_audit_trail_shows_the_words_but_names_no_instrument_outside_the_health_team(
    client, family, coordinator
):
    from core.actor import Actor
    from core.audit import AuditAction, for_participant

    by = Actor(user=coordinator)
    for_participant(AuditAction.SCREENING_RECORDED, family.mother, actor=by, reason="phq9 administration=152")
    for_participant(AuditAction.NOTE_WRITTEN, family.mother, actor=by, reason="note=12 team")
    client.force_login(coordinator)
    page = client.get(f"/participants/{family.mother.code}/sections/audit/").content.decode()
    assert "note 12; Case team" in page
    assert "PHQ-9" not in page and "phq9" not in page and "administration=" not in page
