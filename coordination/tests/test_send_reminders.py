"""The daily reminders: who hears of what, once, in a few queries at any size (issue 15, point 3)."""

import datetime

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.models import NeedsDomain
from casework.tests import builders as case
from conftest import register_family
from coordination.actions import propose_transfer, send_referral
from coordination.models import Referral, Transfer
from coordination.tests.helpers import consent
from notices.models import Notice
from people.tests.builders import actor_of

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _action(participant, organisation, *, by, due_on, status="planned", responsible_person=None):
    goal = case.goal(participant, "housing", "A flat", by=by)
    return case.action(
        goal,
        "Apply for social housing",
        by=by,
        responsible_organisation=organisation,
        due_on=due_on,
        status=status,
        responsible_person=responsible_person,
    )


def _unanswered_referral(participant, organisation, *, by) -> Referral:
    consent(participant, organisation, ["livelihood"], recorded_by=by)
    referral = send_referral(
        actor=actor_of(by),
        participant=participant,
        to_organisation=organisation,
        domain=NeedsDomain.objects.get(code="livelihood"),
        what="Work",
        urgency="routine",
        categories=["livelihood"],
        expires_on=TODAY + 30 * DAY,
    )
    Referral.objects.filter(pk=referral.pk).update(respond_by=TODAY - DAY)
    return referral


def _reminders() -> set[tuple[str, str, str]]:
    """(recipient, kind, key) of every reminder sent: the notices with a key."""
    return set(Notice.objects.exclude(key="").values_list("recipient__username", "kind", "key"))


def _run(capsys, *args: str) -> str:
    call_command("send_reminders", *args)
    return capsys.readouterr().out.strip()


def test_each_reminder_goes_to_the_people_who_must_act_on_it(
    family, case_worker, psychologist, coordinator, cso_partner, other_coordinator, city_a, city_b, capsys
):
    # The mother: an action overdue for the psychologist; the case worker leads her case.
    overdue = _action(
        family.mother,
        city_a.social,
        by=case_worker,
        due_on=TODAY - 2 * DAY,
        responsible_person=psychologist.memberships.get(),
    )
    # The daughter: an action due later, and an overdue one already done: no reminder.
    _action(family.daughter, city_a.social, by=case_worker, due_on=TODAY + 3 * DAY)
    _action(family.daughter, city_a.social, by=case_worker, due_on=TODAY - 5 * DAY, status="done")
    # The son: a review that should have been held yesterday.
    review = case.review(family.son, scheduled_on=TODAY - DAY, by=case_worker)
    # The mother's referral to the CSO has waited past its answer date.
    referral = _unanswered_referral(family.mother, city_a.cso, by=case_worker)
    # The household's transfer to the other city has waited five days.
    transfer = propose_transfer(
        actor=actor_of(coordinator),
        participants=[family.mother],
        household=family.household,
        to_organisation=city_b.social,
        handover_note="Moving to relatives",
    )
    Transfer.objects.filter(pk=transfer.pk).update(created_at=timezone.now() - 5 * DAY)
    Notice.objects.all().delete()  # only what the daily run sends

    output = _run(capsys)

    week = TODAY.isocalendar()
    assert _reminders() == {
        ("a.caseworker", "action_overdue", f"action:{overdue.pk}:{overdue.due_on}"),
        ("a.psychologist", "action_overdue", f"action:{overdue.pk}:{overdue.due_on}"),
        ("a.caseworker", "review_due", f"review:{review.pk}:{review.scheduled_on}"),
        ("a.cso", "referral", f"referral-overdue:{referral.pk}"),
        ("a.caseworker", "referral", f"referral-overdue:{referral.pk}"),
        ("b.coordinator", "transfer", f"transfer-waiting:{transfer.pk}:{week.year}-{week.week}"),
    }
    notice = Notice.objects.get(recipient=psychologist)
    assert notice.participant == family.mother
    assert notice.data == {"action": overdue.pk, "due": overdue.due_on.isoformat()}
    assert output == (
        "referrals expired: 0, overdue actions: 1, reviews due: 1, referrals unanswered: 1, "
        "transfers waiting: 1, notices sent: 6"
    )
    for code in (family.mother.code, family.son.code):
        assert code not in output


def _families(count: int, city_a, case_worker, coordinator) -> None:
    """``count`` households of three, each member with an overdue action and a review past due."""
    lead = case_worker.memberships.get()
    for index in range(count):
        family = register_family(city_a.social, lead=lead, assigned_by=coordinator, prefix=f"{index} ")
        for participant in (family.mother, family.daughter, family.son):
            _action(participant, city_a.social, by=case_worker, due_on=TODAY - 3 * DAY)
            case.review(participant, scheduled_on=TODAY - DAY, by=case_worker)


def _queries_of_two_runs(capsys) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as first:
        _run(capsys)
    with CaptureQueriesContext(connection) as second:
        output = _run(capsys)
    assert output.endswith("notices sent: 0")
    return len(first), len(second)


def test_a_second_run_the_same_day_sends_nothing_in_as_many_queries_for_one_family_as_for_four(
    city_a, case_worker, coordinator, capsys
):
    _families(1, city_a, case_worker, coordinator)
    small = _queries_of_two_runs(capsys)
    assert Notice.objects.filter(kind__in=["action_overdue", "review_due"]).count() == 6

    _families(3, city_a, case_worker, coordinator)  # four families now, twelve participants
    large = _queries_of_two_runs(capsys)
    assert Notice.objects.filter(kind__in=["action_overdue", "review_due"]).count() == 24
    assert large == small
    # reads of what is due and of what was sent, no write: a constant, small number
    assert small[1] <= 12


def test_the_next_day_sends_what_has_become_due_and_nothing_twice(family, case_worker, city_a, capsys):
    _action(family.mother, city_a.social, by=case_worker, due_on=TODAY - DAY)
    due_today = _action(family.daughter, city_a.social, by=case_worker, due_on=TODAY)
    review = case.review(family.son, scheduled_on=TODAY + DAY, by=case_worker)
    assert _run(capsys).endswith(
        "overdue actions: 1, reviews due: 0, referrals unanswered: 0, transfers waiting: 0, notices sent: 1"
    )
    assert _run(capsys).endswith("notices sent: 0")

    tomorrow = (TODAY + DAY).isoformat()
    assert _run(capsys, "--date", tomorrow).endswith(
        "overdue actions: 2, reviews due: 1, referrals unanswered: 0, transfers waiting: 0, notices sent: 2"
    )
    sent = _reminders()
    assert ("a.caseworker", "action_overdue", f"action:{due_today.pk}:{TODAY}") in sent
    assert ("a.caseworker", "review_due", f"review:{review.pk}:{review.scheduled_on}") in sent
    assert len(sent) == 3
    assert _run(capsys, "--date", tomorrow).endswith("notices sent: 0")


def test_a_new_lead_hears_of_what_the_previous_lead_was_told(family, case_worker, coordinator, city_a, capsys):
    from casework.actions import assign_team_member
    from conftest import make_user
    from directory.models import Role

    action = _action(family.mother, city_a.social, by=case_worker, due_on=TODAY - DAY)
    _run(capsys)
    successor = make_user("a.caseworker2", organisation=city_a.social, role=Role.CASE_WORKER)
    assign_team_member(
        actor=actor_of(coordinator), participant=family.mother, membership=successor.memberships.get(), is_lead=True
    )
    assert _run(capsys).endswith("notices sent: 1")
    assert Notice.objects.get(recipient=successor).key == f"action:{action.pk}:{action.due_on}"
