from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A practitioner or administrator. Accounts are created by administrators only."""

    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    # Raising the epoch changes the session hash, which ends every session of the user
    # ("sign out everywhere") without scanning the session table.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def _session_hash(self, secret: str | None) -> str:
        return salted_hmac(
            "homecoming.accounts.User.session",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_session_auth_hash(self) -> str:
        return self._session_hash(None)

    def get_session_auth_fallback_hash(self):
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(fallback_secret)
