from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.adapter import MFA_SEAL_CONTEXT
from core.vault import VaultError, current_key_id, is_sealed, open_bytes, open_text, seal, seal_bytes, token_key_id
from people.models import Identity

USAGE = """
Rotation, step by step:
  1. generate a key:         python manage.py generate_identity_key
  2. put it FIRST in HOMECOMING_IDENTITY_KEYS, keep the old ones after it, restart
  3. run this command:       python manage.py rotate_identity_key
  4. remove the old keys from HOMECOMING_IDENTITY_KEYS and restart
"""


class Command(BaseCommand):
    help = "Re-encrypt every identity (and its history) under the current identity key." + USAGE

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        current = current_key_id()
        columns = {name: getattr(Identity, name).column for name in Identity._sealed_fields}
        total = 0
        for model in (Identity, Identity.history.model):
            present = {f.attname for f in model._meta.concrete_fields}
            for row in model.objects.select_for_update().order_by("pk").iterator(chunk_size=500):
                changes = {}
                for name, column in columns.items():
                    token = getattr(row, column) if column in present else ""
                    if not token or token_key_id(token) == current:
                        continue
                    context = Identity.seal_context(row, name)
                    try:
                        changes[column] = seal_bytes(open_bytes(token, context=context), context=context)
                    except VaultError as error:
                        raise CommandError(
                            f"{model._meta.label} {row.pk}, {name}: {error}. Nothing was changed."
                        ) from None
                if changes:
                    # update(), not save(): no new history row, and updated_at keeps its meaning.
                    model.objects.filter(pk=row.pk).update(**changes)
                    total += 1
        total += self._reseal_second_factors(current)
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} rows under key {current}."))

    def _reseal_second_factors(self, current: str) -> int:
        """TOTP secrets and recovery-code seeds are sealed under the same keys (accounts/adapter.py)."""
        count = 0
        for authenticator in Authenticator.objects.select_for_update().order_by("pk").iterator(chunk_size=500):
            data, changed = dict(authenticator.data), False
            for key in ("secret", "seed"):
                value = data.get(key)
                if not isinstance(value, str) or (is_sealed(value) and token_key_id(value) == current):
                    continue
                try:
                    plain = open_text(value, context=MFA_SEAL_CONTEXT) if is_sealed(value) else value
                except VaultError as error:
                    raise CommandError(
                        f"second factor {authenticator.pk}, {key}: {error}. Nothing was changed."
                    ) from None
                data[key], changed = seal(plain, context=MFA_SEAL_CONTEXT), True
            if changed:
                Authenticator.objects.filter(pk=authenticator.pk).update(data=data)
                count += 1
        return count
