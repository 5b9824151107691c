import pytest
from django.contrib.auth.hashers import get_hasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from conftest import make_user
from directory.models import Role
from homecoming import settings as production


def test_passwords_are_hashed_with_argon2(settings, city_a):
    # Tests hash with MD5 for speed (conftest.py); here with the production hashers.
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = make_user("a.cso", organisation=city_a.cso, role=Role.PARTNER)
    assert user.password.startswith("argon2")
    assert get_hasher().algorithm == "argon2"


@pytest.mark.parametrize("password", ["short-pass1", "password1234", "123456789012"])
def test_short_common_or_numeric_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted():
    validate_password("quiet-river-morning-71")
