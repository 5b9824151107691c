from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Its audit receivers, and its areas of the administrator's pages (core/sections.py).
        from accounts import receivers, sections  # noqa: F401
