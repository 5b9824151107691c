"""Stigma experienced is the case team's alone: the lead, case workers and psychologists on the
team read it; the owning coordinator outside the team, partners (whatever a consent says),
emergency and handover readers, other disciplines, M&E officers and other cities do not, and
for them the section does not even show its heading."""

import pytest
from django.urls import reverse

from access import policy
from casework.models import NeedsDomain
from casework.tests import builders as case
from community.experiences.tests.helpers import WHAT_HAPPENED, incident
from conftest import make_user
from core.categories import TEAM_ONLY, Category
from directory.models import Discipline, Role
from people.forms import ConsentForm
from people.tests.builders import consent

HEADING = "Stigma and discrimination experienced"


@pytest.fixture
def recorded(family, case_worker):
    return incident(family.mother, by=case_worker)


def _reads(client, user, participant) -> bool:
    """Whether the user sees the section (and its record) on the case page, or opens its form or swap."""
    client.force_login(user)
    page = client.get(reverse("participant", args=[participant.code])).content.decode()
    form = client.get(reverse("stigma_new", args=[participant.code])).status_code
    swap = client.get(reverse("participant_section", args=[participant.code, "stigma"])).status_code
    shown = HEADING in page or WHAT_HAPPENED in page
    assert shown == (form == 200) == (swap == 200), (shown, form, swap)
    if not shown:
        assert form == swap == 404
    return shown


def test_the_lead_case_worker_reads_stigma(client, recorded, family, case_worker):
    assert _reads(client, case_worker, family.mother)


def test_a_psychologist_on_the_team_reads_stigma(client, recorded, family, psychologist):
    assert _reads(client, psychologist, family.mother)


def test_another_case_worker_on_the_team_reads_stigma(client, recorded, family, city_a, coordinator):
    colleague = make_user("a.colleague", organisation=city_a.social, role=Role.CASE_WORKER, totp=True)
    case.team_place(family.mother, colleague.memberships.get(), by=coordinator)
    assert _reads(client, colleague, family.mother)


def test_coordinator_not_on_the_team_cannot_read_stigma(client, recorded, family, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("participant", args=[family.mother.code])).status_code == 200
    assert not _reads(client, coordinator, family.mother)


def test_a_teacher_specialist_on_the_team_cannot_read_stigma(client, recorded, family, city_a, coordinator):
    teacher = make_user("a.teacher", organisation=city_a.social, role=Role.SPECIALIST, discipline=Discipline.TEACHER)
    case.team_place(family.mother, teacher.memberships.get(), by=coordinator)
    assert not _reads(client, teacher, family.mother)


@pytest.mark.parametrize(
    "persona", ["cso_partner", "police_partner", "me_officer", "other_coordinator", "other_case_worker", "outsider"]
)
def test_people_outside_the_case_cannot_read_stigma(client, request, recorded, family, persona):
    assert not _reads(client, request.getfixturevalue(persona), family.mother)


def test_a_partner_with_a_referral_cannot_read_stigma_even_with_consent_to_every_category(
    client, recorded, family, case_worker, cso_partner, city_a
):
    # A consent listing every category, made past the form (which does not offer stigma).
    consent(family.mother, city_a.cso, Category.values, recorded_by=case_worker)
    assert Category.EXPERIENCES not in policy.consented_for_referral(family.mother, city_a.cso)
    client.force_login(case_worker)
    refer = reverse("referral_new", args=[family.mother.code])
    assert client.post(refer, _referral(city_a)).status_code == 302
    referral = policy.referrals_received(cso_partner.memberships.get()).get()
    assert Category.EXPERIENCES not in policy.shared_by_referral(referral)
    assert not _reads(client, cso_partner, family.mother)
    page = client.get(reverse("referral", args=[referral.pk])).content.decode()
    assert WHAT_HAPPENED not in page and HEADING not in page


