"""The request as Homecoming's middleware leaves it, typed, as healthchecks types its requests.

Views annotate ``request: AppRequest`` to say what they rely on: ``request.membership``
(the organisation and role the user acts in now, or None), ``request.actor`` (the same
person as the actions take it) and ``request.htmx``.
"""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from accounts.models import User
from core.actor import Actor
from directory.models import Membership


class AppRequest(HttpRequest):
    user: User
    membership: Membership | None
    memberships: list[Membership]
    actor: Actor
    htmx: HtmxDetails
    request_id: str
