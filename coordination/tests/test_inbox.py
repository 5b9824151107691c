import datetime
import re

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import NeedsDomain
from casework.tests import builders as case
from coordination.actions import answer_referral, send_referral
from coordination.models import Referral
from coordination.tests.helpers import consent, refer
from notices.actions import notify
from notices.models import Notice
from people.tests.builders import actor_of


def _overdue_action(participant, organisation, *, by):
    goal = case.goal(participant, "housing", "A flat", by=by)
    return case.action(
        goal,
        "Apply for social housing",
        by=by,
        responsible_organisation=organisation,
        due_on=timezone.localdate() - datetime.timedelta(days=2),
    )


def _notice(user) -> Notice:
    notify([user], kind=Notice.Kind.TRANSFER, data={"transfer": 1, "status": "declined"})
    return Notice.objects.get(recipient=user)


def test_the_navigation_counts_what_waits(client, family, case_worker, city_a):
    _overdue_action(family.mother, city_a.social, by=case_worker)
    case.review(family.son, scheduled_on=timezone.localdate(), by=case_worker)
    client.force_login(case_worker)
    page = client.get(reverse("home")).content.decode()
    assert f'data-inbox-count="{reverse("inbox_count")}"' in page
    count = client.get(reverse("inbox_count")).content.decode()
    assert count.strip() == '<span class="count" aria-label="2 items waiting">2</span>'
    inbox = client.get(reverse("inbox")).content.decode()
    assert "Apply for social housing" in inbox and family.son.code in inbox


def test_a_partner_inbox_lists_referrals_to_answer(client, family, case_worker, cso_partner, city_a):
    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker)
    client.force_login(case_worker)
    refer(client, family.mother, city_a.cso, ["livelihood"])
    client.force_login(cso_partner)
    inbox = client.get(reverse("inbox")).content.decode()
    assert family.mother.code in inbox and "Waiting for an answer" in inbox
    # The notice announcing the referral is not counted twice.
    count = client.get(reverse("inbox_count")).content.decode()
    assert count.strip() == '<span class="count" aria-label="1 item waiting">1</span>'


def test_reminders_are_sent_once_a_day(family, case_worker, city_a, capsys):
    action = _overdue_action(family.mother, city_a.social, by=case_worker)
    case.review(family.mother, scheduled_on=timezone.localdate() - datetime.timedelta(days=1), by=case_worker)
    call_command("send_reminders")
    call_command("send_reminders")
    notices = Notice.objects.filter(recipient=case_worker)
    assert notices.filter(kind="action_overdue", data__action=action.pk).count() == 1
    assert notices.filter(kind="review_due").count() == 1
    output = capsys.readouterr().out
    assert "overdue actions: 1" in output and family.mother.code not in output


