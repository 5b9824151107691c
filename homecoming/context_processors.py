from django.conf import settings
from django.http import HttpRequest


def shell(request: HttpRequest) -> dict:
    """What the base layout needs on every page: the active membership and the demo flag."""
    membership = getattr(request, "membership", None)
    demo = settings.HOMECOMING_DEMO or bool(membership and membership.organisation.is_demo)
    return {
        # The name Django 6's own CSP context processor uses, so templates need no change then.
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "membership": membership,
        "memberships": getattr(request, "memberships", []),
        "demo_instance": demo,
        "hub_instance": settings.HOMECOMING_ROLE == "hub",
    }
