"""Luukku settings: one file, driven by the environment.

Every value that differs between the demo, a test run and production comes from an environment variable with a
safe default for the demo. Production sets ``LUUKKU_ENV=production`` (or ``DEBUG=false``), ``SECRET_KEY``,
``DATABASE_URL``, ``ALLOWED_HOSTS`` and ``LUUKKU_FIELD_KEY``; see docs/deployment.md.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LUUKKU_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


LUUKKU_ENV = os.environ.get("LUUKKU_ENV", "demo")  # demo | test | production
PRODUCTION = LUUKKU_ENV == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

_DEMO_SECRET = "demo-only-secret-key-not-for-production-luukku-0123456789abcdefghijklmnopqrstuvwxyz"
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _DEMO_SECRET)
if PRODUCTION and not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when LUUKKU_ENV=production")

# Key for the identity-code lookup digest and the identity-code encryption (see luukku.core.identity).
LUUKKU_FIELD_KEY = os.environ.get("LUUKKU_FIELD_KEY", SECRET_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "mozilla_django_oidc",
    "luukku.core",
    "luukku.organisations",
    "luukku.people",
    "luukku.catalogue",
    "luukku.audit",
    "luukku.access",
    "luukku.intake",
    "luukku.assessment",
    "luukku.plans",
    "luukku.contact",
    "luukku.portal",
    "luukku.statistics",
    "luukku.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "luukku.core.middleware.FinnishFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Inactivity and absolute session limits, then the second-factor gate (luukku.core.middleware).
    "luukku.core.middleware.SessionLifetimeMiddleware",
    "luukku.core.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "luukku.core.middleware.SecurityHeadersMiddleware",
    # django-axes last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "luukku" / "core" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------------
# SQLite is the embedded default: WAL, IMMEDIATE transactions (no lock upgrade deadlocks), a busy timeout and
# synchronous=FULL (a committed transaction survives power loss). PostgreSQL via DATABASE_URL=postgres://...
SQLITE_PATH = VAR_DIR / "luukku.sqlite3"
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")))
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["CONN_MAX_AGE"] = 0
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=FULL;PRAGMA busy_timeout=20000;PRAGMA foreign_keys=ON"
        ),
    }
    _db["TEST"] = (
        {"NAME": os.environ.get("LUUKKU_TEST_SQLITE", "")} if os.environ.get("LUUKKU_TEST_SQLITE") else {}
    )
else:
    _db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6.0 default, opted into now

# --- Users ----------------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "organisations.Professional"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Argon2id first; the others only verify (and upgrade) hashes made before it.
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

# --- Language and time ----------------------------------------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "luukku" / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

# 150/1930 5 §: a completion deadline that falls on a non-working day moves to the next working day.
LUUKKU_DEADLINE_ROLL_FORWARD = env_bool("LUUKKU_DEADLINE_ROLL_FORWARD", True)
# One contact channel: the promised answer time in hours, counted on working days only (docs/portal.md).
LUUKKU_CONTACT_ANSWER_HOURS = int(os.environ.get("LUUKKU_CONTACT_ANSWER_HOURS", "24"))
# LSL 13 b §: caseload guidance per responsible social worker.
LUUKKU_CASELOAD_LIMIT = int(os.environ.get("LUUKKU_CASELOAD_LIMIT", "30"))

# --- Static files ---------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- E-mail ---------------------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "luukku@kaislahva.example")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))

# --- Authentication: passwords, lockout, second factor, OpenID Connect ----------------------------------------
# See docs/security.md and docs/deployment.md "Authentication".
# django-axes first: a locked-out user name and address is refused before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# django-axes: 5 failed logins lock the combination of user name and client address for 15 minutes. The lock
# always ends by itself (never permanent); an administrator can lift it earlier with `luukku axes_reset_username`.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("LUUKKU_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lock ends 15 minutes after the fifth failure; attempts during the lock do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "luukku.core.auth_views.lockout"
AXES_CLIENT_IP_CALLABLE = "luukku.core.auth.client_ip_address"
# How many reverse proxies (load balancers) append to X-Forwarded-For in front of the app servers; 0 = none.
LUUKKU_TRUSTED_PROXY_COUNT = int(os.environ.get("LUUKKU_TRUSTED_PROXY_COUNT", "1" if PRODUCTION else "0"))

# django-otp: TOTP (RFC 6238) second factor for every professional.
OTP_TOTP_ISSUER = os.environ.get("LUUKKU_OTP_ISSUER", "Luukku")
OTP_TOTP_THROTTLE_FACTOR = 1
# The admin can delete a lost device but never see or scan its secret key.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# OpenID Connect (mozilla-django-oidc): on only when the county's identity provider is configured.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
# Users are created by the county's administrator, never by a first login.
OIDC_CREATE_USER = False
# The claim compared with Professional.username; e-mail is tried when it matches no one.
OIDC_USERNAME_CLAIM = os.environ.get("OIDC_USERNAME_CLAIM", "preferred_username")
# When true, an IdP login whose ID token asserts multi-factor authentication (amr/acr) needs no TOTP code.
OIDC_TRUSTS_IDP_MFA = env_bool("OIDC_TRUSTS_IDP_MFA", False)
OIDC_MFA_AMR_VALUES = env_list("OIDC_MFA_AMR_VALUES", "mfa")
OIDC_MFA_ACR_VALUES = env_list("OIDC_MFA_ACR_VALUES", "")
if OIDC_ENABLED:
    _missing = [
        name
        for name in ("OIDC_RP_CLIENT_SECRET", "OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT")
        + ("OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT")
        if not os.environ.get(name)
    ]
    if _missing:
        raise RuntimeError(f"OIDC_RP_CLIENT_ID is set but these are not: {', '.join(_missing)}")
    AUTHENTICATION_BACKENDS.append("luukku.core.auth.ProfessionalOIDCBackend")

# --- Sessions -------------------------------------------------------------------------------------------------
# Inactivity limit (30 min) and absolute limit (12 h from login) are enforced by
# luukku.core.middleware.SessionLifetimeMiddleware on the one clock; the cookie age backs up the first.
LUUKKU_SESSION_IDLE_SECONDS = int(os.environ.get("LUUKKU_SESSION_IDLE_SECONDS", "1800"))
LUUKKU_SESSION_ABSOLUTE_SECONDS = int(os.environ.get("LUUKKU_SESSION_ABSOLUTE_SECONDS", str(12 * 3600)))
SESSION_COOKIE_AGE = LUUKKU_SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Security -------------------------------------------------------------------------------------------------
# Secure cookies in production (TLS); the demo runs over plain http on localhost.
SECURE_COOKIES = env_bool("LUUKKU_SECURE_COOKIES", PRODUCTION)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# The __Host- prefix makes the browser refuse the cookie unless it is Secure, has Path=/ and no Domain, so no
# other host under the same domain can set or overwrite it. It only works over https.
SESSION_COOKIE_NAME = "__Host-sessionid" if SECURE_COOKIES else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if SECURE_COOKIES else "csrftoken"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy (django-csp 4): no inline script or style anywhere, so templates load every script and
# stylesheet from static files and pass data to scripts in data- attributes (docs/security.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "upgrade-insecure-requests": PRODUCTION,
    },
}
# Browser features Luukku never uses (luukku.core.middleware.SecurityHeadersMiddleware).
LUUKKU_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# --- Logging --------------------------------------------------------------------------------------------------
# Every handler masks identity codes, and Django's own loggers (request errors, runserver's access log) are
# routed to those handlers instead of Django's defaults, which would write unmasked lines.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_identity_codes": {"()": "luukku.core.logging.IdentityCodeMaskFilter"}},
    "formatters": {
        "plain": {"format": "{levelname} {name} {message}", "style": "{"},
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["mask_identity_codes"],
            "formatter": "plain",
        },
        "server": {
            "class": "logging.StreamHandler",
            "filters": ["mask_identity_codes"],
            "formatter": "server",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        # Lockouts and failed logins are WARNING; axes' start-up and per-attempt chatter is INFO.
        "axes": {"level": "WARNING"},
    },
}
