import pytest
from django.core.exceptions import ImproperlyConfigured

from homecoming import env


def test_booleans_accept_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env.boolean("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "off")
    assert env.boolean("X_FLAG", True) is False


def test_a_bad_boolean_fails_loudly_naming_the_variable(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env.boolean("X_FLAG", False)


def test_a_bad_integer_fails_loudly(monkeypatch):
    monkeypatch.setenv("X_NUMBER", "thirty")
    with pytest.raises(ImproperlyConfigured, match="X_NUMBER"):
        env.integer("X_NUMBER", 30)
    monkeypatch.setenv("X_NUMBER", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env.integer("X_NUMBER", 30, minimum=1)


def test_a_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.delenv("X_SECRET", raising=False)
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env.string("X_SECRET") == "from-a-file"


def test_a_missing_secret_file_fails_loudly(monkeypatch, tmp_path):
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="X_SECRET_FILE"):
        env.string("X_SECRET")


def test_setting_both_a_value_and_a_file_is_refused(monkeypatch, tmp_path):
    (tmp_path / "s").write_text("a")
    monkeypatch.setenv("X_SECRET", "b")
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "s"))
    with pytest.raises(ImproperlyConfigured, match="not both"):
        env.string("X_SECRET")


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("X_HOSTS", "a.example, b.example,,")
    assert env.str_list("X_HOSTS", []) == ["a.example", "b.example"]


def test_choices_are_checked(monkeypatch):
    monkeypatch.setenv("X_ROLE", "hub")
    assert env.choice("X_ROLE", "city", {"city", "hub"}) == "hub"
    monkeypatch.setenv("X_ROLE", "town")
    with pytest.raises(ImproperlyConfigured, match="city, hub"):
        env.choice("X_ROLE", "city", {"city", "hub"})
