"""Strings of django-allauth and Django that reach Homecoming's users, marked here so we translate them.

Django's own Kazakh catalogue lacks the password-policy messages; they are at the end.

django-allauth ships no Kazakh catalogue, and its Russian one does not follow our wording.
Django merges every catalogue it finds, and the ones in LOCALE_PATHS take precedence over
those of installed apps, so a msgid translated in our own catalogue replaces allauth's.
``makemessages`` only looks at our code, so the msgids are repeated here, copied byte for
byte from allauth (placeholders included); a msgid that drifts from allauth's silently stays
in English.

Only strings reachable through the views routed in homecoming/urls.py are listed: the
sign-in form and its errors, sign-in/sign-out messages, password change, reauthentication,
and the second factor (authenticate, reauthenticate, authenticator app, recovery codes).
Sign-up, e-mail and phone management, password reset, social accounts, passkeys and
security keys are not routed, and rate-limit messages cannot occur (allauth's rate limits
are off; django-axes handles lockout). Our own templates replace allauth's, so only forms,
adapters and messages are left. When allauth is upgraded, check that these still match.

This module is never imported; it exists for ``makemessages``.
"""

from django.utils.translation import gettext_noop, ngettext

STRINGS = [
    # allauth/account/forms.py: LoginForm (ACCOUNT_LOGIN_METHODS = {"username"}), label and placeholder;
    # ReauthenticateForm and LoginForm password label and placeholder.
    gettext_noop("Username"),
    gettext_noop("Password"),
    # allauth/account/forms.py: ChangePasswordForm.
    gettext_noop("Current Password"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("You must type the same password each time."),
    # allauth/account/adapter.py: DefaultAccountAdapter.error_messages.
    gettext_noop("The username and/or password you specified are not correct."),
    gettext_noop("Please type your current password."),
    gettext_noop("Incorrect password."),
    # Also allauth/mfa/adapter.py: DefaultMFAAdapter.error_messages["incorrect_code"].
    gettext_noop("Incorrect code."),
    # allauth/mfa/adapter.py: DefaultMFAAdapter.error_messages.
    gettext_noop("You cannot deactivate two-factor authentication."),
    gettext_noop("You cannot generate recovery codes without having two-factor authentication enabled."),
    # allauth/mfa/base/forms.py (authenticate, reauthenticate) and allauth/mfa/totp/forms.py (activate).
    gettext_noop("Code"),
    gettext_noop("Authenticator code"),
    # allauth/account/adapter.py: get_reauthentication_methods() descriptions.
    gettext_noop("Use your password"),
    gettext_noop("Use authenticator app or code"),
    # allauth/templates/account/messages/*.txt
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("You have signed out."),
    gettext_noop("Password successfully changed."),
    # allauth/templates/mfa/messages/*.txt
    gettext_noop("Authenticator app activated."),
    gettext_noop("Authenticator app deactivated."),
    gettext_noop("A new set of recovery codes has been generated."),
]

# django/contrib/auth/password_validation.py, typographic apostrophes included: shown on the
# password change page; Django's Kazakh catalogue has no translation for them.
STRINGS += [
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
]


def _plurals() -> None:  # never called: makemessages reads the calls
    ngettext(
        "This password is too short. It must contain at least %(min_length)d character.",
        "This password is too short. It must contain at least %(min_length)d characters.",
        12,
    )
    ngettext(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        12,
    )
