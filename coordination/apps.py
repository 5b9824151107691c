from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Coordination")

    def ready(self) -> None:
        # Its sections of the case page and panels of the home page (core/sections.py).
        from coordination import sections  # noqa: F401
