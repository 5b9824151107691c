import base64
from io import StringIO

import pytest
from django.core.management import call_command

from core import vault
from people.models import Identity

NEW_KEY = base64.urlsafe_b64decode("G6FtLXmq67FOnK_WALHJRwubx4OWtETuyUf8MrHv0GU=")


def test_a_sealed_value_opens_in_its_own_context():
    token = vault.seal("Zhanar", context="people.identity.full_name:1")
    assert "Zhanar" not in token
    assert vault.open_text(token, context="people.identity.full_name:1") == "Zhanar"


def test_two_seals_of_the_same_value_differ():
    assert vault.seal("Zhanar", context="c") != vault.seal("Zhanar", context="c")


@pytest.mark.parametrize("other", ["people.identity.full_name:2", "people.identity.phone:1"])
def test_a_value_moved_to_another_row_or_field_does_not_open(other):
    token = vault.seal("Zhanar", context="people.identity.full_name:1")
    with pytest.raises(vault.VaultError):
        vault.open_text(token, context=other)


def test_a_tampered_value_does_not_open():
    token = vault.seal("Zhanar", context="c")
    prefix, kid, payload = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(payload))
    raw[-1] ^= 1
    with pytest.raises(vault.VaultError):
        vault.open_text(f"{prefix}.{kid}.{base64.urlsafe_b64encode(bytes(raw)).decode()}", context="c")


def test_a_value_sealed_under_an_unknown_key_names_the_key(settings):
    token = vault.seal("Zhanar", context="c")
    settings.HOMECOMING_IDENTITY_KEYS = [NEW_KEY]
    with pytest.raises(vault.VaultError, match=vault.token_key_id(token)):
        vault.open_text(token, context="c")


def test_the_blind_index_ignores_case_spacing_and_accents():
    a = vault.blind_index(vault.normalise_name("  ZHANAR   Éxample "), purpose="name_dob")
    b = vault.blind_index(vault.normalise_name("zhanar example"), purpose="name_dob")
    assert a == b
    assert vault.normalise_document("n 1234-5678") == "N12345678"


def test_the_blind_index_depends_on_its_key_and_purpose(settings):
    first = vault.blind_index("x", purpose="name_dob")
    assert first != vault.blind_index("x", purpose="document")
    settings.HOMECOMING_BLIND_INDEX_KEY = NEW_KEY
    assert first != vault.blind_index("x", purpose="name_dob")


def test_generate_identity_key_prints_a_32_byte_key():
    out = StringIO()
    call_command("generate_identity_key", stdout=out)
    assert len(base64.urlsafe_b64decode(out.getvalue().strip())) == 32


def test_rotation_re_encrypts_everything_and_the_old_key_can_then_go(family, settings):
    identity = Identity.objects.get(pk=family.mother.pk)
    identity.photo, identity.photo_type = b"\x89PNG\r\n\x1a\nfake", "image/png"
    identity.save()
    before = {
        i.pk: (i.full_name, i.date_of_birth, i.document_number, i.phone, i.address, i.photo)
        for i in Identity.objects.all()
    }
    old_keys = settings.HOMECOMING_IDENTITY_KEYS
    settings.HOMECOMING_IDENTITY_KEYS = [NEW_KEY, *old_keys]
    call_command("rotate_identity_key", stdout=StringIO())
    settings.HOMECOMING_IDENTITY_KEYS = [NEW_KEY]  # the old key removed
    after = {
        i.pk: (i.full_name, i.date_of_birth, i.document_number, i.phone, i.address, i.photo)
        for i in Identity.objects.all()
    }
    assert after == before
    history = Identity.history.model.objects.all()
    assert history.exists()
    for row in history:
        assert Identity.seal_context(row, "full_name")
        assert vault.open_text(row.full_name_sealed, context=Identity.seal_context(row, "full_name"))


def test_rotation_stops_without_changing_anything_when_a_value_does_not_open(family, settings):
    Identity.objects.filter(pk=family.son.pk).update(phone_sealed=vault.seal("x", context="elsewhere"))
    before = list(Identity.objects.order_by("pk").values_list("full_name_sealed", flat=True))
    settings.HOMECOMING_IDENTITY_KEYS = [NEW_KEY, *settings.HOMECOMING_IDENTITY_KEYS]
    with pytest.raises(Exception, match="Nothing was changed"):
        call_command("rotate_identity_key", stdout=StringIO())
    assert list(Identity.objects.order_by("pk").values_list("full_name_sealed", flat=True)) == before


def test_reindexing_after_a_new_blind_index_key_keeps_duplicates_findable(family, settings, coordinator):
    from core.actor import Actor
    from people.actions import find_duplicates

    actor = Actor.of(coordinator, coordinator.memberships.get())
    mother = {"full_name": "Zhanar Example-Mother", "date_of_birth": family.mother.identity.date_of_birth}
    settings.HOMECOMING_BLIND_INDEX_KEY = NEW_KEY
    assert find_duplicates(actor=actor, members=[mother]) == []
    call_command("reindex_identities", stdout=StringIO())
    assert find_duplicates(actor=actor, members=[mother])[0]["codes"] == [family.mother.code]


def test_second_factor_secrets_are_sealed_and_survive_rotation(settings, coordinator):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from django.utils import timezone

    from accounts.totp import current_code
    from conftest import TOTP_SECRET

    totp = Authenticator.objects.get(user=coordinator, type="totp")
    assert TOTP_SECRET not in str(totp.data)
    assert vault.is_sealed(totp.data["secret"])
    code = current_code(coordinator, at=timezone.now())
    codes = RecoveryCodes(Authenticator.objects.get(user=coordinator, type="recovery_codes")).get_unused_codes()
    settings.HOMECOMING_IDENTITY_KEYS = [NEW_KEY, *settings.HOMECOMING_IDENTITY_KEYS]
    call_command("rotate_identity_key", stdout=StringIO())
    settings.HOMECOMING_IDENTITY_KEYS = [NEW_KEY]
    assert current_code(coordinator, at=timezone.now()) == code
    assert RecoveryCodes(Authenticator.objects.get(user=coordinator, type="recovery_codes")).get_unused_codes() == codes


def test_second_factor_secrets_written_before_sealing_still_work_and_get_sealed(settings, coordinator):
    from allauth.mfa.models import Authenticator

    from conftest import TOTP_SECRET

    Authenticator.objects.filter(user=coordinator, type="totp").update(data={"secret": TOTP_SECRET})
    call_command("rotate_identity_key", stdout=StringIO())
    sealed = Authenticator.objects.get(user=coordinator, type="totp").data["secret"]
    assert vault.is_sealed(sealed)
    assert vault.open_text(sealed, context="allauth.mfa.authenticator") == TOTP_SECRET
