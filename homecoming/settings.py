"""Homecoming settings: one flat file, driven by the environment (see README)."""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from homecoming import env

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env.boolean("HOMECOMING_DEBUG", False)
HOMECOMING_ROLE = env.choice("HOMECOMING_ROLE", "city", {"city", "hub"})
# Shows the "synthetic data" banner on the sign-in page; `make demo` turns it on.
HOMECOMING_DEMO = env.boolean("HOMECOMING_DEMO", False)

SECRET_KEY = env.string("HOMECOMING_SECRET_KEY", required=not DEBUG)
if SECRET_KEY is None:
    # Only reachable with HOMECOMING_DEBUG=true on a developer's machine.
    SECRET_KEY = "insecure-development-key-" + "x" * 40
# Identity vault (access/vault.py): AES-256-GCM keys, the first one current, the others
# still accepted for reading (rotation); the blind index for duplicate detection has its
# own key. Each key is 32 bytes, url-safe base64 (`manage.py generate_identity_key`).
HOMECOMING_IDENTITY_KEYS = env.key_list("HOMECOMING_IDENTITY_KEYS", required=not DEBUG)
HOMECOMING_BLIND_INDEX_KEY = env.key("HOMECOMING_BLIND_INDEX_KEY", required=not DEBUG)
# The audit chain is sealed with an HMAC under these keys (the first seals, all verify), kept
# outside the database like the identity keys: whoever can write the database cannot re-seal it.
HOMECOMING_AUDIT_KEYS = env.key_list("HOMECOMING_AUDIT_KEYS", required=not DEBUG)
# The city's network signing key (network/exchange/keys.py) is encrypted at rest with AES-256-GCM
# under these keys (the first encrypts, all decrypt), kept outside the database like the others.
HOMECOMING_NETWORK_KEYS = env.key_list("HOMECOMING_NETWORK_KEYS", required=not DEBUG)
if DEBUG:
    # Only reachable with HOMECOMING_DEBUG=true: fixed keys that protect nothing.
    HOMECOMING_IDENTITY_KEYS = HOMECOMING_IDENTITY_KEYS or [b"d" * 32]
    HOMECOMING_BLIND_INDEX_KEY = HOMECOMING_BLIND_INDEX_KEY or b"b" * 32
    HOMECOMING_AUDIT_KEYS = HOMECOMING_AUDIT_KEYS or [b"a" * 32]
    HOMECOMING_NETWORK_KEYS = HOMECOMING_NETWORK_KEYS or [b"n" * 32]
