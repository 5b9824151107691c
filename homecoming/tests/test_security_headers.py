import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

from accounts.tests.helpers import sign_in

ROOT = Path(__file__).resolve().parents[2]


def test_csp_uses_a_nonce_and_never_unsafe_inline_or_eval(client, db):
    response = client.get(reverse("account_login"))
    policy = response["Content-Security-Policy"]
    assert "'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "default-src 'self'" in policy


def test_the_htmx_script_carries_the_pages_nonce(client, cso_partner):
    sign_in(client, cso_partner)
    response = client.get(reverse("home"))
    nonce = response.wsgi_request.csp_nonce
    assert f'nonce="{nonce}"' in response.content.decode()
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_htmx_is_served_by_the_app_and_keeps_no_history(client, cso_partner):
    sign_in(client, cso_partner)
    html = client.get(reverse("home")).content.decode()
    assert '"historyCacheSize": 0' in html
    assert '"allowEval": false' in html
    assert "https://" not in html  # no CDN, no outside resource


def test_signed_in_pages_are_never_stored(client, cso_partner):
    sign_in(client, cso_partner)
    response = client.get(reverse("home"))
    assert "no-store" in response["Cache-Control"]


def test_the_other_security_headers_are_set(client, db):
    response = client.get(reverse("account_login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_cookies_are_httponly_and_samesite(client, cso_partner):
    response = sign_in(client, cso_partner)
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"


def test_error_pages_show_no_stack_trace(client, cso_partner):
    sign_in(client, cso_partner)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Traceback" not in response.content
    assert b"Not found" in response.content


def _production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOMECOMING_", "DJANGO_"))}
    env.update(
        HOMECOMING_DEBUG="false",
        HOMECOMING_SECRET_KEY="a-production-like-secret-key-with-enough-entropy-0123456789-abcdefghij",
        HOMECOMING_ALLOWED_HOSTS="homecoming.example.org",
        HOMECOMING_IDENTITY_KEYS="G6FtLXmq67FOnK_WALHJRwubx4OWtETuyUf8MrHv0GU=",
        HOMECOMING_BLIND_INDEX_KEY="47KF_d4nAWFtR7ANF3hkDDmsQj5uQeuCUOzEsiLoxs8=",
        HOMECOMING_AUDIT_KEYS="tZ3v0Xb3v1c8l2dJ0Q9m7Yw5rS4aK6pN1eH8fG2jU0o=",
        HOMECOMING_NETWORK_KEYS="Vq3m1c2XJtq7yUo0bq1k9lZr8Hh4wN5sE6dP2aF0gTM=",
        DJANGO_SETTINGS_MODULE="homecoming.settings",
        **extra,
    )
    return env


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env()
    del env["HOMECOMING_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "HOMECOMING_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_identity_keys():
    env = _production_env()
    del env["HOMECOMING_IDENTITY_KEYS"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "HOMECOMING_IDENTITY_KEYS" in result.stderr


def test_production_settings_secure_the_cookies_and_send_hsts():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", code],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["True", "True", "True", "True"]
