from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "instruments"
    verbose_name = _("Screening instruments")

    def ready(self) -> None:
        # Its sections of the case page and panels of the home page (core/sections.py).
        from instruments import sections  # noqa: F401