# Backups (`manage.py backup`; README, "Backup and restore") are encrypted to this X25519 public key,
# url-safe base64 (`manage.py generate_backup_key`). Its private key is kept offline, so that this
# server can write backups but not read them. Needed by `backup` only; no development default.
HOMECOMING_BACKUP_PUBLIC_KEY = env.key("HOMECOMING_BACKUP_PUBLIC_KEY")
HOMECOMING_REVEAL_MINUTES = env.integer("HOMECOMING_REVEAL_MINUTES", 5, minimum=1)
# The duplicate check at registration looks only at the registering organisation's people
# (or its city, region or country, as the programme decides), and only so often an hour.
HOMECOMING_DUPLICATE_SCOPE = env.choice(
    "HOMECOMING_DUPLICATE_SCOPE", "organisation", {"organisation", "city", "region", "country"}
)
HOMECOMING_DUPLICATE_CHECKS_PER_HOUR = env.integer("HOMECOMING_DUPLICATE_CHECKS_PER_HOUR", 30, minimum=1)
# What to do next when a screening raises a safety flag (e.g. PHQ-9 item 9): the local
# protocol, in the city's words. Empty: the page shows a general instruction.
HOMECOMING_SAFETY_PROTOCOL = env.string("HOMECOMING_SAFETY_PROTOCOL", "")
HOMECOMING_EMERGENCY_ACCESS_HOURS = env.integer("HOMECOMING_EMERGENCY_ACCESS_HOURS", 3, minimum=1)
# Emergency access stays inside one jurisdiction of this level: by default the city.
HOMECOMING_EMERGENCY_ACCESS_LEVEL = env.choice(
    "HOMECOMING_EMERGENCY_ACCESS_LEVEL", "city", {"city", "region", "country"}
)
# A participant is due for a follow-up screening this long after the last one.
HOMECOMING_RESCREEN_DAYS = env.integer("HOMECOMING_RESCREEN_DAYS", 90, minimum=1)
# After a transfer is accepted, the sending organisation keeps read-only access this long.
HOMECOMING_HANDOVER_DAYS = env.integer("HOMECOMING_HANDOVER_DAYS", 30, minimum=0)
# Roles that may share beyond consent on a recorded lawful basis (besides users given the
# ``coordination.override_consent`` permission by an administrator).
HOMECOMING_OVERRIDE_CONSENT_ROLES = env.str_list("HOMECOMING_OVERRIDE_CONSENT_ROLES", ["coordinator"])
# How long a referral gives the receiving organisation access, unless set otherwise.
HOMECOMING_REFERRAL_DAYS = env.integer("HOMECOMING_REFERRAL_DAYS", 90, minimum=1)
# ... and the longest it may be given, whatever is asked (consent may end it sooner).
HOMECOMING_REFERRAL_MAX_DAYS = env.integer("HOMECOMING_REFERRAL_MAX_DAYS", 365, minimum=1)
# Invited organisations see a conference's shared data until this many days after it.
HOMECOMING_CONFERENCE_SHARING_DAYS = env.integer("HOMECOMING_CONFERENCE_SHARING_DAYS", 30, minimum=0)
# Aggregates shown outside the case team hide every count from 1 to this minus one (and the
# cells that would give them away): in a city where everyone knows who came back, a small
# number names a person. Raising it hides more; 1 would hide nothing, so 5 is the floor we advise.
HOMECOMING_MIN_CELL = env.integer("HOMECOMING_MIN_CELL", 5, minimum=1)
# Participants one case worker leads at most, as the city's standard says: the unmet-needs page
# counts the case workers above it (issue 12).
HOMECOMING_CASELOAD_STANDARD = env.integer("HOMECOMING_CASELOAD_STANDARD", 20, minimum=1)
# An approved evaluation extract may be downloaded this many times, within this many days of its
# approval; after that its de-identified rows are deleted.
HOMECOMING_EXTRACT_MAX_DOWNLOADS = env.integer("HOMECOMING_EXTRACT_MAX_DOWNLOADS", 3, minimum=1)
HOMECOMING_EXTRACT_WINDOW_DAYS = env.integer("HOMECOMING_EXTRACT_WINDOW_DAYS", 7, minimum=1)
# Retention (DESIGN.md §6): `manage.py apply_retention` anonymises cases closed longer than this many
# years. Ten by default: long enough for a family that comes back to support, for audits and for
# evaluations of the programme's cohorts, and beyond the eight years the yearly indicator trends go
# back, so that no figure still shown (or recomputed nightly) rests on the exact dates it removes.
HOMECOMING_RETENTION_YEARS = env.integer("HOMECOMING_RETENTION_YEARS", 10, minimum=1)
# Where a city pushes its signed network reports (the hub's base URL, e.g. https://hub.example.kz)
# and the bearer token the hub gave it at enrolment. Empty: reports are handed over as files.
HOMECOMING_HUB_URL = (env.string("HOMECOMING_HUB_URL", "") or "").rstrip("/")
HOMECOMING_HUB_TOKEN = env.string("HOMECOMING_HUB_TOKEN", "")

ALLOWED_HOSTS = env.str_list("HOMECOMING_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("HOMECOMING_ALLOWED_HOSTS must be set when HOMECOMING_DEBUG is false.")

INSTALLED_APPS = [
    # Ours first, so that our templates (translated in our catalogues) win over allauth's.
    "core",
    "accounts",
    "directory",
    "notices",
    "access",
    "people",
    "casework",
    "instruments",
    "coordination",
    "community",
    "mel",
    "network",
    "api",
    "homecoming",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "django_htmx",
    "template_partials",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "homecoming.middleware.RequestIdMiddleware",
    # A database that cannot answer now gives the calm 503 page (issue 16), not a server error.
    "homecoming.middleware.ServiceUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.ActiveMembershipMiddleware",
    "accounts.middleware.RequireSecondFactorMiddleware",
    "accounts.middleware.RequirePasswordChangeMiddleware",
    # A hub serves no participant, case or report page (issue 13 §3).
    "network.hub.gate.HubRoleMiddleware",
    "homecoming.middleware.PrivateCacheMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the lockout flag set by the authentication backend.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "homecoming.urls"
WSGI_APPLICATION = "homecoming.wsgi.application"
ASGI_APPLICATION = "homecoming.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "homecoming.context_processors.shell",
            ],
        },
    },
]

FORM_RENDERER = "core.forms.FormRenderer"

# --- Database -------------------------------------------------------------------------

