"""The forms of the administrator's pages about users (issue 18 §12)."""

from django import forms
from django.contrib.auth import password_validation
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from directory.models import Membership, Organisation


class UserSearchForm(forms.Form):
    """The user list's search (username, names, e-mail) and its active filter."""

    q = forms.CharField(label=_("Search"), required=False, max_length=150, help_text=_("Username, name or e-mail."))
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Everyone")),
            ("yes", pgettext_lazy("account or membership", "Active")),
            ("no", _("Deactivated")),
        ],
    )

    def filter(self, users: QuerySet) -> QuerySet:
        if not self.is_valid():
            return users
        text = self.cleaned_data["q"].strip()
        if text:
            users = users.filter(
                Q(username__icontains=text)
                | Q(first_name__icontains=text)
                | Q(last_name__icontains=text)
                | Q(email__icontains=text)
            )
        if self.cleaned_data["active"]:
            users = users.filter(is_active=self.cleaned_data["active"] == "yes")
        return users


class _NewPassword(forms.Form):
    """A new password, twice; the project's password validators apply."""

    password1 = forms.CharField(
        label=_("New password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label=_("New password (again)"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def _wants_password(self) -> bool:
        return True

    def _user_for_validation(self) -> User:
        raise NotImplementedError

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self._wants_password():
            return cleaned
        first, second = cleaned.get("password1", ""), cleaned.get("password2", "")
        if not first:
            self.add_error("password1", _("Enter the new password."))
        elif first != second:
            self.add_error("password2", _("The two passwords differ."))
        else:
            try:
                password_validation.validate_password(first, self._user_for_validation())
            except forms.ValidationError as problems:
                self.add_error("password1", problems)
        return cleaned


class NewUserForm(_NewPassword, forms.ModelForm):
    """A new account: who it is, and an initial password (changed at first sign-in) or none yet."""

    with_password = forms.ChoiceField(
        label=_("Password"),
        choices=[
            ("yes", _("Set an initial password: they choose their own at first sign-in")),
            ("no", _("No password yet: nobody can sign in as them until one is set")),
        ],
        initial="yes",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "language"]

    field_order = ["username", "first_name", "last_name", "email", "language", "with_password"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("Initial password")
        self.fields["password2"].label = _("Initial password (again)")

    def _wants_password(self) -> bool:
        return self.cleaned_data.get("with_password") == "yes"

    def _user_for_validation(self) -> User:
        # The instance gets the fields after clean(): the similarity check needs them now.
        fields = ("username", "first_name", "last_name", "email")
        return User(**{name: self.cleaned_data.get(name) or "" for name in fields})

    def password(self) -> str | None:
        return self.cleaned_data["password1"] if self._wants_password() else None


class PersonForm(forms.ModelForm):
    """The person fields of an account, and its username (the admin let it be corrected: the audit
    log refers to the account by id)."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "language"]


class SetPasswordForm(_NewPassword):
    """An administrator sets a new password for someone else: changed at their next sign-in."""

    def __init__(self, user: User, *args, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def _user_for_validation(self) -> User:
        return self.user


class MembershipForm(forms.ModelForm):
    """A membership to add to a user: an active organisation, a role, a discipline for specialists."""

    class Meta:
        model = Membership
        fields = ["organisation", "role", "discipline"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = Organisation.objects.filter(is_active=True).order_by("name")

    def clean(self) -> dict:
        cleaned = super().clean()
        organisation, role = cleaned.get("organisation"), cleaned.get("role")
        if organisation is not None and role and not self.errors:
            held = Membership.objects.filter(user=self.instance.user, organisation=organisation, role=role)
            if held.filter(is_active=True, discipline=cleaned.get("discipline", "")).exists():
                raise forms.ValidationError(_("They already have this role in this organisation."))
        return cleaned

    def validate_unique(self) -> None:
        # The same organisation and role again reactivates the inactive membership (actions.membership_to_add).
        pass
