"""The administrator's areas that exist on one kind of instance only (issue 18 §12).

A hub's member cities exist only on a hub, a city's imported instruments and DHIS2 mapping only on
a city (network/hub/gate.py closes the city's areas on a hub). A page of an area that does not show
here answers 404 to everyone, signed in or not, as for a page that was never there.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpResponse

from core.sections import AdminArea


def on_a_city() -> bool:
    """For ``AdminArea.shows``: an area of a city's own data (no case, no screening on a hub)."""
    return settings.HOMECOMING_ROLE != "hub"


def on_a_hub() -> bool:
    """For ``AdminArea.shows``: an area of the network hub's own (its member cities)."""
    return settings.HOMECOMING_ROLE == "hub"


def only_where_shown(area: AdminArea) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def shown(request, *args, **kwargs) -> HttpResponse:
            if area.shows is not None and not area.shows():
                raise Http404
            return view(request, *args, **kwargs)

        return shown

    return decorate
