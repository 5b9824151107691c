"""Who acts: a person in one of their memberships, or the system (commands, jobs, the demo seed).

Actions take an ``Actor``, never the HTTP request, so that pages, the API, management
commands, scheduled jobs and tests all go through the same functions and write the same
audit rows. ``accounts.middleware.ActiveMembershipMiddleware`` sets ``request.actor``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.request_id import current_request_id

if TYPE_CHECKING:
    from accounts.models import User
    from directory.models import Membership, Organisation


@dataclass(frozen=True)
class Actor:
    user: User | None = None
    membership: Membership | None = None
    request_id: str = ""
    # Scheduled jobs, management commands and the demo seed act as the system; an
    # anonymous visitor (a failed sign-in) has neither a user nor this flag.
    system: bool = False

    @classmethod
    def for_system(cls) -> Actor:
        """Scheduled jobs, management commands and the demo seed: no person, no organisation."""
        return cls(request_id=current_request_id(), system=True)

    @classmethod
    def of(cls, user: User, membership: Membership | None = None) -> Actor:
        """A person outside a request (tests, commands run for someone)."""
        return cls(user=user, membership=membership, request_id=current_request_id())

    @property
    def organisation(self) -> Organisation | None:
        return self.membership.organisation if self.membership is not None else None

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None

    def __str__(self) -> str:
        return "system" if self.system else f"user {self.user_id}"
