"""Recording stigma experienced from the case page, with and without JavaScript."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import StigmaIncident

HX = {"HX-Request": "true"}


def _post(client, participant, headers=None, **fields):
    data = {
        "occurred_on": "2026-02-01",
        "setting": "school",
        "what_happened": "Name-calling in the playground",
        "what_was_done": "The teacher spoke with the class",
    } | fields
    return client.post(reverse("stigma_new", args=[participant.code]), data, headers=headers)


def test_recording_an_incident_goes_back_to_the_stigma_section(client, family, case_worker):
    client.force_login(case_worker)
    response = _post(client, family.son)
    assert response.status_code == 302 and response["Location"].endswith("#stigma")
    incident = StigmaIncident.objects.get()
    assert (incident.participant, incident.occurred_on, incident.setting, incident.recorded_by) == (
        family.son,
        datetime.date(2026, 2, 1),
        "school",
        case_worker,
    )
    assert incident.what_was_done == "The teacher spoke with the class"


def test_in_place_the_form_replaces_the_section_and_saving_returns_the_section(client, family, psychologist):
    client.force_login(psychologist)
    form = client.get(reverse("stigma_new", args=[family.mother.code]), headers=HX).content.decode()
    assert form.lstrip().startswith('<section class="panel section" id="stigma">') and "<html" not in form
    assert "Seen by the case team only" in form
    saved = _post(client, family.mother, headers=HX, setting="employment").content.decode()
    assert 'id="stigma"' in saved and "Work or job seeking" in saved and "<html" not in saved


@pytest.mark.parametrize("persona", ["case_worker", "psychologist"])
def test_the_case_team_opens_the_form(client, request, family, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("stigma_new", args=[family.mother.code])).status_code == 200


@pytest.mark.parametrize(
    "persona", ["coordinator", "cso_partner", "me_officer", "other_coordinator", "other_case_worker", "outsider"]
)
def test_everyone_else_gets_not_found_and_records_nothing(client, request, family, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("stigma_new", args=[family.mother.code])).status_code == 404
    assert _post(client, family.mother).status_code == 404
    assert not StigmaIncident.objects.exists()


def test_an_unknown_code_is_not_found(client, family, case_worker):
    client.force_login(case_worker)
    assert client.get(reverse("stigma_new", args=["ZZZZ-ZZZZ"])).status_code == 404


def test_a_future_date_is_refused_and_what_was_typed_is_kept(client, family, case_worker):
    client.force_login(case_worker)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    html = _post(client, family.mother, occurred_on=tomorrow, what_happened="Refused at the desk").content.decode()
    assert "This date is in the future." in html and "Refused at the desk" in html
    assert not StigmaIncident.objects.exists()


def test_a_date_before_the_year_of_birth_is_refused(client, family, case_worker):
    client.force_login(case_worker)
    html = _post(client, family.son, occurred_on="2017-12-31").content.decode()
    assert "before the participant&#x27;s year of birth" in html
    assert not StigmaIncident.objects.exists()


def test_the_setting_is_required_and_the_texts_keep(client, family, case_worker):
    client.force_login(case_worker)
    response = _post(client, family.mother, setting="", what_was_done="Spoke with the neighbour")
    html = response.content.decode()
    assert response.status_code == 200 and "This field is required." in html and "Spoke with the neighbour" in html
    assert not StigmaIncident.objects.exists()


def test_texts_are_limited_in_length(client, family, case_worker):
    client.force_login(case_worker)
    html = _post(client, family.mother, what_happened="x" * 1001).content.decode()
    assert "at most 1000 characters" in html and not StigmaIncident.objects.exists()


def test_the_texts_are_optional(client, family, case_worker):
    client.force_login(case_worker)
    assert _post(client, family.mother, what_happened="", what_was_done="").status_code == 302
    assert StigmaIncident.objects.get().what_happened == ""
