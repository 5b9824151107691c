from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("The network of cities")

    def ready(self) -> None:
        from network import sections  # noqa: F401
