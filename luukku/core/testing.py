"""Helpers for tests across the apps."""

from __future__ import annotations

from typing import Any

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from luukku.core.auth import TOTP_DEVICE_NAME, totp_device_confirmed


def login(client: Any, user: Any) -> Any:
    """Log ``user`` in on the Django test ``client`` as a fully authenticated professional.

    Use this instead of ``client.force_login``: the session it makes has also passed the second factor (a
    confirmed TOTP device is created for the user when they have none, and recorded in the session the way
    django-otp records a verified code), so pages behind the second-factor gate answer as they would for a
    professional who has entered their code.
    """
    client.force_login(user)
    device = totp_device_confirmed(user) or TOTPDevice.objects.create(
        user=user, name=TOTP_DEVICE_NAME, confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
