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


@pytest.fixture
def frozen_now():  # type: ignore[no-untyped-def]
    """Freeze the one clock: ``with frozen_now("2026-11-24T10:00+02:00"): ...``."""
    from luukku.core import time

    return time.frozen
