"""Recording taking part in community life from the case page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import CivicParticipation

HX = {"HX-Request": "true"}


def _post(client, participant, headers=None, **fields):
    data = {"kind": "volunteering", "started_on": "2026-02-01", "ended_on": "", "note": "Food bank"} | fields
    return client.post(reverse("civic_new", args=[participant.code]), data, headers=headers)


def test_recording_goes_back_to_the_civic_section(client, family, case_worker):
    client.force_login(case_worker)
    response = _post(client, family.mother, ended_on="2026-03-01")
    assert response.status_code == 302 and response["Location"].endswith("#civic")
    civic = CivicParticipation.objects.get()
    assert (civic.kind, civic.started_on, civic.ended_on, civic.note, civic.recorded_by) == (
        "volunteering",
        datetime.date(2026, 2, 1),
        datetime.date(2026, 3, 1),
        "Food bank",
        case_worker,
    )


def test_the_form_says_speaking_is_recorded_only_by_choice(client, family, case_worker):
    client.force_login(case_worker)
    html = client.get(reverse("civic_new", args=[family.mother.code])).content.decode()
    assert "Speaking about their experience is recorded only when the participant chose to do so." in html


def test_in_place_saving_returns_the_section(client, family, coordinator):
    client.force_login(coordinator)
    html = _post(client, family.mother, headers=HX, kind="charity").content.decode()
    assert 'id="civic"' in html and "Charity campaign" in html and "<html" not in html


def test_an_end_ahead_shows_as_ongoing(client, family, case_worker):
    client.force_login(case_worker)
    ahead = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    html = _post(client, family.mother, headers=HX, ended_on=ahead).content.decode()
    assert "ongoing" in html


@pytest.mark.parametrize("persona", ["coordinator", "case_worker", "psychologist"])
def test_the_team_and_the_owning_coordinator_open_the_form(client, request, family, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("civic_new", args=[family.mother.code])).status_code == 200


@pytest.mark.parametrize("persona", ["cso_partner", "me_officer", "other_coordinator", "other_case_worker", "outsider"])
def test_everyone_else_gets_not_found_and_records_nothing(client, request, family, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("civic_new", args=[family.mother.code])).status_code == 404
    assert _post(client, family.mother).status_code == 404
    assert not CivicParticipation.objects.exists()


def test_an_end_before_the_start_is_refused_and_the_note_kept(client, family, case_worker):
    client.force_login(case_worker)
    html = _post(client, family.mother, ended_on="2026-01-01", note="Spring clean-up").content.decode()
    assert "It cannot end before it started." in html and "Spring clean-up" in html
    assert not CivicParticipation.objects.exists()


def test_a_start_in_the_future_is_refused(client, family, case_worker):
    client.force_login(case_worker)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert "This date is in the future." in _post(client, family.mother, started_on=tomorrow).content.decode()
    assert not CivicParticipation.objects.exists()


def test_a_start_before_the_year_of_birth_is_refused(client, family, case_worker):
    client.force_login(case_worker)
    html = _post(client, family.daughter, started_on="2014-06-01").content.decode()
    assert "year of birth" in html and not CivicParticipation.objects.exists()


def test_an_end_more_than_a_year_ahead_is_refused(client, family, case_worker):
    client.force_login(case_worker)
    far = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()
    assert "more than a year ahead" in _post(client, family.mother, ended_on=far).content.decode()
    assert not CivicParticipation.objects.exists()


def test_the_type_is_required_and_the_note_limited(client, family, case_worker):
    client.force_login(case_worker)
    html = _post(client, family.mother, kind="", note="x" * 301).content.decode()
    assert "This field is required." in html and "at most 300 characters" in html
    assert not CivicParticipation.objects.exists()
