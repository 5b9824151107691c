import pytest
from django.contrib.auth.hashers import get_hasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


def test_passwords_are_hashed_with_argon2(cso_partner):
    assert cso_partner.password.startswith("argon2")
    assert get_hasher().algorithm == "argon2"


@pytest.mark.parametrize("password", ["short-pass1", "password1234", "123456789012"])
def test_short_common_or_numeric_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted():
    validate_password("quiet-river-morning-71")
