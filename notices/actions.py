"""Telling users something in the app. Notices carry codes and ids only, never names or free text."""

import dataclasses
from collections import defaultdict
from collections.abc import Iterable

from directory.models import Membership
from notices.models import Notice

# Rows per INSERT when notices are written in bulk: well under SQLite's limit on parameters
# per statement, and few enough statements at national scale.
NOTICE_BATCH = 2000


def notify(users, *, kind: str, data: dict, participant=None, key: str = "") -> None:
    """One notice per user; with a key, a user never gets the same notice twice."""
    notices = [
        Notice(recipient_id=user_id, kind=kind, participant=participant, data=data, key=key)
        for user_id in {getattr(u, "pk", u) for u in users}
    ]
    Notice.objects.bulk_create(notices, ignore_conflicts=bool(key))


@dataclasses.dataclass(frozen=True)
class KeyedNotice:
    """One notice a scheduled job means to send; its key makes it go to its recipient once, ever."""

    recipient_id: int
    kind: str
    key: str
    data: dict
    participant_id: int | None = None


def notify_once(notices: Iterable[KeyedNotice], *, batch_size: int = NOTICE_BATCH) -> int:
    """``notify`` for a scheduled job's whole run: every notice keyed, each (recipient, key) sent
    at most once. Returns how many notices were new.

    The keys already sent for these kinds are read in one query and left out, so a run that
    finds nothing new (the second of the day) writes nothing and costs one query whatever the
    number of reminders; the rest go in a few multi-row inserts. Conflicts are still ignored,
    for two runs that overlap.
    """
    pending: dict[tuple[int, str], KeyedNotice] = {}
    for notice in notices:
        if not notice.key:
            raise ValueError("notify_once sends keyed notices only")
        pending.setdefault((notice.recipient_id, notice.key), notice)
    if not pending:
        return 0
    kinds = {notice.kind for notice in pending.values()}
    sent = set(
        Notice.objects.filter(kind__in=kinds)
        .exclude(key="")
        .order_by()
        .values_list("recipient_id", "key")
        .iterator(chunk_size=10_000)
    )
    new = [
        Notice(
            recipient_id=notice.recipient_id,
            kind=notice.kind,
            participant_id=notice.participant_id,
            data=notice.data,
            key=notice.key,
        )
        for pair, notice in pending.items()
        if pair not in sent
    ]
    Notice.objects.bulk_create(new, ignore_conflicts=True, batch_size=batch_size)
    return len(new)


def users_of(organisation, roles) -> list[int]:
    """The active users of an organisation in these roles: who hears of what reaches it."""
    return list(
        Membership.objects.active().filter(organisation=organisation, role__in=roles).values_list("user_id", flat=True)
    )


def users_of_each(organisations, roles) -> dict[int, list[int]]:
    """``users_of`` for many organisations in one query (ids, or a queryset of ids): organisation id → users."""
    users: dict[int, list[int]] = defaultdict(list)
    for organisation_id, user_id in (
        Membership.objects.active()
        .filter(organisation__in=organisations, role__in=roles)
        .order_by()
        .values_list("organisation_id", "user_id")
    ):
        users[organisation_id].append(user_id)
    return users
