"""On a hub (``HOMECOMING_ROLE=hub``) only the hub's own pages exist: home, sign-in and account,
the language switch, the administration's areas that show on a hub, /hub/, the practice library and static files.
Participant, case, screening, referral, transfer, conference, community, dashboard, report and
extract pages answer 404 as if they were never there: the hub holds no person and no case.

One switch, here, rather than a check in each view: a page added later is closed on the hub
until it is listed below.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from core.sections import admin_areas

# Path prefixes a hub serves; "/" only exactly (the home page).
HUB_PREFIXES = ("/account/", "/hub/", "/practices/", "/static/", "/language/", "/healthz")
# The administration's areas (issue 18 §12) are served where they show (core.sections.AdminArea):
# a city's areas (its instruments, its DHIS2 mapping, …) answer 404 on a hub.
ADMINISTRATION = "/administration/"


def served_on_hub(path: str) -> bool:
    if path.startswith(ADMINISTRATION):
        return any(path.startswith(reverse(area.url_name)) for area in admin_areas())
    return path == "/" or path.startswith(HUB_PREFIXES)


class HubRoleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> None:
        # After URL resolution, so that the page answers the project's own 404 page.
        if settings.HOMECOMING_ROLE == "hub" and not served_on_hub(request.path_info):
            raise Http404
        return None
