"""Who reads and records which milestones: a kind's category decides, by the rule of needs domains."""

import datetime

import pytest
from django.urls import reverse

from casework.models import Milestone, MilestoneKind
from casework.tests import builders as case
from conftest import make_user
from directory.models import Role
from people.tests.builders import consent

DAY = datetime.date(2026, 2, 1)


def _page(client, user, participant) -> str:
    client.force_login(user)
    response = client.get(reverse("participant", args=[participant.code]))
    return response.content.decode() if response.status_code == 200 else ""


def _offered(client, user, participant) -> set[str]:
    client.force_login(user)
    response = client.get(reverse("milestone_new", args=[participant.code]))
    return (
        {kind.code for kind in response.context["form"].fields["kind"].queryset}
        if response.status_code == 200
        else set()
    )


def _paths(participant, milestone) -> list[str]:
    return [
        reverse("milestone_new", args=[participant.code]),
        reverse("milestone_edit", args=[participant.code, milestone.pk]),
        reverse("participant_section", args=[participant.code, "outcomes"]),
    ]


def test_the_lead_case_worker_records_every_kind_that_fits_an_adult(client, family, case_worker):
    adults = {k.code for k in MilestoneKind.objects.exclude(applies_to="children")}
    assert _offered(client, case_worker, family.mother) == adults
    assert "school_enrolled" not in adults and "documents_restored" in adults


def test_school_enrolment_is_offered_for_a_child_and_work_is_not(client, family, case_worker):
    offered = _offered(client, case_worker, family.daughter)
    assert "school_enrolled" in offered and not offered & {"employed", "training", "self_employed"}


def test_a_kind_no_longer_in_use_is_not_offered(client, family, case_worker):
    MilestoneKind.objects.filter(code="allowances").update(is_active=False)
    assert "allowances" not in _offered(client, case_worker, family.mother)


def test_the_coordinator_reads_legal_milestones_but_records_only_the_others(client, family, case_worker, coordinator):
    case.milestone(family.mother, "documents_restored", by=case_worker, reached_on=DAY)
    assert "Documents restored" in _page(client, coordinator, family.mother)
    offered = _offered(client, coordinator, family.mother)
    assert "documents_restored" not in offered and {"employed", "stable_housing"} <= offered
    legal = MilestoneKind.objects.get(code="documents_restored")
    response = client.post(reverse("milestone_new", args=[family.mother.code]), {"kind": legal.pk, "reached_on": DAY})
    assert response.status_code == 200 and Milestone.objects.count() == 1
    milestone = Milestone.objects.get()
    assert client.get(reverse("milestone_edit", args=[family.mother.code, milestone.pk])).status_code == 404


def test_the_psychologist_neither_reads_nor_changes_legal_milestones(client, family, case_worker, psychologist):
    legal = case.milestone(family.mother, "documents_restored", by=case_worker, reached_on=DAY)
    case.milestone(family.mother, "employed", by=case_worker, reached_on=DAY)
    page = _page(client, psychologist, family.mother)
    assert "In employment" in page and "Documents restored" not in page
    assert client.get(reverse("milestone_edit", args=[family.mother.code, legal.pk])).status_code == 404
    removed = client.post(reverse("milestone_remove", args=[family.mother.code, legal.pk]), {"version": 1})
    assert removed.status_code == 404 and Milestone.objects.filter(pk=legal.pk).exists()


def test_a_case_worker_not_on_the_team_gets_not_found_everywhere(client, family, case_worker, city_a):
    milestone = case.milestone(family.mother, "employed", by=case_worker, reached_on=DAY)
    colleague = make_user("a.colleague", organisation=city_a.social, role=Role.CASE_WORKER, totp=True)
    client.force_login(colleague)
    for path in _paths(family.mother, milestone):
        assert client.get(path).status_code == 404, path
    post = client.post(reverse("milestone_remove", args=[family.mother.code, milestone.pk]), {"version": 1})
    assert post.status_code == 404


@pytest.mark.parametrize(
    "persona", ["cso_partner", "police_partner", "me_officer", "other_coordinator", "other_case_worker"]
)
def test_those_outside_the_case_get_not_found_for_every_milestone_path(client, family, case_worker, persona, request):
    milestone = case.milestone(family.mother, "employed", by=case_worker, reached_on=DAY, note="Bakery")
    client.force_login(request.getfixturevalue(persona))
    for path in _paths(family.mother, milestone):
        assert client.get(path).status_code == 404, path
    employed = MilestoneKind.objects.get(code="employed")
    new = client.post(reverse("milestone_new", args=[family.mother.code]), {"kind": employed.pk, "reached_on": DAY})
    assert new.status_code == 404 and Milestone.objects.count() == 1


def test_a_partner_with_consent_still_opens_no_case_and_no_milestone(client, family, case_worker, city_a, cso_partner):
    consent(family.mother, city_a.cso, ["summary", "livelihood"], recorded_by=case_worker)
    milestone = case.milestone(family.mother, "employed", by=case_worker, reached_on=DAY)
    client.force_login(cso_partner)
    for path in _paths(family.mother, milestone):
        assert client.get(path).status_code == 404, path
