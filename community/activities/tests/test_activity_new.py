"""Recording an activity: the form's checks, and no participant named or linked."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from community.activities.forms import ActivityForm
from community.activities.tests.builders import form_data
from community.models import Activity
from core.models import AuditEvent

URL = reverse("activity_new")
REFUSED = "Write about the activity, not about a participant: remove the participant code."


def test_a_case_worker_records_an_activity_of_their_organisation_audited(client, case_worker, city_a):
    client.force_login(case_worker)
    response = client.post(URL, form_data(partners=[city_a.cso.pk]))
    recorded = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("activity", args=[recorded.pk])
    assert (recorded.organisation, recorded.city, recorded.reached) == (city_a.social, city_a.city, 19)
    assert list(recorded.partners.all()) == [city_a.cso]
    assert AuditEvent.objects.filter(action="activity.recorded", object_ref=str(recorded.pk)).exists()


@pytest.mark.parametrize("persona", ["me_officer", "network_editor", "administrator", "outsider"])
def test_those_who_do_not_record_get_404(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == 404
    assert client.post(URL, form_data()).status_code == 404
    assert not Activity.objects.exists()


def test_there_is_no_field_that_picks_or_links_a_participant(case_worker, city_a):
    form = ActivityForm(organisation=city_a.social)
    assert set(form.fields) == {
        *("kind", "title", "held_on", "district", "partners"),
        *("residents", "young_people", "teachers", "participants", "others"),
        *("aims", "what_happened", "follow_up"),
    }
    assert not any(field.name == "participant" for field in Activity._meta.get_fields())


def test_the_partners_offered_are_the_active_organisations_of_the_city_but_the_organiser(city_a, city_b):
    closed = city_a.police
    closed.is_active = False
    closed.save(update_fields=["is_active"])
    offered = set(ActivityForm(organisation=city_a.social).fields["partners"].queryset)
    assert offered == {city_a.cso}


def test_the_district_help_text_asks_for_no_street_or_address(client, case_worker):
    client.force_login(case_worker)
    assert "A city district at most: no street or address." in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("residents", "-1", "Ensure this value is greater than or equal to 0."),
        ("teachers", "2.5", "Enter a whole number."),
        ("held_on", (timezone.localdate() + datetime.timedelta(days=1)).isoformat(), "This date is in the future."),
    ],
)
def test_negative_or_fractional_counts_and_a_future_date_are_refused(client, case_worker, field, value, message):
    client.force_login(case_worker)
    response = client.post(URL, form_data(**{field: value}, what_happened="Typed text"))
    html = response.content.decode()
    assert response.status_code == 200 and message in html and "Typed text" in html
    assert not Activity.objects.exists()


def test_an_activity_with_nobody_attending_is_refused(client, case_worker):
    client.force_login(case_worker)
    nobody = dict.fromkeys(("residents", "young_people", "teachers", "participants", "others"), "0")
    response = client.post(URL, form_data(**nobody))
    assert "Count at least one person who attended." in response.content.decode()
    assert not Activity.objects.exists()


@pytest.mark.parametrize("field", ["title", "district", "aims", "what_happened", "follow_up"])
def test_a_participant_code_of_the_organisation_in_any_text_is_refused(client, case_worker, family, field):
    client.force_login(case_worker)
    code = family.daughter.code
    for written in (code, code.lower(), code.replace("-", "")):
        response = client.post(URL, form_data(**{field: f"With {written} today"}))
        assert REFUSED in response.content.decode(), written
    assert not Activity.objects.exists()


def test_a_code_of_another_organisations_participant_is_not_looked_up(client, other_case_worker, family):
    # Refusing it would tell another city that the code exists.
    client.force_login(other_case_worker)
    response = client.post(URL, form_data(district="Abay", aims=f"About {family.son.code}"))
    assert response.status_code == 302


def test_code_shaped_words_that_are_no_participants_code_are_accepted(client, case_worker, family):
    client.force_login(case_worker)
    assert client.post(URL, form_data(aims="Meeting room 2B7X-9KPQ booked")).status_code == 302