def test_unanswered_referrals_are_raised_after_their_answer_date(family, case_worker, cso_partner, city_a):
    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker)
    referral = send_referral(
        actor=actor_of(case_worker),
        participant=family.mother,
        to_organisation=city_a.cso,
        domain=NeedsDomain.objects.get(code="livelihood"),
        what="Work",
        urgency="routine",
        categories=["livelihood"],
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    # As if the days to answer had passed.
    Referral.objects.filter(pk=referral.pk).update(respond_by=timezone.localdate() - datetime.timedelta(days=1))
    call_command("send_reminders")
    for user in (cso_partner, case_worker):
        assert Notice.objects.filter(recipient=user, data__referral=referral.pk, data__status="overdue").exists()


def test_marking_a_notice_read_clears_it_from_the_count(client, family, coordinator):
    notice = _notice(coordinator)
    client.force_login(coordinator)
    assert client.post(reverse("mark_notice_read", args=[notice.pk])).url == reverse("inbox")
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_someone_elses_notice_cannot_be_marked(client, coordinator, case_worker):
    notice = _notice(coordinator)
    client.force_login(case_worker)
    assert client.post(reverse("mark_notice_read", args=[notice.pk])).status_code == 404


def test_a_section_swapped_in_by_htmx_does_not_count_the_inbox(client, family, case_worker):
    client.force_login(case_worker)
    url = reverse("participant_section", args=[family.mother.code, "notes"])
    client.get(url, HTTP_HX_REQUEST="true")
    with CaptureQueriesContext(connection) as queries:
        client.get(url, HTTP_HX_REQUEST="true")
    assert not any("coordination_notice" in q["sql"] for q in queries.captured_queries)


def test_a_partner_inbox_takes_the_same_queries_for_one_referral_or_several(
    client, family, case_worker, cso_partner, city_a
):
    client.force_login(case_worker)
    for participant in (family.mother, family.daughter, family.son):
        consent(participant, city_a.cso, ["livelihood"], recorded_by=case_worker)
    # One waiting and one in service (an empty list is read with no query at all), then more of each.
    refer(client, family.mother, city_a.cso, ["livelihood"])
    refer(client, family.son, city_a.cso, ["livelihood"])
    answer_referral(actor=actor_of(cso_partner), referral=Referral.objects.get(participant=family.son), accept=True)
    client.force_login(cso_partner)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("inbox"))
        return len(captured)

    one = queries()
    client.force_login(case_worker)
    refer(client, family.daughter, city_a.cso, ["livelihood"])
    refer(client, family.son, city_a.cso, ["livelihood"])
    answer_referral(
        actor=actor_of(cso_partner), referral=Referral.objects.filter(participant=family.son).first(), accept=True
    )
    client.force_login(cso_partner)
    assert Referral.objects.filter(status=Referral.Status.SENT).count() == 2
    assert Referral.objects.filter(status=Referral.Status.ACCEPTED).count() == 2
    assert queries() == one


def test_a_partners_referral_lists_are_paged_each_by_its_own_parameter(
    client, family, case_worker, cso_partner, city_a
):
    from coordination.views import INBOX_ROWS

    today, start = timezone.localdate(), timezone.now() - datetime.timedelta(days=60)
    statuses = [Referral.Status.SENT] * (INBOX_ROWS + 5) + [Referral.Status.ACCEPTED] * (INBOX_ROWS + 1)
    made = Referral.objects.bulk_create(
        Referral(
            participant=family.mother,
            from_organisation=city_a.social,
            to_organisation=city_a.cso,
            domain=NeedsDomain.objects.get(code="livelihood"),
            request="Help to find part-time work",
            status=status,
            respond_by=today,
            expires_on=today + datetime.timedelta(days=90),
            created_by=case_worker,
            created_at=start + datetime.timedelta(hours=n),
        )
        for n, status in enumerate(statuses)
    )
    waiting = [r.pk for r in made if r.status == Referral.Status.SENT][::-1]  # newest first
    in_service = [r.pk for r in made if r.status == Referral.Status.ACCEPTED][::-1]
    client.force_login(cso_partner)

    def listed(query: str) -> tuple[list[int], str]:
        page = client.get(reverse("inbox") + query).content.decode()
        return [int(pk) for pk in re.findall(r'href="/referrals/(\d+)/" class="code"', page)], page

    first, page = listed("")
    assert first == waiting[:INBOX_ROWS] + in_service[:INBOX_ROWS]
    assert 'aria-label="Pages of the referrals waiting for an answer"' in page
    assert 'href="?&amp;waiting=2"' in page and 'href="?&amp;in_service=2"' in page
    # Each list turns its own page; the other stays where it was.
    assert listed("?waiting=2")[0] == waiting[INBOX_ROWS:] + in_service[:INBOX_ROWS]
    both, page = listed("?waiting=2&in_service=2")
    assert both == waiting[INBOX_ROWS:] + in_service[INBOX_ROWS:]
    assert 'href="?in_service=2&amp;waiting=1"' in page
    # A page that is not a number, or past the end, shows the first or the last: nothing is refused.
    assert listed("?waiting=x&in_service=99")[0] == waiting[:INBOX_ROWS] + in_service[INBOX_ROWS:]
