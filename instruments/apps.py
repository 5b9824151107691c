from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "instruments"
    verbose_name = _("Screening instruments")

    def ready(self) -> None:
        # Its sections of the case page and panels of the home page (core/sections.py).
        from core import audit
        from instruments import sections  # noqa: F401
        from instruments.registry import shipped

        # The audit trail names a screening's instrument as published ("PHQ-9"), not by its code.
        audit.name_codes(lambda code: instrument.short_name if (instrument := shipped().get(code)) else None)
