"""Reading the current TOTP code of an account: for the demo and the tests only."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.utils import timezone


def current_code(user, *, at=None) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    moment = at or timezone.now()
    return format_hotp_value(hotp_value(decrypt(authenticator.data["secret"]), int(moment.timestamp()) // 30))
