"""What is done to an account: ending its sessions, removing its second factor, a permission; each audited."""

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Permission
from django.db import transaction

from accounts.models import User
from core import audit
from core.actor import Actor
from core.audit import AuditAction


def _end_sessions(user: User) -> None:
    # Raising the epoch changes the session hash: every session of the user ends at its next request.
    user.session_epoch += 1
    user.save(update_fields=["session_epoch"])


@transaction.atomic
def sign_out_everywhere(*, actor: Actor) -> None:
    """The acting user ends every one of their own sessions, on every device."""
    _end_sessions(actor.user)
    audit.record(action=AuditAction.SIGNED_OUT_EVERYWHERE, actor=actor, object_type="user", object_ref=actor.user_id)


@transaction.atomic
def sign_out_user_everywhere(*, actor: Actor, user: User) -> None:
    """An administrator ends every session of this user."""
    _end_sessions(user)
    audit.record(action=AuditAction.SIGNED_OUT_BY_ADMINISTRATOR, actor=actor, object_type="user", object_ref=user.pk)


@transaction.atomic
def remove_second_factor(*, actor: Actor, user: User) -> None:
    """A lost device: an administrator removes the user's second factor; they enrol again at next sign-in."""
    Authenticator.objects.filter(user=user).delete()
    _end_sessions(user)
    audit.record(action=AuditAction.MFA_RESET_BY_ADMINISTRATOR, actor=actor, object_type="user", object_ref=user.pk)


@transaction.atomic
def set_override_consent(*, actor: Actor, user: User, allowed: bool) -> None:
    """Allows (or stops) the user sharing beyond consent on a recorded lawful basis."""
    permission = Permission.objects.get(codename="override_consent", content_type__app_label="coordination")
    (user.user_permissions.add if allowed else user.user_permissions.remove)(permission)
    audit.record(
        action=AuditAction.OVERRIDE_CONSENT_GRANTED if allowed else AuditAction.OVERRIDE_CONSENT_WITHDRAWN,
        actor=actor,
        object_type="user",
        object_ref=user.pk,
    )
