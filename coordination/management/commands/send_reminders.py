"""Daily: expires referrals past their end date and tells people what is overdue.

Run once a day (cron or a systemd timer); no task queue is needed. Running it twice on
the same day sends nothing new: every reminder has a key that is stored with it, and the
keys already sent are read once per run and left out (``notices.actions.notify_once``).
A run reads what is due as plain tuples in a few queries and writes the new reminders in
a few multi-row inserts, whatever the number of participants.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db.models import QuerySet
from django.utils import timezone

from casework.models import Action, CaseReview, TeamMember
from coordination import actions
from coordination.models import Referral, Transfer
from core.actor import Actor
from directory.models import Role
from notices.actions import KeyedNotice, notify_once, users_of_each
from notices.models import Notice


def _leads(participants: QuerySet) -> dict[int, int]:
    """Participant id → the user who leads the case, for the participants this query selects
    (a subquery: the ids are never sent back and forth)."""
    return dict(
        TeamMember.objects.current()
        .filter(participant__in=participants, is_lead=True)
        .order_by()
        .values_list("participant_id", "membership__user_id")
    )


class Command(BaseCommand):
    help = "Expire referrals past their end date and send today's reminders (safe to run more than once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="Run as if today were this date.")

    def handle(self, *args, date: datetime.date | None = None, **options) -> None:
        today = date or timezone.localdate()
        # A scheduled job: the system acts, so its audit rows name no person.
        expired = actions.expire_referrals(today, actor=Actor.for_system())
        reminders: list[KeyedNotice] = []
        counts = {
            "referrals expired": expired,
            "overdue actions": self.overdue_actions(today, reminders),
            "reviews due": self.reviews_due(today, reminders),
            "referrals unanswered": self.unanswered_referrals(today, reminders),
            "transfers waiting": self.waiting_transfers(today, reminders),
        }
        counts["notices sent"] = notify_once(reminders)
        # Counts only: no codes, names or text in the output (it may end up in a log).
        self.stdout.write(", ".join(f"{name}: {n}" for name, n in counts.items()))

    @staticmethod
    def overdue_actions(today: datetime.date, reminders: list[KeyedNotice]) -> int:
        """Open actions of active participants past their due date: the case lead and the
        responsible person hear once per action and due date."""
        overdue = (
            Action.objects.exclude(status=Action.Status.DONE)
            .filter(due_on__lt=today, goal__plan__participant__status="active")
            .order_by()
        )
        leads = _leads(overdue.values("goal__plan__participant_id"))
        rows = overdue.values_list("pk", "due_on", "goal__plan__participant_id", "responsible_person__user_id")
        found = 0
        for pk, due_on, participant_id, responsible_user_id in rows:
            found += 1
            data = {"action": pk, "due": due_on.isoformat()}
            for user_id in {leads.get(participant_id), responsible_user_id} - {None}:
                reminders.append(
                    KeyedNotice(
                        recipient_id=user_id,
                        kind=Notice.Kind.ACTION_OVERDUE,
                        key=f"action:{pk}:{due_on}",
                        data=data,
                        participant_id=participant_id,
                    )
                )
        return found

    @staticmethod
    def reviews_due(today: datetime.date, reminders: list[KeyedNotice]) -> int:
        """Reviews due and not yet held: the case lead hears once per review and date."""
        due = CaseReview.objects.filter(held_on__isnull=True, scheduled_on__lte=today).order_by()
        leads = _leads(due.values("participant_id"))
        found = 0
        for pk, participant_id, scheduled_on in due.values_list("pk", "participant_id", "scheduled_on"):
            found += 1
            if participant_id in leads:
                reminders.append(
                    KeyedNotice(
                        recipient_id=leads[participant_id],
                        kind=Notice.Kind.REVIEW_DUE,
                        key=f"review:{pk}:{scheduled_on}",
                        data={"review": pk, "due": scheduled_on.isoformat()},
                        participant_id=participant_id,
                    )
                )
        return found

    @staticmethod
    def unanswered_referrals(today: datetime.date, reminders: list[KeyedNotice]) -> int:
        """Referrals still unanswered after their answer date: the receiving organisation's
        intake and the sender hear once."""
        late = Referral.objects.filter(status=Referral.Status.SENT, respond_by__lt=today).order_by()
        intake = users_of_each(late.values("to_organisation_id"), actions.INTAKE_ROLES)
        found = 0
        for pk, organisation_id, sender_id in late.values_list("pk", "to_organisation_id", "created_by_id"):
            found += 1
            for user_id in {*intake.get(organisation_id, ()), sender_id} - {None}:
                reminders.append(
                    KeyedNotice(
                        recipient_id=user_id,
                        kind=Notice.Kind.REFERRAL,
                        key=f"referral-overdue:{pk}",
                        data={"referral": pk, "status": "overdue"},
                    )
                )
        return found

    @staticmethod
    def waiting_transfers(today: datetime.date, reminders: list[KeyedNotice]) -> int:
        """A transfer waiting more than three days is raised again, once a week, to the receiving coordinators."""
        cutoff = timezone.now() - datetime.timedelta(days=3)
        waiting = Transfer.objects.filter(status=Transfer.Status.PENDING, created_at__lt=cutoff).order_by()
        coordinators = users_of_each(waiting.values("to_organisation_id"), [Role.COORDINATOR])
        week = today.isocalendar()
        found = 0
        for pk, organisation_id, status in waiting.values_list("pk", "to_organisation_id", "status"):
            found += 1
            for user_id in set(coordinators.get(organisation_id, ())):
                reminders.append(
                    KeyedNotice(
                        recipient_id=user_id,
                        kind=Notice.Kind.TRANSFER,
                        key=f"transfer-waiting:{pk}:{week.year}-{week.week}",
                        data={"transfer": pk, "status": status},
                    )
                )
        return found
