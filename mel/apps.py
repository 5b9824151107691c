from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MelConfig(AppConfig):
    name = "mel"
    verbose_name = _("Monitoring, evaluation and learning")

    def ready(self) -> None:
        # Its home panel (core/sections.py) and the caseload's indicator filter (core/listings.py).
        from mel import sections  # noqa: F401
