"""Strict readers for the environment that drives settings.

A bad value stops the process with a message naming the variable: a typo in an
operator's configuration must never silently fall back to an insecure default.
A secret may come from ``NAME_FILE`` (a path) instead of ``NAME``, so that it can
be mounted as a file rather than passed in the environment.
"""

import base64
import binascii
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        if name in os.environ:
            raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both.")
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name}: {exc.strerror}") from exc
    return os.environ.get(name)


def string(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = _raw(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"{name} (or {name}_FILE) must be set.")
        return default
    return value


def boolean(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def integer(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def str_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def choice(name: str, default: str, choices: set[str]) -> str:
    value = _raw(name)
    if value is None or value == "":
        return default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(sorted(choices))}, not {value!r}.")
    return value


def _decode_key(name: str, text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode() + b"=" * (-len(text.strip()) % 4))
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{name}: a key is not url-safe base64.") from None
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name}: each key must be 32 bytes (url-safe base64), not {len(key)}.")
    return key


def key(name: str, *, required: bool = False) -> bytes | None:
    """One 32-byte key in url-safe base64."""
    value = string(name, required=required)
    return None if value is None else _decode_key(name, value)


def key_list(name: str, *, required: bool = False) -> list[bytes]:
    """Comma-separated 32-byte keys in url-safe base64; the first one is current."""
    value = string(name, required=required)
    if value is None:
        return []
    keys = [_decode_key(name, item) for item in value.split(",") if item.strip()]
    if not keys and required:
        raise ImproperlyConfigured(f"{name} must hold at least one key.")
    return keys
