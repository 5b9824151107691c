from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community and practitioners")

    def ready(self) -> None:
        # Its sections of the case page and panels of the home page (core/sections.py).
        from community import sections  # noqa: F401
