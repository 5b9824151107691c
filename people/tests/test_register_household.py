import pytest
from django.urls import reverse

from casework.models import TeamMember
from core.models import AuditEvent
from people.models import Household, Identity, Participant


def _post(client, members, household=None, confirm=False):
    data = {
        "member-TOTAL_FORMS": str(len(members)),
        "member-INITIAL_FORMS": "0",
        "member-MIN_NUM_FORMS": "1",
        "member-MAX_NUM_FORMS": "12",
        "address": "12 Example Street",
        "returned_on": "2026-01-10",
        "arrived_on": "2026-02-15",
        **(household or {}),
    }
    if confirm:
        data["confirm_duplicates"] = "on"
    for i, member in enumerate(members):
        for key, value in member.items():
            data[f"member-{i}-{key}"] = value
    return client.post(reverse("register_household"), data)


MOTHER = {"household_role": "mother", "full_name": "Dana Sample", "sex": "female", "date_of_birth": "1991-04-02"}
GIRL = {"household_role": "child", "full_name": "Asel Sample", "sex": "female", "date_of_birth": "2016-09-09"}
BOY = {
    "household_role": "child",
    "full_name": "Timur Sample",
    "sex": "male",
    "birth_year": "2019",
    "document_number": "C 111-222",
}


def test_a_case_worker_registers_a_mother_with_two_children(client, case_worker, city_a):
    client.force_login(case_worker)
    response = _post(client, [MOTHER, GIRL, BOY])
    assert response.status_code == 302
    household = Household.objects.get()
    members = household.members.order_by("birth_year")
    assert [m.household_role for m in members] == ["mother", "child", "child"]
    assert response["Location"] == reverse("participant", args=[members[0].code])
    assert all(m.owner == city_a.social for m in members)
    boy = members[2]
    assert boy.birth_year == 2019
    assert boy.identity.full_name == "Timur Sample"
    assert boy.identity.document_number == "C 111-222"
    assert boy.identity.date_of_birth is None
    assert members[0].identity.address == "12 Example Street"
    # The case worker who registered leads the case; every step is audited.
    assert TeamMember.objects.filter(membership__user=case_worker, is_lead=True).count() == 3
    assert AuditEvent.objects.filter(action="participant.registered").count() == 3
    assert AuditEvent.objects.filter(action="household.registered", object_ref=household.code).exists()


def test_codes_are_random_and_carry_no_name_or_date(client, coordinator):
    client.force_login(coordinator)
    _post(client, [MOTHER])
    participant = Participant.objects.get()
    assert len(participant.code) == 9 and participant.code[4] == "-"
    assert "DANA" not in participant.code and "1991" not in participant.code


def test_a_repeated_registration_shows_the_duplicate_and_creates_nothing(client, coordinator):
    client.force_login(coordinator)
    _post(client, [MOTHER])
    existing = Participant.objects.get()
    again = _post(client, [{**MOTHER, "full_name": "  dana   SAMPLE "}])
    assert again.status_code == 200
    assert Participant.objects.count() == 1
    duplicates = again.context["duplicates"]
    assert duplicates[0]["codes"] == [existing.code]
    assert "Possible duplicates" in again.content.decode()


def test_a_duplicate_can_be_registered_after_confirming(client, coordinator):
    client.force_login(coordinator)
    _post(client, [MOTHER])
    assert _post(client, [MOTHER], confirm=True).status_code == 302
    assert Participant.objects.count() == 2


def test_a_duplicate_document_number_is_found_too(client, coordinator):
    client.force_login(coordinator)
    _post(client, [MOTHER, BOY])
    again = _post(client, [{**BOY, "full_name": "Someone Else", "document_number": "c111222"}])
    assert again.context["duplicates"][0]["kind"] == "document"


def test_a_duplicate_the_user_cannot_open_is_reported_without_its_code(
    client, coordinator, other_coordinator, settings
):
    settings.HOMECOMING_DUPLICATE_SCOPE = "country"  # the programme looks across cities
    client.force_login(other_coordinator)
    _post(client, [MOTHER])
    client.force_login(coordinator)
    again = _post(client, [MOTHER])
    assert again.context["duplicates"][0] == {"member": 1, "kind": "name_dob", "codes": [], "elsewhere": True}


@pytest.mark.parametrize(
    ("member", "field", "message"),
    [
        ({**MOTHER, "date_of_birth": ""}, "birth_year", "Give the date of birth, or at least the year."),
        ({**MOTHER, "sex": "male"}, "sex", "A mother is recorded as female."),
        ({**MOTHER, "date_of_birth": "2999-01-01"}, "date_of_birth", "This date is in the future."),
        ({**MOTHER, "full_name": ""}, "full_name", "This field is required."),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(client, coordinator, member, field, message):
    client.force_login(coordinator)
    response = _post(client, [member, GIRL])
    assert response.status_code == 200
    assert message in response.context["formset"].forms[0].errors[field]
    html = response.content.decode()
    assert "Asel Sample" in html  # nothing typed is lost
    assert not Participant.objects.exists()


def test_arrival_before_return_is_refused(client, coordinator):
    client.force_login(coordinator)
    response = _post(client, [MOTHER], household={"returned_on": "2026-03-01", "arrived_on": "2026-02-01"})
    assert "cannot be before" in response.content.decode()


@pytest.mark.parametrize("persona", ["psychologist", "cso_partner", "me_officer", "administrator"])
def test_only_coordinators_and_case_workers_register(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("register_household")).status_code == 404
    assert _post(client, [MOTHER]).status_code == 404
    assert not Identity.objects.exists()


def test_the_form_starts_with_three_members_and_offers_more(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("register_household"))
    assert page.context["formset"].total_form_count() == 3
    assert 'data-add-form="member"' in page.content.decode()
    assert client.get(reverse("register_household") + "?members=5").context["formset"].total_form_count() == 5


def test_empty_extra_member_forms_are_ignored(client, coordinator):
    client.force_login(coordinator)
    assert _post(client, [MOTHER, {}, {}]).status_code == 302
    assert Participant.objects.count() == 1


def test_untouched_member_forms_as_a_browser_posts_them_are_ignored(client, coordinator):
    """A browser posts every select's value: an untouched member form must still count as empty."""
    client.force_login(coordinator)
    untouched = {"household_role": "", "full_name": "", "sex": "", "date_of_birth": "", "birth_year": ""}
    assert _post(client, [MOTHER, untouched, untouched]).status_code == 302
    assert Participant.objects.count() == 1
