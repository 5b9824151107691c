import datetime

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from access import audit
from access.models import EmergencyAccess
from directory.models import Membership, Role


def grant_emergency_access(*, request: HttpRequest, participant, reason: str) -> EmergencyAccess:
    """Breaks the glass: read access for a few hours, audited, and the owner's coordinators told."""
    from coordination.models import Notice

    now = timezone.now()
    grant = EmergencyAccess.objects.create(
        user=request.user,
        membership=request.membership,
        participant=participant,
        reason=reason,
        granted_at=now,
        expires_at=now + datetime.timedelta(hours=settings.HOMECOMING_EMERGENCY_ACCESS_HOURS),
    )
    audit.for_participant("emergency_access.granted", participant, request=request, reason=reason)
    coordinators = Membership.objects.active().filter(organisation=participant.owner, role=Role.COORDINATOR)
    Notice.objects.bulk_create(
        Notice(
            recipient_id=coordinator.user_id,
            kind=Notice.Kind.EMERGENCY_ACCESS,
            participant=participant,
            data={
                "organisation": request.membership.organisation.name,
                "role": request.membership.role_label,
                "until": grant.expires_at.isoformat(),
            },
        )
        for coordinator in coordinators
    )
    return grant
