"""The request as Homecoming's middleware leaves it, typed, as healthchecks types its requests.

Views annotate ``request: AppRequest`` to say what they rely on: ``request.membership``
(the organisation and role the user acts in now, or None), ``request.actor`` (the same
person as the actions take it) and ``request.htmx``.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django_htmx.middleware import HtmxDetails

from accounts.models import User
from core.actor import Actor
from directory.models import Membership, Role


class AppRequest(HttpRequest):
    user: User
    membership: Membership | None
    memberships: list[Membership]
    actor: Actor
    htmx: HtmxDetails
    request_id: str


def administrator_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The administrator's pages (issue 18 §12): someone signed in who does not act as an
    administrator now learns nothing about them (404, as for a page that does not exist); someone
    not signed in is sent to sign in."""

    @login_required
    @wraps(view)
    def guarded(request: AppRequest, *args, **kwargs) -> HttpResponse:
        if request.membership is None or request.membership.role != Role.ADMINISTRATOR:
            raise Http404
        return view(request, *args, **kwargs)

    return guarded
