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


def test_only_administrators_see_the_administration_areas(client, administrator, coordinator):
    users = reverse("administration_users")
    client.force_login(coordinator)
    assert users not in client.get(reverse("home")).content.decode()
    client.force_login(administrator)
    assert users in client.get(reverse("home")).content.decode()


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
    # inbox count in the navigation, one query per panel (the coordinator's include the practices
    # waiting and the reports to the hub): nothing that grows with the data.
    with django_assert_max_num_queries(13):
        client.get(reverse("home"))


def test_healthz_answers_without_a_session(client, db):
    response = client.get(reverse("healthz"))
    assert response.content == b"ok"
    assert "sessionid" not in response.cookies


def test_the_panels_list_what_waits(
    client, family, coordinator, case_worker, cso_partner, other_coordinator, city_a, city_b
):
    from casework.tests import builders as case
    from conftest import register_family
    from coordination.actions import propose_transfer
    from coordination.models import Referral
    from coordination.tests.helpers import consent, refer
    from people.tests.builders import actor_of

    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker)
    client.force_login(case_worker)
    refer(client, family.mother, city_a.cso, ["livelihood"])
    referral = Referral.objects.get()
    assert reverse("referral", args=[referral.pk]) in client.get(reverse("home")).content.decode()
    client.force_login(cso_partner)
    assert f"{family.mother.code} · " in client.get(reverse("home")).content.decode()
    case.closure(family.son, "goals_met", by=case_worker)
    elsewhere = register_family(city_b.social, assigned_by=other_coordinator, prefix="B ")
    transfer = propose_transfer(
        actor=actor_of(other_coordinator),
        participants=[elsewhere.mother],
        household=None,
        to_organisation=city_a.social,
        handover_note="Moving",
    )
    client.force_login(coordinator)
    page = client.get(reverse("home")).content.decode()
    assert reverse("transfer", args=[transfer.pk]) in page
    assert "closure to decide" in page and family.son.code in page


def test_a_psychologist_sees_who_is_due_for_a_screening(client, family, psychologist):
    from instruments.tests.builders import screening

    def screened(participant, days_ago):
        screening(
            participant, by=psychologist, administered_on=timezone.localdate() - datetime.timedelta(days=days_ago)
        )

    screened(family.mother, 10)
    screened(family.daughter, 120)
    client.force_login(psychologist)
    page = client.get(reverse("home")).content.decode()
    assert family.mother.code not in page
    assert family.daughter.code in page and "last screened on" in page
    assert family.son.code in page and "no screening yet" in page


def test_a_case_worker_taken_off_the_team_no_longer_sees_their_referral(
    client, family, case_worker, coordinator, city_a
):
    from casework.actions import end_team_place
    from casework.models import TeamMember
    from coordination.models import Referral
    from coordination.tests.helpers import consent, refer
    from people.tests.builders import actor_of

    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker)
    client.force_login(case_worker)
    refer(client, family.mother, city_a.cso, ["livelihood"])
    link = reverse("referral", args=[Referral.objects.get().pk])
    assert link in client.get(reverse("home")).content.decode()
    place = TeamMember.objects.current().get(participant=family.mother, membership__user=case_worker)
    end_team_place(actor=actor_of(coordinator), place=place)
    page = client.get(reverse("home")).content.decode()
    assert link not in page and f"{family.mother.code} →" not in page


def test_a_psychologist_reading_only_a_handover_summary_is_not_told_a_screening_is_due(
    client, family, psychologist, coordinator, other_coordinator, city_a
):
    from casework.actions import end_team_place
    from casework.models import TeamMember
    from coordination.actions import accept_transfer, propose_transfer
    from people.tests.builders import actor_of

    # The psychologist leaves the children's team; the mother's case moves to city B, and the
    # accepted transfer leaves her old team (the psychologist among them) a read-only handover.
    for place in TeamMember.objects.current().filter(membership__user=psychologist).exclude(participant=family.mother):
        end_team_place(actor=actor_of(coordinator), place=place)
    transfer = propose_transfer(
        actor=actor_of(coordinator),
        participants=[family.mother],
        household=None,
        to_organisation=other_coordinator.memberships.get().organisation,
        handover_note="Moving",
    )
    accept_transfer(actor=actor_of(other_coordinator), transfer=transfer)
    assert not TeamMember.objects.current().filter(membership__user=psychologist).exists()
    assert psychologist.memberships.get() in transfer.handover_memberships.all()
    client.force_login(psychologist)
    assert client.get(reverse("participant", args=[family.mother.code])).status_code == 200
    assert family.mother.code not in client.get(reverse("home")).content.decode()


def test_a_partners_home_lists_the_newest_open_referrals_of_both_statuses(
    client, family, case_worker, cso_partner, city_a
):
    from coordination.models import Referral
    from coordination.sections import PANEL_ROWS
    from coordination.tests.helpers import consent, refer

    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker)
    client.force_login(case_worker)
    for _ in range(PANEL_ROWS + 2):
        assert refer(client, family.mother, city_a.cso, ["livelihood"]).status_code == 302
    # Oldest first: a day apart, every third one accepted, the newest one declined (closed).
    referrals = list(Referral.objects.order_by("pk"))
    start = timezone.now() - datetime.timedelta(days=30)
    for day, referral in enumerate(referrals):
        status = Referral.Status.ACCEPTED if day % 3 == 0 else Referral.Status.SENT
        if referral == referrals[-1]:
            status = Referral.Status.DECLINED
        Referral.objects.filter(pk=referral.pk).update(created_at=start + datetime.timedelta(days=day), status=status)
    client.force_login(cso_partner)
    page = client.get(reverse("home")).content.decode()
    panel = page.split('id="panel-inbox"')[1].split("</section>")[0]
    listed = [int(pk) for pk in re.findall(r'href="/referrals/(\d+)/"', panel)]
    expected = [r.pk for r in referrals[-2::-1][:PANEL_ROWS]]
    assert listed == expected
    assert "Accepted" in panel and "Waiting for an answer" in panel and "Declined" not in panel
