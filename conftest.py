"""Project-wide pytest fixtures: a frozen Finnish clock, the Finnish locale, and factories."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _finnish_locale(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "fi"
    # Fast hashing in tests; production uses Argon2 (asserted in the security tests).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Tests move the frozen clock by days and months between requests; the 30-minute inactivity and 12-hour
    # session limits would log the test client out. The session tests use the real limits (`session_limits`).
    settings.LUUKKU_SESSION_IDLE_SECONDS = 10 * 365 * 24 * 3600
    settings.LUUKKU_SESSION_ABSOLUTE_SECONDS = 10 * 365 * 24 * 3600


@pytest.fixture
def frozen_now():  # type: ignore[no-untyped-def]
    """Freeze the one clock: ``with frozen_now("2026-11-24T10:00+02:00"): ...``."""
    from luukku.core import time

    return time.frozen


@pytest.fixture
def session_limits(settings):  # type: ignore[no-untyped-def]
    """The production session limits (30 minutes of inactivity, 12 hours from login), for the session tests."""
    import config.settings as configured

    settings.LUUKKU_SESSION_IDLE_SECONDS = configured.LUUKKU_SESSION_IDLE_SECONDS
    settings.LUUKKU_SESSION_ABSOLUTE_SECONDS = configured.LUUKKU_SESSION_ABSOLUTE_SECONDS
    return settings
