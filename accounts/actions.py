"""What is done to an account: ending its sessions, removing its second factor, a permission; each audited.

An administrator alone may not let anyone see people's records: a case-facing membership,
or a password or second-factor reset of a case-facing user, is a ``PendingChange`` until a
second person confirms it (``confirm_change``).
"""

import datetime
import enum

from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import tokens
from accounts.models import AccessToken, PendingChange, User
from core import audit
from core.actor import Actor
from core.audit import AuditAction
from directory.models import Membership, Organisation, Role

# Roles that see people: partners too, since they read the participants referred to them.
CASE_FACING_ROLES = frozenset({Role.COORDINATOR, Role.CASE_WORKER, Role.SPECIALIST, Role.PARTNER})


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
    """A lost device: an administrator removes the user's second factor; they enrol again at next sign-in.

    For a case-facing user this is ``request_second_factor_removal`` and applies once confirmed."""
    Authenticator.objects.filter(user=user).delete()
    _end_sessions(user)
    audit.record(action=AuditAction.MFA_RESET_BY_ADMINISTRATOR, actor=actor, object_type="user", object_ref=user.pk)


@transaction.atomic
def reset_password(*, actor: Actor, user: User, password_hash: str) -> None:
    """An administrator's password reset: the user must choose their own at next sign-in.

    For a case-facing user this is ``request_password_reset`` and applies once confirmed."""
    user.password = password_hash
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])  # a new password ends the sessions
    audit.record(
        action=AuditAction.PASSWORD_RESET_BY_ADMINISTRATOR, actor=actor, object_type="user", object_ref=user.pk
    )


def is_case_facing(user: User) -> bool:
    return Membership.objects.active().filter(user=user, role__in=CASE_FACING_ROLES).exists()


def needs_second_person(membership: Membership) -> bool:
    """True when saving this membership as it now is would let its user see people they did not."""
    if membership.role not in CASE_FACING_ROLES or not membership.is_active:
        return False
    if membership.pk is None:
        return True
    before = Membership.objects.filter(pk=membership.pk).first()
    return before is None or any(
        getattr(before, field) != getattr(membership, field)
        for field in ("organisation_id", "role", "discipline", "is_active")
    )


def _requested(change: PendingChange, actor: Actor) -> PendingChange:
    audit.record(
        action=AuditAction.CHANGE_REQUESTED,
        actor=actor,
        organisation=change.organisation,
        object_type="pending_change",
        object_ref=change.pk,
        reason=_describe(change),
    )
    return change


def _describe(change: PendingChange) -> str:
    # Ids and codes only: the audit log keeps no names.
    details = f"kind={change.kind} user={change.user_id}"
    if change.kind == PendingChange.Kind.MEMBERSHIP:
        details += f" organisation={change.organisation_id} role={change.role} discipline={change.discipline}"
    return details


@transaction.atomic
def request_membership(*, actor: Actor, membership: Membership) -> PendingChange:
    """Holds a case-facing membership (new or changed, not saved) for a second person's confirmation."""
    change = PendingChange.objects.create(
        kind=PendingChange.Kind.MEMBERSHIP,
        user=membership.user,
        membership_id=membership.pk,
        organisation=membership.organisation,
        role=membership.role,
        discipline=membership.discipline,
        requested_by=actor.user,
    )
    return _requested(change, actor)


@transaction.atomic
def request_password_reset(*, actor: Actor, user: User, password: str) -> PendingChange:
    change = PendingChange.objects.create(
        kind=PendingChange.Kind.PASSWORD, user=user, password_hash=make_password(password), requested_by=actor.user
    )
    return _requested(change, actor)


@transaction.atomic
def request_second_factor_removal(*, actor: Actor, user: User) -> PendingChange:
    change = PendingChange.objects.create(kind=PendingChange.Kind.SECOND_FACTOR, user=user, requested_by=actor.user)
    return _requested(change, actor)


def _organisations(change: PendingChange) -> QuerySet:
    """Where a coordinator may confirm: the membership's organisation, or for a reset
    every organisation where the user works with people."""
    if change.kind == PendingChange.Kind.MEMBERSHIP:
        return Organisation.objects.filter(pk=change.organisation_id)
    return Organisation.objects.filter(
        pk__in=Membership.objects.active()
        .filter(user_id=change.user_id, role__in=CASE_FACING_ROLES)
        .values("organisation_id")
    )


