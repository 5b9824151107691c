from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app needs: the audit log, the vault's cryptography, data categories, the actor."""

    name = "core"
    verbose_name = _("Core")
