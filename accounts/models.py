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
    # Set when an administrator's password reset is applied: the user is sent to change it.
    must_change_password = models.BooleanField(_("must change password at next sign-in"), default=False)

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


class PendingChange(models.Model):
    """A change an administrator asked for that lets someone see people's records: a
    case-facing membership, or a password or second-factor reset of a case-facing user.

    It is applied only when a second person confirms it: another administrator, or a
    coordinator of the organisation concerned; never the requester, never the user it is for.
    """

    class Kind(models.TextChoices):
        MEMBERSHIP = "membership", _("Case-facing membership")
        PASSWORD = "password", _("Password reset")
        SECOND_FACTOR = "second_factor", _("Second factor removed")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Waiting for a second person")
        CONFIRMED = "confirmed", _("Confirmed and applied")
        REFUSED = "refused", _("Refused")

    kind = models.CharField(_("change"), max_length=16, choices=Kind.choices)
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="pending_changes")
    # Memberships only: the membership changed (none for a new one) and what it becomes.
    membership = models.ForeignKey(
        "directory.Membership", verbose_name=_("membership"), null=True, blank=True, on_delete=models.SET_NULL
    )
    organisation = models.ForeignKey(
        "directory.Organisation", verbose_name=_("organisation"), null=True, blank=True, on_delete=models.PROTECT
    )
    role = models.CharField(_("role"), max_length=32, blank=True)
    discipline = models.CharField(_("discipline"), max_length=32, blank=True)
    # Password resets only: the new password, hashed, never in clear.
    password_hash = models.CharField(max_length=256, blank=True, editable=False)
    requested_by = models.ForeignKey(User, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    decided_by = models.ForeignKey(
        User, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # When the user was told of the applied change, at their next sign-in.
    told_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("change waiting for confirmation")
        verbose_name_plural = _("changes waiting for confirmation")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.user}"

    @property
    def role_label(self) -> str:
        from directory.models import Discipline, Role

        if self.discipline:
            return str(Discipline(self.discipline).label)
        return str(Role(self.role).label) if self.role else ""


class AccessToken(models.Model):
    """A personal access token for the API (issue 14): shown once, stored as its SHA-256 only.

    It acts as its user, never more: the access policy decides what it reads, its scope only
    narrows it (``read`` cannot write). It dies when revoked, when it expires (at most a year),
    when the user is deactivated, and when the user's sessions end everywhere (``epoch``).
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="access_tokens")
    # The organisation and role the token acts in: the one its user acted in when making it.
    # (Null only for tokens made before this field existed: they no longer work.)
    membership = models.ForeignKey(
        "directory.Membership", verbose_name=_("acts as"), null=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the token, shown in the list so that its owner can tell tokens apart.
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices, default=Scope.READ)
    epoch = models.PositiveIntegerField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
