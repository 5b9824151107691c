from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.totp import current_code
from directory.models import Membership


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo account (demo organisations only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        user = User.objects.filter(username=username).first()
        memberships = Membership.objects.filter(user=user)
        # Refuses any account that is not entirely in demo organisations: this must never
        # become a way to read a real practitioner's second factor.
        if user is None or not memberships.exists() or memberships.filter(organisation__is_demo=False).exists():
            raise CommandError(f"{username} is not a demo account.")
        try:
            self.stdout.write(current_code(user))
        except Authenticator.DoesNotExist:
            raise CommandError(f"{username} has no authenticator app set up.") from None
