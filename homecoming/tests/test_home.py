import datetime
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

HEADINGS = {
    "coordinator": "Coordination",
    "case_worker": "My work",
    "psychologist": "My sessions",
    "cso_partner": "Referrals to my organisation",
    "police_partner": "Referrals to my organisation",
    "me_officer": "Monitoring and evaluation",
    "network_editor": "Network",
    "administrator": "Administration",
}


@pytest.mark.parametrize(("persona", "heading"), HEADINGS.items())
def test_each_role_has_its_own_home_page(client, request, persona, heading):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("home")).content.decode()
    assert f"<h1>{heading}</h1>" in page


def test_only_administrators_see_the_administration_link(client, administrator, coordinator):
    client.force_login(coordinator)
    assert reverse("admin:index") not in client.get(reverse("home")).content.decode()
    client.force_login(administrator)
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


def test_the_home_page_with_its_css_and_js_stays_under_100_kb(client, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("home")).content
    total = len(html)
    for url in re.findall(rb'(?:src|href)="/static/([^"]+)"', html):
        path = finders.find(url.decode())
        assert path, url
        with open(path, "rb") as f:
            total += len(f.read())
    assert total < 100 * 1024, total


def test_the_home_page_runs_a_bounded_number_of_queries(client, coordinator, django_assert_max_num_queries):
    client.force_login(coordinator)
    client.get(reverse("home"))
    # Session, user, memberships, second-factor check, notices, participant count, the
    # inbox count in the navigation, one query per panel: nothing that grows with the data.
    with django_assert_max_num_queries(11):
        client.get(reverse("home"))


def test_healthz_answers_without_a_session(client, db):
    response = client.get(reverse("healthz"))
    assert response.content == b"ok"
    assert "sessionid" not in response.cookies


def test_the_panels_list_what_waits(client, family, coordinator, case_worker, cso_partner, other_coordinator, city_a):
    from casework.models import Closure
    from coordination.models import Referral, Transfer
    from coordination.tests.helpers import consent, refer

    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker)
    client.force_login(case_worker)
    refer(client, family.mother, city_a.cso, ["livelihood"])
    referral = Referral.objects.get()
    assert reverse("referral", args=[referral.pk]) in client.get(reverse("home")).content.decode()
    client.force_login(cso_partner)
    assert f"{family.mother.code} · " in client.get(reverse("home")).content.decode()
    Closure.objects.create(participant=family.son, reason="goals_met", requested_by=case_worker)
    transfer = Transfer.objects.create(
        from_organisation=other_coordinator.memberships.get().organisation,
        to_organisation=city_a.social,
        handover_note="Moving",
        created_by=other_coordinator,
    )
    client.force_login(coordinator)
    page = client.get(reverse("home")).content.decode()
    assert reverse("transfer", args=[transfer.pk]) in page
    assert "closure to decide" in page and family.son.code in page


def test_a_psychologist_sees_who_is_due_for_a_screening(client, family, psychologist):
    import datetime

    from django.utils import timezone

    from instruments.models import Administration

    def screened(participant, days_ago):
        Administration.objects.create(
            participant=participant,
            instrument="phq9",
            instrument_version="1999",
            administered_on=timezone.localdate() - datetime.timedelta(days=days_ago),
            mode="paper",
            administered_by=psychologist,
        )

    screened(family.mother, 10)
    screened(family.daughter, 120)
    client.force_login(psychologist)
    page = client.get(reverse("home")).content.decode()
    assert family.mother.code not in page
    assert family.daughter.code in page and "last screened on" in page
    assert family.son.code in page and "no screening yet" in page


def test_a_case_worker_taken_off_the_team_no_longer_sees_their_referral(client, family, case_worker, city_a):
    from casework.models import TeamMember
    from coordination.models import Referral
    from coordination.tests.helpers import consent, refer

    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker)
    client.force_login(case_worker)
    refer(client, family.mother, city_a.cso, ["livelihood"])
    link = reverse("referral", args=[Referral.objects.get().pk])
    assert link in client.get(reverse("home")).content.decode()
    TeamMember.objects.filter(participant=family.mother, membership__user=case_worker).update(ended_at=timezone.now())
    page = client.get(reverse("home")).content.decode()
    assert link not in page and f"{family.mother.code} →" not in page


def test_a_psychologist_reading_only_a_handover_summary_is_not_told_a_screening_is_due(
    client, family, psychologist, coordinator, other_coordinator, city_a
):
    from casework.models import TeamMember
    from coordination.models import Transfer

    TeamMember.objects.filter(membership__user=psychologist).update(ended_at=timezone.now())
    transfer = Transfer.objects.create(
        from_organisation=city_a.social,
        to_organisation=other_coordinator.memberships.get().organisation,
        handover_note="Moving",
        created_by=coordinator,
        status=Transfer.Status.ACCEPTED,
        handover_until=timezone.now() + datetime.timedelta(days=30),
    )
    transfer.participants.set([family.mother])
    transfer.handover_memberships.set([psychologist.memberships.get()])
    client.force_login(psychologist)
    assert client.get(reverse("participant", args=[family.mother.code])).status_code == 200
    assert family.mother.code not in client.get(reverse("home")).content.decode()
