"""Audit rows for sign-ins, second factors and memberships, written as they happen."""

from allauth.mfa import signals as mfa_signals
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import audit
from directory.models import Membership


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs) -> None:
    audit.record(action="auth.signed_in", actor=user, object_type="user", object_ref=user.pk, request=request)


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs) -> None:
    if request is not None:
        request.signed_out = True  # PrivateCacheMiddleware adds Clear-Site-Data
    if user is not None:
        audit.record(action="auth.signed_out", actor=user, object_type="user", object_ref=user.pk, request=request)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    # The attempted username is not stored: it may be a mistyped password or a person's name.
    username = credentials.get("username") or ""
    user_id = get_user_model().objects.filter(username=username).values_list("pk", flat=True).first()
    audit.record(action="auth.sign_in_failed", object_type="user", object_ref=user_id or "", request=request)


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs) -> None:
    user_id = get_user_model().objects.filter(username=username).values_list("pk", flat=True).first()
    audit.record(action="auth.locked_out", object_type="user", object_ref=user_id or "", request=request)


@receiver(mfa_signals.authenticator_added)
def _mfa_added(sender, request, user, authenticator, **kwargs) -> None:
    audit.record(
        action=f"mfa.{authenticator.type}_added", actor=user, object_type="user", object_ref=user.pk, request=request
    )


@receiver(mfa_signals.authenticator_removed)
def _mfa_removed(sender, request, user, authenticator, **kwargs) -> None:
    audit.record(
        action=f"mfa.{authenticator.type}_removed", actor=user, object_type="user", object_ref=user.pk, request=request
    )


@receiver(mfa_signals.authenticator_reset)
def _mfa_reset(sender, request, user, authenticator, **kwargs) -> None:
    audit.record(
        action=f"mfa.{authenticator.type}_reset", actor=user, object_type="user", object_ref=user.pk, request=request
    )


@receiver(mfa_signals.authentication_failed)
def _mfa_failed(sender, request, user, **kwargs) -> None:
    audit.record(action="mfa.code_failed", actor=user, object_type="user", object_ref=user.pk, request=request)


@receiver(post_save, sender=Membership)
def _membership_saved(sender, instance: Membership, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    audit.record(
        action="membership.created" if created else "membership.changed",
        organisation=instance.organisation,
        object_type="membership",
        object_ref=instance.pk,
        reason=f"user={instance.user_id} role={instance.role} active={instance.is_active}",
        request=_current_request(),
    )


@receiver(post_delete, sender=Membership)
def _membership_deleted(sender, instance: Membership, **kwargs) -> None:
    audit.record(
        action="membership.deleted",
        organisation=instance.organisation,
        object_type="membership",
        object_ref=instance.pk,
        reason=f"user={instance.user_id} role={instance.role}",
        request=_current_request(),
    )


def _current_request():
    # Membership changes come from the admin; simple-history's middleware keeps the request
    # so that the administrator is recorded as the actor.
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)
