"""Daily: expires referrals past their end date and tells people what is overdue.

Run once a day (cron or a systemd timer); no task queue is needed. Running it twice on
the same day sends nothing new: every reminder has a key that is stored with it.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from casework.models import Action, CaseReview, TeamMember
from coordination import actions
from coordination.models import Referral, Transfer
from core.actor import Actor
from directory.models import Role
from notices.actions import notify, users_of
from notices.models import Notice


class Command(BaseCommand):
    help = "Expire referrals past their end date and send today's reminders (safe to run more than once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="Run as if today were this date.")

    def handle(self, *args, date=None, **options) -> None:
        today = date or timezone.localdate()
        # A scheduled job: the system acts, so its audit rows name no person.
        expired = actions.expire_referrals(today, actor=Actor.for_system())
        counts = {
            "referrals expired": expired,
            "overdue actions": self.overdue_actions(today),
            "reviews due": self.reviews_due(today),
            "referrals unanswered": self.unanswered_referrals(today),
            "transfers waiting": self.waiting_transfers(today),
        }
        # Counts only: no codes, names or text in the output (it may end up in a log).
        self.stdout.write(", ".join(f"{name}: {n}" for name, n in counts.items()))

    @staticmethod
    def _leads(participant_ids) -> dict[int, int]:
        return dict(
            TeamMember.objects.current()
            .filter(participant__in=participant_ids, is_lead=True)
            .values_list("participant_id", "membership__user_id")
        )

    def overdue_actions(self, today: datetime.date) -> int:
        overdue = list(
            Action.objects.exclude(status=Action.Status.DONE)
            .filter(due_on__lt=today, goal__plan__participant__status="active")
            .select_related("goal__plan__participant", "responsible_person")
        )
        leads = self._leads({a.goal.plan.participant_id for a in overdue})
        sent = 0
        for action in overdue:
            participant = action.goal.plan.participant
            users = {leads.get(participant.pk)}
            if action.responsible_person_id:
                users.add(action.responsible_person.user_id)
            users.discard(None)
            notify(
                users,
                kind=Notice.Kind.ACTION_OVERDUE,
                participant=participant,
                key=f"action:{action.pk}:{action.due_on}",
                data={"action": action.pk, "due": action.due_on.isoformat()},
            )
            sent += 1
        return sent

    def reviews_due(self, today: datetime.date) -> int:
        due = list(
            CaseReview.objects.filter(held_on__isnull=True, scheduled_on__lte=today).select_related("participant")
        )
        leads = self._leads({r.participant_id for r in due})
        for review in due:
            if review.participant_id in leads:
                notify(
                    [leads[review.participant_id]],
                    kind=Notice.Kind.REVIEW_DUE,
                    participant=review.participant,
                    key=f"review:{review.pk}:{review.scheduled_on}",
                    data={"review": review.pk, "due": review.scheduled_on.isoformat()},
                )
        return len(due)

    def unanswered_referrals(self, today: datetime.date) -> int:
        late = list(Referral.objects.filter(status=Referral.Status.SENT, respond_by__lt=today))
        for referral in late:
            users = [*users_of(referral.to_organisation, actions.INTAKE_ROLES), referral.created_by_id]
            notify(
                users,
                kind=Notice.Kind.REFERRAL,
                key=f"referral-overdue:{referral.pk}",
                data={"referral": referral.pk, "status": "overdue"},
            )
        return len(late)

    def waiting_transfers(self, today: datetime.date) -> int:
        # A transfer waiting more than three days is raised again, once a week.
        cutoff = timezone.now() - datetime.timedelta(days=3)
        waiting = list(Transfer.objects.filter(Q(status=Transfer.Status.PENDING), created_at__lt=cutoff))
        week = today.isocalendar()
        for transfer in waiting:
            notify(
                users_of(transfer.to_organisation, [Role.COORDINATOR]),
                kind=Notice.Kind.TRANSFER,
                key=f"transfer-waiting:{transfer.pk}:{week.year}-{week.week}",
                data={"transfer": transfer.pk, "status": transfer.status},
            )
        return len(waiting)
