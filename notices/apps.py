from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """In-app notices: any app may tell a user something through ``notices.actions.notify``."""

    name = "notices"
    verbose_name = _("Notices")
