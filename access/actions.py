import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from access.models import EmergencyAccess
from core import audit
from core.actor import Actor
from core.audit import AuditAction
from directory.models import Role
from notices.actions import notify, users_of
from notices.models import Notice


@transaction.atomic
def grant_emergency_access(*, actor: Actor, participant, reason: str) -> EmergencyAccess:
    """Breaks the glass: read access for a few hours, audited, and the owner's coordinators told."""
    now = timezone.now()
    grant = EmergencyAccess.objects.create(
        user=actor.user,
        membership=actor.membership,
        participant=participant,
        reason=reason,
        granted_at=now,
        expires_at=now + datetime.timedelta(hours=settings.HOMECOMING_EMERGENCY_ACCESS_HOURS),
    )
    audit.for_participant(AuditAction.EMERGENCY_ACCESS_GRANTED, participant, actor=actor, reason=reason)
    notify(
        users_of(participant.owner, [Role.COORDINATOR]),
        kind=Notice.Kind.EMERGENCY_ACCESS,
        participant=participant,
        data={
            "organisation": actor.membership.organisation.name,
            "role": actor.membership.role_label,
            "until": grant.expires_at.isoformat(),
        },
    )
    return grant
