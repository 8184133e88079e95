"""Security headers, password hashing, CSRF, identity codes in logs and `luukku check --deploy`."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.module_loading import import_string

from luukku.core.factories import OrganisationFactory, ProfessionalFactory, synthetic_identity_code
from luukku.core.testing import login
from luukku.organisations.models import Role

pytestmark = pytest.mark.django_db

BASE_DIR = Path(django_settings.BASE_DIR)


def production_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LUUKKU_", "OIDC_", "DJANGO_", "SECURE_"))
        and key not in {"DATABASE_URL", "DEBUG", "ALLOWED_HOSTS", "SECRET_KEY"}
    }
    env.update(
        LUUKKU_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="luukku.example.fi",
        DATABASE_URL="postgres://luukku:salasana@db.example.fi:5432/luukku",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    env.update(extra)
    return env


def production_settings(*names: str) -> dict[str, object]:
    """Values of ``names`` as config/settings.py computes them with the production environment."""
    script = (
        "import json, config.settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=production_env(),
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- luukku check --deploy ------------------------------------------------------------------------------------
@pytest.mark.slow
def test_check_deploy_with_production_settings_reports_nothing():
    # given the production environment an operator sets (the check does not connect to the database)
    # when `luukku check --deploy` runs
    result = subprocess.run(
        [sys.executable, "-m", "luukku", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(),
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    # then it finds no warnings or errors
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "ERRORS" not in output
    assert "System check identified no issues" in output


@pytest.mark.slow
def test_production_settings_turn_on_hsts_secure_host_cookies_and_https_only():
    # given the production environment
    # when the settings are computed
    values = production_settings(
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_NAME",
        "CSRF_COOKIE_NAME",
        "DEBUG",
        "CONTENT_SECURITY_POLICY",
    )
    # then HSTS is a year, cookies are Secure with the __Host- prefix, and CSP upgrades insecure requests
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert values["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert values["DEBUG"] is False
    assert values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["upgrade-insecure-requests"] is True


def test_the_demo_over_plain_http_uses_ordinary_cookie_names():
    # given the settings of this (non-production) run
    # then the cookies are not Secure and so cannot carry the __Host- prefix
    assert django_settings.SESSION_COOKIE_SECURE is False
    assert django_settings.SESSION_COOKIE_NAME == "sessionid"
    assert django_settings.CSRF_COOKIE_NAME == "csrftoken"


# --- Headers --------------------------------------------------------------------------------------------------
def test_every_page_carries_a_strict_content_security_policy(client):
    # given the login page
    # when it is fetched
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    # then nothing inline or evaluated is allowed, and only Luukku itself may frame, post or load
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"


def test_pages_forbid_framing_sniffing_foreign_referrers_and_device_features(client):
    # given the login page
    response = client.get(reverse("login"))
    # then the browser is told not to frame it, not to guess types, to keep referrers here, and to deny devices
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_hsts_is_sent_over_https_with_the_production_values(client, settings):
    # given the production HSTS settings
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    # when a page is fetched over https
    response = client.get(reverse("login"), secure=True)
    # then the browser is told to use https only for a year
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_pages_for_a_signed_in_professional_are_never_stored(client):
    # given a signed-in professional
    login(client, ProfessionalFactory())
    # when they open the start page
    response = client.get(reverse("home"))
    # then no browser or proxy may keep a copy
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_api_answers_are_never_stored(client):
    # given the API
    # when it answers
    response = client.get("/api/v1/health")
    # then no copy may be kept
    assert "no-store" in response["Cache-Control"]


# --- CSP-safe templates ---------------------------------------------------------------------------------------
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"|\son[a-z]+=\"", re.IGNORECASE)


def assert_csp_safe(html: str) -> None:
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html)
    assert not INLINE_STYLE.search(html), INLINE_STYLE.search(html)


def test_login_and_second_factor_pages_have_no_inline_script_or_style(client, settings):
    # given the demo, a demo user with no session yet, and a real user who must enrol
    settings.LUUKKU_ENV = "demo"
    demo_user = ProfessionalFactory(username="demo.perheneuvo")
    new_user = ProfessionalFactory()
    other = Client()
    # when the login, code and enrolment pages are rendered
    pages = [client.get(reverse("login"))]
    client.post(reverse("login"), {"username": demo_user.username, "password": "testi-salasana-123"})
    pages.append(client.get(reverse("otp_verify")))
    other.post(reverse("login"), {"username": new_user.username, "password": "testi-salasana-123"})
    pages.append(other.get(reverse("otp_setup")))
    # then none of them needs 'unsafe-inline'
    assert [page.status_code for page in pages] == [200, 200, 200]
    assert "demo-code" in pages[1].content.decode()
    for page in pages:
        assert_csp_safe(page.content.decode())


def test_the_admin_works_under_the_policy(client):
    # given an administrator signed in with both factors
    OrganisationFactory()
    admin = ProfessionalFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    login(client, admin)
    # when they open the admin's index, lists (including the authenticators, to delete a lost one) and a form
    urls = [
        reverse("admin:index"),
        reverse("admin:organisations_organisation_changelist"),
        reverse("admin:organisations_organisation_add"),
        reverse("admin:otp_totp_totpdevice_changelist"),
    ]
    responses = [client.get(url) for url in urls]
    # then they open, with the policy on and no inline script or style in them
    assert [r.status_code for r in responses] == [200, 200, 200, 200]
    for response in responses:
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert_csp_safe(response.content.decode())


# --- CSRF -----------------------------------------------------------------------------------------------------
def test_a_login_post_without_the_csrf_token_is_refused():
    # given a browser that does not send the CSRF token
    client = Client(enforce_csrf_checks=True)
    user = ProfessionalFactory()
    # when it posts the login form
    response = client.post(reverse("login"), {"username": user.username, "password": "testi-salasana-123"})
    # then the post is refused and nobody is signed in
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def _walk(patterns, prefix=""):  # type: ignore[no-untyped-def]
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_only_the_token_authenticated_api_is_exempt_from_csrf():
    # given every URL Luukku serves
    routes = list(_walk(get_resolver().url_patterns))
    # when the CSRF-exempt views are listed
    exempt = [route for route, view in routes if getattr(view, "csrf_exempt", False)]
    # then all of them are under the API
    assert len(routes) > 10
    assert all(route.startswith("api/") for route in exempt), exempt


# --- Passwords ------------------------------------------------------------------------------------------------
def test_passwords_are_hashed_with_argon2_in_production():
    # given the configured hashers (the tests themselves use a fast hasher)
    import config.settings as configured

    # when a password is hashed with the first of them
    first = import_string(configured.PASSWORD_HASHERS[0])()
    hashed = first.encode("pitkä-salasana-2026", first.salt())
    # then Argon2id is first
    assert configured.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert hashed.startswith("argon2$argon2id$")


# --- Identity codes in logs -----------------------------------------------------------------------------------
def _stream_handlers(logger_name: str) -> list[logging.StreamHandler]:
    """The stream handlers a record from ``logger_name`` reaches, as logging.Logger.callHandlers walks them."""
    found: list[logging.StreamHandler] = []
    logger: logging.Logger | None = logging.getLogger(logger_name)
    while logger is not None:
        found.extend(
            handler
            for handler in logger.handlers
            if type(handler) is logging.StreamHandler  # not pytest's capturing handlers
        )
        if not logger.propagate:
            break
        logger = logger.parent
    return found


@pytest.fixture
def log_output():  # type: ignore[no-untyped-def]
    """Capture what the configured handlers of the given loggers write."""
    swapped: list[tuple[logging.StreamHandler, object]] = []
    buffer = io.StringIO()

    def capture(*logger_names: str) -> io.StringIO:
        for name in logger_names:
            handlers = _stream_handlers(name)
            assert handlers, f"no handler configured for {name}"
            for handler in handlers:
                if all(handler is not h for h, _ in swapped):
                    swapped.append((handler, handler.setStream(buffer)))
        return buffer

    yield capture
    for handler, previous in swapped:
        handler.setStream(previous)  # type: ignore[arg-type]


def test_a_request_for_a_url_with_an_identity_code_logs_it_masked(client, log_output):
    # given the configured request log
    code = synthetic_identity_code(dt.date(2015, 3, 1))
    output = log_output("django.request")
    # when someone requests an address that contains an identity code
    response = client.get(f"/henkilot/{code}/")
    # then the 404 is logged with the code masked
    assert response.status_code == 404
    written = output.getvalue()
    assert "Not Found" in written
    assert "******-****" in written
    assert code not in written


@pytest.mark.parametrize("logger_name", ["django.server", "django.request", "django", "luukku.anything"])
def test_every_configured_logger_masks_identity_codes(log_output, logger_name):
    # given a logger as configured in settings.LOGGING
    code = synthetic_identity_code(dt.date(2012, 6, 30))
    output = log_output(logger_name)
    # when a line with an identity code is logged through it
    logging.getLogger(logger_name).warning('"GET /x/%s/ HTTP/1.1" 404 0', code)
    # then the written line has the code masked
    written = output.getvalue()
    assert "******-****" in written
    assert code not in written
