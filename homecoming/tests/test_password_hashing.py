"""Tests hash passwords with MD5 for speed (conftest.py); production keeps Argon2."""

from django.contrib.auth.hashers import check_password, get_hasher, make_password
from django.test import override_settings

# The settings module as Django loaded it: the tests' override (conftest.py) lives in
# django.conf.settings, not here.
from homecoming import settings as production

ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_production_settings_hash_passwords_with_argon2():
    assert production.PASSWORD_HASHERS[0] == ARGON2
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        assert get_hasher().algorithm == "argon2"
        assert make_password("quiet-river-morning-71").startswith("argon2$")


def test_tests_hash_with_md5_and_still_verify_argon2_hashes():
    assert get_hasher().algorithm == "md5"
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        encoded = make_password("quiet-river-morning-71")
    assert check_password("quiet-river-morning-71", encoded)
