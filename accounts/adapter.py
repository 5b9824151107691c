from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from core import vault
from directory.models import Membership

# allauth's hooks give no row to bind to, so the context names the kind of secret only.
MFA_SEAL_CONTEXT = "allauth.mfa.authenticator"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Accounts are created by administrators only.
        return False

    def send_mail(self, template_prefix, email, context) -> None:
        # No mail leaves the instance: notices are in-app, resets are done by administrators.
        return None


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        from accounts.middleware import second_factor_required

        if authenticator.type != Authenticator.Type.TOTP:
            return True
        memberships = list(Membership.objects.active().filter(user=authenticator.user))
        return not second_factor_required(authenticator.user, memberships)

    def send_notification_mail(self, *args, **kwargs) -> None:
        return None

    def encrypt(self, text: str) -> str:
        # TOTP secrets and recovery-code seeds are sealed like identities, under the same keys.
        return vault.seal(text, context=MFA_SEAL_CONTEXT)

    def decrypt(self, encrypted_text: str) -> str:
        if not vault.is_sealed(encrypted_text):
            return encrypted_text  # written before secrets were sealed; rotation seals it
        return vault.open_text(encrypted_text, context=MFA_SEAL_CONTEXT)