def test_a_referral_naming_stigma_beyond_consent_still_shares_none_of_it(
    client, recorded, family, case_worker, cso_partner, city_a
):
    """Even a referral that carries the category on a lawful basis (no form offers it; say it was
    made by a script) shares none of it: the policy takes it out."""
    consent(family.mother, city_a.cso, ["summary"], recorded_by=case_worker)
    client.force_login(case_worker)
    assert client.post(reverse("referral_new", args=[family.mother.code]), _referral(city_a)).status_code == 302
    received = policy.referrals_received(cso_partner.memberships.get())
    received.update(categories=["summary", Category.EXPERIENCES], override_categories=[Category.EXPERIENCES])
    assert policy.shared_by_referral(received.get()) == {Category.SUMMARY}


def _referral(city_a) -> dict:
    livelihood = NeedsDomain.objects.get(code="livelihood").pk
    return {
        "to_organisation": city_a.cso.pk,
        "domain": livelihood,
        "what": "Work",
        "urgency": "routine",
        "categories": "summary",
    }


def test_an_emergency_reader_cannot_read_stigma(client, recorded, family, city_a):
    colleague = make_user("a.colleague", organisation=city_a.social, role=Role.CASE_WORKER, totp=True)
    client.force_login(colleague)
    client.post(reverse("emergency_access"), {"code": family.mother.code, "reason": "Admitted to hospital"})
    assert client.get(reverse("participant", args=[family.mother.code])).status_code == 200
    assert not _reads(client, colleague, family.mother)


def test_a_handover_reader_cannot_read_stigma(
    client, recorded, family, coordinator, case_worker, other_coordinator, city_b
):
    client.force_login(coordinator)
    data = {"to_organisation": city_b.social.pk, "handover_note": "Moving to her sister", "whole_household": "on"}
    assert client.post(reverse("transfer_new", args=[family.mother.code]), data).status_code == 302
    client.force_login(other_coordinator)
    transfer_id = policy.transfers_visible_to(other_coordinator.memberships.get()).get().pk
    page = client.get(reverse("transfer", args=[transfer_id])).content.decode()
    assert WHAT_HAPPENED not in page
    client.post(reverse("transfer_decide", args=[transfer_id]), {"decision": "accept"})
    # The former lead keeps reading the case in outline during the handover: not its stigma.
    assert policy.access_to(case_worker.memberships.get(), family.mother).places == {"handover"}
    client.force_login(case_worker)
    assert client.get(reverse("participant", args=[family.mother.code])).status_code == 200
    assert not _reads(client, case_worker, family.mother)
    # The new owner's coordinator is not on a team yet.
    assert not _reads(client, other_coordinator, family.mother)


def test_a_closed_case_shows_stigma_to_the_team_but_takes_no_new_record(client, recorded, family, case_worker):
    family.mother.status = family.mother.Status.CLOSED
    family.mother.save(update_fields=["status"])
    client.force_login(case_worker)
    page = client.get(reverse("participant", args=[family.mother.code])).content.decode()
    assert WHAT_HAPPENED in page and "Record an incident" not in page and "recorded in error" not in page
    assert client.get(reverse("stigma_new", args=[family.mother.code])).status_code == 404


def test_consent_forms_never_offer_stigma(client, family, case_worker):
    offered = {value for value, _label in ConsentForm.base_fields["categories"].choices}
    assert Category.EXPERIENCES in TEAM_ONLY and Category.EXPERIENCES not in offered
    client.force_login(case_worker)
    page = client.get(reverse("consent_new", args=[family.mother.code])).content.decode()
    assert 'value="needs_plan"' in page and 'value="experiences"' not in page


def test_referral_forms_never_offer_stigma(client, family, case_worker):
    client.force_login(case_worker)
    page = client.get(reverse("referral_new", args=[family.mother.code])).content.decode()
    assert 'value="needs_plan"' in page and 'value="experiences"' not in page


def test_incidents_are_not_on_the_case_timeline(client, recorded, family, case_worker):
    client.force_login(case_worker)
    timeline = client.get(reverse("participant", args=[family.mother.code])).content.decode().split('id="timeline"')
    assert len(timeline) == 2 and WHAT_HAPPENED not in timeline[1].split("</section>")[0]
