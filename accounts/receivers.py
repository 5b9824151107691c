import time

from allauth.account.internal.flows.login import record_authentication
from allauth.account.signals import password_changed
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import formats
from django.utils.translation import gettext as _

from accounts import actions
from accounts.middleware import SIGNED_IN_AT_KEY
from accounts.models import PendingChange


@receiver(user_logged_in)
def _sign_in_counts_as_recent_confirmation(sender, request, user, **kwargs) -> None:
    # A sign-in has just checked the password (and the second factor when there is one),
    # so asking for the password again to enrol a second factor moments later would only
    # confuse people. Sensitive actions later in the session still ask again after
    # ACCOUNT_REAUTHENTICATION_TIMEOUT.
    if request is not None and hasattr(request, "session"):
        record_authentication(request, user, method="password", reauthenticated=True)


@receiver(user_logged_in)
def _stamp_the_sign_in_time(sender, request, user, **kwargs) -> None:
    # The session's absolute lifetime counts from here, whatever the activity after.
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT_KEY] = int(time.time())


def _told(change: PendingChange) -> str:
    date = formats.date_format(change.decided_at)
    if change.kind == PendingChange.Kind.MEMBERSHIP:
        return _(
            "On %(date)s an administrator gave you the role %(role)s in %(organisation)s, "
            "and a second person confirmed it."
        ) % {"date": date, "role": change.role_label, "organisation": change.organisation}
    if change.kind == PendingChange.Kind.PASSWORD:
        return _("On %(date)s an administrator reset your password, and a second person confirmed it.") % {"date": date}
    return _("On %(date)s an administrator removed your second factor, and a second person confirmed it.") % {
        "date": date
    }


@receiver(user_logged_in)
def _tell_what_administrators_changed(sender, request, user, **kwargs) -> None:
    # So that a change made behind someone's back is noticed by the one person sure to notice.
    changes = actions.changes_to_tell(user)
    if request is None or not changes:
        return
    for change in changes:
        messages.warning(request, _told(change), fail_silently=True)
    messages.warning(
        request, _("If you did not expect this, tell your coordinator or administrator at once."), fail_silently=True
    )


@receiver(password_changed)
def _own_password_chosen(sender, request, user, **kwargs) -> None:
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