def decidable_by(user: User) -> QuerySet:
    """The pending changes this user may confirm or refuse."""
    pending = (
        PendingChange.objects.filter(outcome=PendingChange.Outcome.PENDING)
        .exclude(requested_by=user)
        .exclude(user=user)
    )
    mine = Membership.objects.active().filter(user=user)
    if mine.filter(role=Role.ADMINISTRATOR).exists():
        return pending
    coordinated = list(mine.filter(role=Role.COORDINATOR).values_list("organisation_id", flat=True))
    return pending.filter(
        pk__in=[change.pk for change in pending if _organisations(change).filter(pk__in=coordinated).exists()]
    )


def may_decide(user: User, change: PendingChange) -> bool:
    return decidable_by(user).filter(pk=change.pk).exists()


def _decided(change: PendingChange, actor: Actor, outcome: str) -> None:
    change.outcome = outcome
    change.decided_by = actor.user
    change.decided_at = timezone.now()
    change.save(update_fields=["outcome", "decided_by", "decided_at"])
    audit.record(
        action=AuditAction.CHANGE_CONFIRMED
        if outcome == PendingChange.Outcome.CONFIRMED
        else AuditAction.CHANGE_REFUSED,
        actor=actor,
        organisation=change.organisation,
        object_type="pending_change",
        object_ref=change.pk,
        reason=_describe(change),
    )


@transaction.atomic
def confirm_change(*, actor: Actor, change: PendingChange) -> None:
    """A second person confirms: the change is applied, and the user is told at next sign-in."""
    if not may_decide(actor.user, change):
        raise PermissionError("not allowed to confirm this change")
    _decided(change, actor, PendingChange.Outcome.CONFIRMED)
    if change.kind == PendingChange.Kind.MEMBERSHIP:
        membership = (
            Membership.objects.filter(pk=change.membership_id).first()
            or Membership.objects.filter(
                user_id=change.user_id, organisation_id=change.organisation_id, role=change.role
            ).first()
            or Membership(user_id=change.user_id)
        )
        membership.organisation_id = change.organisation_id
        membership.role = change.role
        membership.discipline = change.discipline
        membership.is_active = True
        membership.save()  # audited as membership.created/changed, with the confirming person as actor
    elif change.kind == PendingChange.Kind.PASSWORD:
        reset_password(actor=actor, user=change.user, password_hash=change.password_hash)
    else:
        remove_second_factor(actor=actor, user=change.user)


@transaction.atomic
def refuse_change(*, actor: Actor, change: PendingChange) -> None:
    if not may_decide(actor.user, change):
        raise PermissionError("not allowed to refuse this change")
    _decided(change, actor, PendingChange.Outcome.REFUSED)


def changes_to_tell(user: User) -> list[PendingChange]:
    """Applied changes the user has not yet been told of; telling them marks them told."""
    changes = list(PendingChange.objects.filter(user=user, outcome=PendingChange.Outcome.CONFIRMED, told_at=None))
    PendingChange.objects.filter(pk__in=[c.pk for c in changes]).update(told_at=timezone.now())
    return changes


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


class TokenRefused(ValueError):
    pass


@transaction.atomic
def create_token(*, actor: Actor, name: str, scope: str, expires_on) -> tuple[AccessToken, str]:
    """A new token of the acting user and its secret, which is shown once and never stored."""
    if actor.membership is None:
        raise TokenRefused(_("Choose the organisation you act in first: a token acts in one."))
    today = timezone.localdate()
    if not today < expires_on <= today + tokens.MAX_LIFETIME:
        raise TokenRefused(_("A token expires after today and within a year."))
    if scope not in AccessToken.Scope.values:
        raise TokenRefused(_("Choose read, or read and write."))
    secret = tokens.new_secret()
    end = timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.min))
    token = AccessToken.objects.create(
        user=actor.user,
        membership=actor.membership,
        name=name.strip()[:100] or str(_("token")),
        prefix=secret[:10],
        digest=tokens.digest(secret),
        scope=scope,
        epoch=actor.user.session_epoch,
        expires_at=end,
    )
    audit.record(action=AuditAction.TOKEN_CREATED, actor=actor, object_type="access_token", object_ref=token.pk)
    return token, secret


@transaction.atomic
def revoke_token(*, actor: Actor, token: AccessToken) -> None:
    """The owner revokes their token (again is harmless)."""
    if token.user_id != actor.user_id:
        raise PermissionError
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(action=AuditAction.TOKEN_REVOKED, actor=actor, object_type="access_token", object_ref=token.pk)


