"""Each user's inbox: what waits for them, and the count the navigation shows."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import IntegerField, Q, Subquery
from django.utils import timezone

from access import policy
from casework.models import Action, CaseReview, TeamMember
from coordination.models import Conference, Referral, Transfer
from directory.models import Role
from notices.models import Notice

# Actions and reviews show up this many days before they are due.
DUE_SOON_DAYS = 7


def _led_by(membership):
    """The participants whose case the user leads: a handful of rows, found by the membership's index."""
    return TeamMember.objects.current().filter(membership=membership, is_lead=True).values("participant_id")


def actions_due(membership):
    """Open actions due within a week or overdue, that the user answers for or leads the case of."""
    if membership is None or not policy.may_list_participants(membership):
        return Action.objects.none()
    soon = timezone.localdate() + datetime.timedelta(days=DUE_SOON_DAYS)
    # Both ways in start from the user's own rows (an index each), never from every open action.
    answered = Action.objects.filter(responsible_person=membership).order_by().values("pk")
    led = Action.objects.filter(goal__plan__participant__in=_led_by(membership)).order_by().values("pk")
    return (
        Action.objects.filter(pk__in=answered.union(led, all=True))
        .exclude(status=Action.Status.DONE)
        .filter(due_on__lte=soon, goal__plan__participant__in=policy.participants_visible_to(membership))
        .select_related("goal__plan__participant", "responsible_organisation")
        .order_by("due_on", "pk")
    )


def reviews_due(membership):
    if membership is None or not policy.may_list_participants(membership):
        return CaseReview.objects.none()
    soon = timezone.localdate() + datetime.timedelta(days=DUE_SOON_DAYS)
    return (
        CaseReview.objects.filter(held_on__isnull=True, scheduled_on__lte=soon, participant__in=_led_by(membership))
        .select_related("participant")
        .order_by("scheduled_on")
    )


def referrals_waiting(membership):
    return policy.referrals_received(membership).filter(status=Referral.Status.SENT)


def transfers_waiting(membership):
    if membership is None:
        return Transfer.objects.none()
    return policy.transfers_visible_to(membership).filter(
        status=Transfer.Status.PENDING, to_organisation=membership.organisation_id
    )


def conferences_coming(membership):
    if membership is None:
        return Conference.objects.none()
    mine = Q(organisation=membership.organisation_id) if membership.role == Role.COORDINATOR else Q(pk__in=[])
    if membership.role in policy.RECEIVES_REFERRALS:
        mine |= Q(invitations__organisation=membership.organisation_id)
    return (
        Conference.objects.filter(mine, status=Conference.Status.SCHEDULED)
        .select_related("organisation")
        .distinct()
        .order_by("scheduled_at")
    )


class _Count(Subquery):
    """COUNT(*) of a queryset, as a column of another query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


def count(request) -> int:
    """What the navigation shows: unread notices and items waiting for an answer, in one query."""
    membership = getattr(request, "membership", None)
    # A notice of a new referral or transfer announces an item counted below: not twice.
    announcing = Q(kind=Notice.Kind.REFERRAL, data__status=Referral.Status.SENT) | Q(
        kind=Notice.Kind.TRANSFER, data__status=Transfer.Status.PENDING
    )
    parts = [request.user.notices.filter(read_at__isnull=True).exclude(announcing)]
    if membership is not None:
        parts += [referrals_waiting(membership), transfers_waiting(membership)]
        if policy.may_list_participants(membership):
            today = timezone.localdate()
            parts += [
                actions_due(membership).filter(due_on__lt=today),
                reviews_due(membership).filter(scheduled_on__lte=today),
            ]
    counts = {
        f"n{i}": _Count(part.order_by().values("pk")) for i, part in enumerate(parts) if not part.query.is_empty()
    }
    row = get_user_model().objects.filter(pk=request.user.pk).annotate(**counts).values_list(*counts).first()
    return sum(n or 0 for n in row or ())
