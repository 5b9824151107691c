import time

from allauth.account.internal.flows.login import record_authentication
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.middleware import SIGNED_IN_AT_KEY


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
