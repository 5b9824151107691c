"""Audit rows for sign-ins, second factors and memberships, written as they happen."""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import audit
from core.actor import Actor
from core.audit import AuditAction
from directory.models import Membership

MFA_ADDED = {
    Authenticator.Type.TOTP: AuditAction.TOTP_ADDED,
    Authenticator.Type.RECOVERY_CODES: AuditAction.RECOVERY_CODES_ADDED,
    Authenticator.Type.WEBAUTHN: AuditAction.WEBAUTHN_ADDED,
}
MFA_REMOVED = {
    Authenticator.Type.TOTP: AuditAction.TOTP_REMOVED,
    Authenticator.Type.RECOVERY_CODES: AuditAction.RECOVERY_CODES_REMOVED,
    Authenticator.Type.WEBAUTHN: AuditAction.WEBAUTHN_REMOVED,
}
# Only recovery codes are reset (replaced by a new set); the other kinds are removed and added.
MFA_RESET = {Authenticator.Type.RECOVERY_CODES: AuditAction.RECOVERY_CODES_RESET}


def _actor(request, user=None) -> Actor:
    """The person a sign-in signal is about, with the request's id.

    ``request.actor`` is set by the middleware, but a sign-in (or its second-factor step)
    happens in a request that began anonymous, and some signals come with no request.
    """
    actor = getattr(request, "actor", None)
    if isinstance(actor, Actor) and actor.user_id == (user.pk if user is not None else None):
        return actor
    return Actor(user=user, request_id=getattr(request, "request_id", ""))


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs) -> None:
    audit.record(action=AuditAction.SIGNED_IN, actor=_actor(request, user), object_type="user", object_ref=user.pk)


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs) -> None:
    if request is not None:
        request.signed_out = True  # PrivateCacheMiddleware adds Clear-Site-Data
    if user is not None:
        audit.record(action=AuditAction.SIGNED_OUT, actor=_actor(request, user), object_type="user", object_ref=user.pk)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    # The attempted username is not stored: it may be a mistyped password or a person's name.
    username = credentials.get("username") or ""
    user_id = get_user_model().objects.filter(username=username).values_list("pk", flat=True).first()
    audit.record(action=AuditAction.SIGN_IN_FAILED, actor=_actor(request), object_type="user", object_ref=user_id or "")


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs) -> None:
    user_id = get_user_model().objects.filter(username=username).values_list("pk", flat=True).first()
    audit.record(action=AuditAction.LOCKED_OUT, actor=_actor(request), object_type="user", object_ref=user_id or "")


@receiver(account_signals.password_changed)
def _password_changed(sender, request, user, **kwargs) -> None:
    audit.record(
        action=AuditAction.PASSWORD_CHANGED, actor=_actor(request, user), object_type="user", object_ref=user.pk
    )


@receiver(mfa_signals.authenticator_added)
def _mfa_added(sender, request, user, authenticator, **kwargs) -> None:
    audit.record(
        action=MFA_ADDED[authenticator.type], actor=_actor(request, user), object_type="user", object_ref=user.pk
    )


@receiver(mfa_signals.authenticator_removed)
def _mfa_removed(sender, request, user, authenticator, **kwargs) -> None:
    audit.record(
        action=MFA_REMOVED[authenticator.type], actor=_actor(request, user), object_type="user", object_ref=user.pk
    )


@receiver(mfa_signals.authenticator_reset)
def _mfa_reset(sender, request, user, authenticator, **kwargs) -> None:
    audit.record(
        action=MFA_RESET[authenticator.type], actor=_actor(request, user), object_type="user", object_ref=user.pk
    )


@receiver(mfa_signals.authentication_failed)
def _mfa_failed(sender, request, user, **kwargs) -> None:
    audit.record(
        action=AuditAction.MFA_CODE_FAILED, actor=_actor(request, user), object_type="user", object_ref=user.pk
    )


@receiver(post_save, sender=Membership)
def _membership_saved(sender, instance: Membership, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    audit.record(
        action=AuditAction.MEMBERSHIP_CREATED if created else AuditAction.MEMBERSHIP_CHANGED,
        actor=_administrator(),
        organisation=instance.organisation,
        object_type="membership",
        object_ref=instance.pk,
        reason=f"user={instance.user_id} role={instance.role} active={instance.is_active}",
    )


@receiver(post_delete, sender=Membership)
def _membership_deleted(sender, instance: Membership, **kwargs) -> None:
    audit.record(
        action=AuditAction.MEMBERSHIP_DELETED,
        actor=_administrator(),
        organisation=instance.organisation,
        object_type="membership",
        object_ref=instance.pk,
        reason=f"user={instance.user_id} role={instance.role}",
    )


def _administrator() -> Actor:
    """Membership changes come from the administration pages; simple-history's middleware keeps the request
    so that the administrator is recorded as the actor. Elsewhere (the demo seed, a shell) the system acts."""
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    if request is None:
        return Actor.for_system()
    user = getattr(request, "user", None)
    return _actor(request, user if user is not None and user.is_authenticated else None)