DATABASE_URL = env.string("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'homecoming.sqlite3'}")
try:
    _database = dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env.integer("HOMECOMING_DB_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL Homecoming understands: {exc}") from exc
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["CONN_MAX_AGE"] = 0
    _database["OPTIONS"] = {
        # IMMEDIATE takes the write lock when a transaction starts, so that two
        # writers queue instead of failing half-way (the audit chain relies on it).
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
elif _database["ENGINE"] == "django.db.backends.postgresql":
    # The indicators' aggregate queries cross PostgreSQL's JIT cost threshold and then spend up
    # to seconds compiling what runs in milliseconds (scripts/bench_indicators.py): no JIT.
    _database.setdefault("OPTIONS", {})["options"] = "-c jit=off"
else:
    raise ImproperlyConfigured("DATABASE_URL must be sqlite:///… or postgres://…")
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# In the database, so that several stateless app servers share it: allauth uses the
# cache to refuse a second use of the same one-time code.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "homecoming_cache"},
}

# --- Authentication -------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = env.integer("HOMECOMING_REAUTHENTICATION_SECONDS", 300, minimum=30)
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
# django-axes does the lockout; allauth's own counter would lock out earlier and differently.
ACCOUNT_RATE_LIMITS = False
# Wrong second-factor codes and wrong current passwords count toward the same axes lockout.
ACCOUNT_FORMS = {"change_password": "accounts.forms.ChangePasswordForm"}
MFA_FORMS = {"authenticate": "accounts.forms.AuthenticateForm", "reauthenticate": "accounts.forms.ReauthenticateForm"}
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Homecoming"
MFA_RECOVERY_CODE_COUNT = 10
# One period either side, for phones whose clocks drift a little.
MFA_TOTP_TOLERANCE = 1
MFA_RATE_LIMITS = False

# Roles that may not use Homecoming without a second factor.
HOMECOMING_MFA_REQUIRED_ROLES = env.str_list("HOMECOMING_MFA_REQUIRED_ROLES", ["coordinator", "case_worker"])

AXES_FAILURE_LIMIT = env.integer("HOMECOMING_LOCKOUT_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = env.integer("HOMECOMING_LOCKOUT_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = env.str_list("HOMECOMING_CLIENT_IP_HEADERS", ["REMOTE_ADDR"])
AXES_VERBOSE = False

# --- Sessions and cookies -------------------------------------------------------------

HOMECOMING_IDLE_TIMEOUT = env.integer("HOMECOMING_IDLE_TIMEOUT_MINUTES", 30, minimum=1) * 60
SESSION_COOKIE_AGE = env.integer("HOMECOMING_SESSION_MAX_HOURS", 12, minimum=1) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# HTTPS is assumed in production (TLS ends at a proxy that sets X-Forwarded-Proto).
# `make demo` and the test suite serve plain HTTP on the loopback and turn it off.
HTTPS = env.boolean("HOMECOMING_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = env.integer("HOMECOMING_HSTS_SECONDS", 31536000, minimum=0) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env.str_list("HOMECOMING_CSRF_TRUSTED_ORIGINS", [])

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # data: for the TOTP QR code, which allauth renders locally as an SVG data URI.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

# --- Internationalisation -------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian")), ("kk", _("Kazakh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env.string("HOMECOMING_TIME_ZONE", "Asia/Almaty")
# Kazakh dates and numbers: Django has none of its own (homecoming/formats/kk/formats.py).
FORMAT_MODULE_PATH = ["homecoming.formats"]
USE_TZ = True

# --- Static files ---------------------------------------------------------------------

STATIC_URL = "static/"
# The app serves its own static files (no CDN): WhiteNoise straight from the app folders.
# Where `collectstatic` puts the static files, each beside its gzip and Brotli copies, which
# WhiteNoise then serves to browsers that accept it (issue 18: `make demo` and production set it).
# Without it (development, tests) the app serves its files from the apps as they are.
STATIC_ROOT = env.string("HOMECOMING_STATIC_ROOT")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not STATIC_ROOT
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded files (practice attachments): never served as static files, MEDIA_URL stays unset;
# a view checks who may read each file before it sends it.
MEDIA_ROOT = env.string("HOMECOMING_MEDIA_ROOT", str(BASE_DIR / "var" / "media"))
HOMECOMING_ATTACHMENT_MAX_BYTES = env.integer("HOMECOMING_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1)

# --- The JSON API (issue 14) ---------------------------------------------------------------
# Requests per minute per token, and the largest JSON body it reads.
HOMECOMING_API_RATE_PER_MINUTE = env.integer("HOMECOMING_API_RATE_PER_MINUTE", 120, minimum=1)
HOMECOMING_API_MAX_BODY = env.integer("HOMECOMING_API_MAX_BODY", 64 * 1024, minimum=1024)

# --- Logging: never names or free text, only codes and ids ------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.string("HOMECOMING_LOG_LEVEL", "INFO")},
    # django-axes would log usernames on every attempt; the audit log records them instead.
    "loggers": {"axes": {"level": "ERROR"}},
}
