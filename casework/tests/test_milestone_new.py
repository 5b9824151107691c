"""Recording a milestone from the case page, with and without JavaScript."""

import datetime

from django.urls import reverse
from django.utils import timezone

from casework.models import Milestone, MilestoneKind

HX = {"HX-Request": "true"}


def _post(client, participant, kind="employed", **fields):
    data = {"kind": MilestoneKind.objects.get(code=kind).pk, "reached_on": "2026-02-01", "note": "Bakery"} | fields
    return client.post(reverse("milestone_new", args=[participant.code]), data)


def test_recording_a_milestone_goes_back_to_the_outcomes_section(client, family, case_worker):
    client.force_login(case_worker)
    response = _post(client, family.mother)
    assert response.status_code == 302 and response["Location"].endswith("#outcomes")
    milestone = Milestone.objects.get()
    assert (milestone.kind.code, milestone.reached_on, milestone.note) == (
        "employed",
        datetime.date(2026, 2, 1),
        "Bakery",
    )


def test_in_place_the_form_replaces_the_section_and_saving_returns_the_section(client, family, case_worker):
    client.force_login(case_worker)
    form = client.get(reverse("milestone_new", args=[family.mother.code]), headers=HX).content.decode()
    assert form.lstrip().startswith('<section class="panel section" id="outcomes">') and "<html" not in form
    data = {"kind": MilestoneKind.objects.get(code="stable_housing").pk, "reached_on": "2026-02-01", "note": ""}
    saved = client.post(reverse("milestone_new", args=[family.mother.code]), data, headers=HX).content.decode()
    assert 'id="outcomes"' in saved and "Stable housing" in saved and "<html" not in saved


def test_a_future_date_is_refused_with_a_message_and_the_typed_note_kept(client, family, case_worker):
    client.force_login(case_worker)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = _post(client, family.mother, reached_on=tomorrow, note="Starts next week")
    html = response.content.decode()
    assert response.status_code == 200 and "This date is in the future." in html and "Starts next week" in html
    assert not Milestone.objects.exists()


def test_a_kind_for_children_is_refused_for_an_adult(client, family, case_worker):
    client.force_login(case_worker)
    response = _post(client, family.mother, kind="school_enrolled")
    assert response.status_code == 200 and not Milestone.objects.exists()