# --- The administrator's pages (issue 18 §12): users, memberships, lockouts ---------------------


class MembershipOutcome(enum.Enum):
    SAVED = "saved"
    HELD = "held"


@transaction.atomic
def create_user(*, actor: Actor, user: User, password: str | None) -> User:
    """A new account, unsaved ``user`` with its person fields; with an initial password it must be
    changed at first sign-in, without one nobody can sign in as it until a password is set."""
    if password:
        user.set_password(password)
        user.must_change_password = True
    else:
        user.set_unusable_password()
    user.save()
    audit.record(action=AuditAction.USER_CREATED, actor=actor, object_type="user", object_ref=user.pk)
    return user


@transaction.atomic
def change_person(*, actor: Actor, user: User, fields: list[str]) -> None:
    """Saves the person fields an administrator changed (names, e-mail, language); the audit row
    names the fields, never their values."""
    if not fields:
        return
    user.save(update_fields=fields)
    audit.record(
        action=AuditAction.USER_CHANGED,
        actor=actor,
        object_type="user",
        object_ref=user.pk,
        reason="fields=" + ",".join(sorted(fields)),
    )


@transaction.atomic
def set_active(*, actor: Actor, user: User, active: bool) -> int:
    """Deactivates (never deletes: the audit log refers to the user) or reactivates an account.
    A deactivated user's sessions and tokens end: the epoch is raised as well, for good measure.

    Reactivating must not give back sight of people on one administrator's word, any more than a
    new membership does: each case-facing membership is ended and asked for again, for a second
    person to confirm. Returns how many were held so."""
    if user.pk == actor.user_id:
        raise PermissionError("an administrator does not deactivate themself")
    if user.is_active == active:
        return 0
    held = 0
    if active:
        for membership in Membership.objects.filter(user=user, is_active=True, role__in=CASE_FACING_ROLES):
            deactivate_membership(actor=actor, membership=membership)
            membership.is_active = True  # what is asked for; not saved until confirmed
            request_membership(actor=actor, membership=membership)
            held += 1
    user.is_active = active
    if not active:
        user.session_epoch += 1
    user.save(update_fields=["is_active", "session_epoch"])
    audit.record(
        action=AuditAction.USER_REACTIVATED if active else AuditAction.USER_DEACTIVATED,
        actor=actor,
        object_type="user",
        object_ref=user.pk,
    )
    return held


def membership_to_add(user: User, organisation: Organisation, role: str, discipline: str) -> Membership:
    """The membership an administrator's "add" makes: the user's inactive one of that organisation
    and role if there is one (reactivated: the pair is unique), else a new one. Not saved."""
    membership = Membership.objects.filter(user=user, organisation=organisation, role=role).first() or Membership(
        user=user, organisation=organisation, role=role
    )
    membership.discipline = discipline
    membership.is_active = True
    return membership


@transaction.atomic
def add_membership(*, actor: Actor, membership: Membership) -> MembershipOutcome:
    """Saves a membership at once, or holds it for a second person if it would let its user see
    people. The save is audited by access.receivers (membership.created/changed), the hold here."""
    if needs_second_person(membership):
        request_membership(actor=actor, membership=membership)
        return MembershipOutcome.HELD
    membership.save()
    return MembershipOutcome.SAVED


@transaction.atomic
def deactivate_membership(*, actor: Actor, membership: Membership) -> None:
    """Ends a membership at once (it takes access away); audited by access.receivers as a change."""
    if membership.is_active:
        membership.is_active = False
        membership.save(update_fields=["is_active"])


@transaction.atomic
def unlock(*, actor: Actor, attempt: AccessAttempt) -> None:
    """Clears a sign-in lockout. axes keys it by username and address together, one row each:
    deleting that row is the unlock. (axes' own ``reset`` filters by whichever of the two it is
    given and deletes every row when it is given neither: too broad for a row without a username.)"""
    attempt_id = attempt.pk
    user_id = User.objects.filter(username=attempt.username).values_list("pk", flat=True).first()
    attempt.delete()
    audit.record(
        action=AuditAction.LOCKOUT_CLEARED,
        actor=actor,
        object_type="access_attempt",
        object_ref=attempt_id,
        reason=f"user={user_id or ''}",  # the account's id when the username is one; never the name tried
    )
