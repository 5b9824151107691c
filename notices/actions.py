"""Telling users something in the app. Notices carry codes and ids only, never names or free text."""

from directory.models import Membership
from notices.models import Notice


def notify(users, *, kind: str, data: dict, participant=None, key: str = "") -> None:
    """One notice per user; with a key, a user never gets the same notice twice."""
    notices = [
        Notice(recipient_id=user_id, kind=kind, participant=participant, data=data, key=key)
        for user_id in {getattr(u, "pk", u) for u in users}
    ]
    Notice.objects.bulk_create(notices, ignore_conflicts=bool(key))


def users_of(organisation, roles) -> list[int]:
    """The active users of an organisation in these roles: who hears of what reaches it."""
    return list(
        Membership.objects.active().filter(organisation=organisation, role__in=roles).values_list("user_id", flat=True)
    )
