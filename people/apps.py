from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("Participants and households")

    def ready(self) -> None:
        # Its sections of the case page and panels of the home page (core/sections.py).
        from people import sections  # noqa: F401
