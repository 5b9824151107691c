"""allauth's forms where a person proves who they are, with the sign-in lockout applied."""

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.core import context
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.base.forms import AuthenticateForm as AllauthAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthReauthenticateForm
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import lockout
from accounts.models import AccessToken, PendingChange
from core import audit
from core.actor import Actor
from core.audit import AuditAction
from core.forms import DateInput


class _LimitedCodeMixin:
    """A wrong code is a failure like a wrong password; a locked-out account's code,
    even the right one, is not checked."""

    def clean_code(self) -> str:
        request = context.request
        if lockout.is_locked_out(request, self.user):
            raise get_mfa_adapter().validation_error("incorrect_code")
        try:
            return super().clean_code()
        except ValidationError:
            lockout.count_failure(request, self.user)
            raise


class AuthenticateForm(_LimitedCodeMixin, AllauthAuthenticateForm):
    """The second step of signing in (MFA_FORMS["authenticate"])."""


class ReauthenticateForm(_LimitedCodeMixin, AllauthReauthenticateForm):
    """Confirming again with a code before a sensitive action (MFA_FORMS["reauthenticate"])."""


class ChangePasswordForm(AllauthChangePasswordForm):
    """One's own password change (ACCOUNT_FORMS["change_password"]): wrong current
    passwords count toward the lockout, which signs the user out."""

    def clean_oldpassword(self) -> str:
        request = context.request
        if lockout.is_locked_out(request, self.user):
            raise get_account_adapter().validation_error("enter_current_password")
        try:
            return super().clean_oldpassword()
        except ValidationError:
            audit.record(
                action=AuditAction.CURRENT_PASSWORD_FAILED,
                actor=Actor(user=self.user, request_id=getattr(request, "request_id", "")),
                object_type="user",
                object_ref=self.user.pk,
            )
            lockout.count_failure(request, self.user)
            raise


class TokenForm(forms.Form):
    """A new personal access token: what it is for, what it may do, until when."""

    name = forms.CharField(label=_("What it is for"), max_length=100)
    scope = forms.ChoiceField(
        label=_("It may"), choices=AccessToken.Scope.choices, initial=AccessToken.Scope.READ, widget=forms.RadioSelect
    )
    expires_on = forms.DateField(label=_("Expires on"), widget=DateInput)


class PendingChangeFilter(forms.Form):
    """The administrators' list of every change asked for: by outcome and kind."""

    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("Any")), *PendingChange.Outcome.choices]
    )
    kind = forms.ChoiceField(label=_("Change"), required=False, choices=[("", _("Any")), *PendingChange.Kind.choices])

    def filter(self, changes):
        if not self.is_valid():
            return changes
        chosen = {name: value for name, value in self.cleaned_data.items() if value}
        return changes.filter(**chosen)
