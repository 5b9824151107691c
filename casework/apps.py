from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Case work")

    def ready(self) -> None:
        # Its sections of the case page and panels of the home page (core/sections.py).
        from casework import sections  # noqa: F401
        from casework.models import ContactNote
        from core import audit

        # A note's audit row ends with its sensitivity ("note=12 clinical"): shown in words.
        audit.name_codes(
            lambda code: ContactNote.Sensitivity(code).label if code in ContactNote.Sensitivity.values else None
        )
