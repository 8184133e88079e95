"""Authentication: the second factor (TOTP), session bookkeeping, OpenID Connect and the demo shortcut.

Every professional signs in with a password (or the county's OpenID Connect identity provider) and a second
factor: a TOTP code (RFC 6238) from an authenticator app. The views are in ``luukku.core.auth_views``, the
gates in ``luukku.core.middleware``; docs/security.md describes the whole flow.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from luukku.core import time

# Session keys.
LOGIN_AT_SESSION_KEY = "luukku_login_at"
LAST_SEEN_SESSION_KEY = "luukku_last_seen"
IDP_MFA_SESSION_KEY = "luukku_idp_mfa"

DEMO_USERNAME_PREFIX = "demo."
TOTP_DEVICE_NAME = "Luukku"


# --- Sessions -------------------------------------------------------------------------------------------------
def session_start(request: HttpRequest, *, idp_mfa: bool = False) -> None:
    """Record the moment of login, from which the absolute session lifetime (12 h) is counted."""
    moment = time.now().isoformat()
    request.session[LOGIN_AT_SESSION_KEY] = moment
    request.session[LAST_SEEN_SESSION_KEY] = moment
    if idp_mfa:
        request.session[IDP_MFA_SESSION_KEY] = True
    else:
        request.session.pop(IDP_MFA_SESSION_KEY, None)


def session_moment(request: HttpRequest, key: str) -> dt.datetime | None:
    """A moment stored in the session by ``session_start`` or the lifetime middleware, or None."""
    value = request.session.get(key)
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def second_factor_satisfied(request: HttpRequest) -> bool:
    """True when this session's user has passed the second factor (a TOTP code, or a trusted IdP's MFA)."""
    user = request.user
    if not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return True
    return bool(settings.OIDC_TRUSTS_IDP_MFA and request.session.get(IDP_MFA_SESSION_KEY) is True)


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address for the login lockout: behind ``LUUKKU_TRUSTED_PROXY_COUNT`` proxies, the address
    the outermost trusted proxy saw (it appends it to ``X-Forwarded-For``); otherwise ``REMOTE_ADDR``."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.LUUKKU_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) >= count:
        return forwarded[-count]
    return remote


# --- TOTP devices ---------------------------------------------------------------------------------------------
def totp_device_confirmed(user: Any) -> TOTPDevice | None:
    """The professional's confirmed authenticator, if they have enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


@transaction.atomic
def totp_device_enrolment_start(*, user: Any) -> TOTPDevice:
    """A not-yet-confirmed authenticator for ``user`` to scan; the same one until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user: Any, device: TOTPDevice, token: str) -> bool:
    """Confirm an enrolment with the first code the new authenticator shows; False if the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(_digits(token)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return True


def totp_secret_for_display(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app that cannot scan the QR code."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_data_uri(device: TOTPDevice) -> str:
    """The ``otpauth://`` enrolment address as an SVG QR code in a ``data:`` URI (allowed by CSP ``img-src``)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _digits(token: str) -> str:
    return "".join(ch for ch in str(token) if ch.isdigit())


# --- Demo -----------------------------------------------------------------------------------------------------
def demo_shortcut_applies(user: Any) -> bool:
    """True only in the demo (``LUUKKU_ENV=demo``) for a synthetic demo user (user name ``demo.…``)."""
    return (
        settings.LUUKKU_ENV == "demo"
        and bool(getattr(user, "is_authenticated", False))
        and user.get_username().startswith(DEMO_USERNAME_PREFIX)
    )


@transaction.atomic
def demo_device_ensure(*, user: Any) -> TOTPDevice | None:
    """Give a demo user a confirmed authenticator on first login, so a reviewer needs no app. Never in
    production: outside the demo, or for a real user, nothing is created and None is returned."""
    if not demo_shortcut_applies(user):
        return None
    device = totp_device_confirmed(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
    return device


def demo_current_code(device: TOTPDevice) -> str:
    """The code the device accepts next (the current one, or the next step if the current one was used)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        totp.time = totp.time + device.step
    return str(totp.token()).zfill(device.digits)


# --- OpenID Connect -------------------------------------------------------------------------------------------
def idp_asserted_mfa(claims: dict[str, Any]) -> bool:
    """True when the ID token says the IdP used multi-factor authentication (``amr`` or ``acr``, RFC 8176)."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if any(value in settings.OIDC_MFA_AMR_VALUES for value in amr):
        return True
    acr = claims.get("acr")
    return bool(acr) and acr in settings.OIDC_MFA_ACR_VALUES


class ProfessionalOIDCBackend(OIDCAuthenticationBackend):
    """Sign-in with the county's identity provider, for professionals the county's administrator has created.

    The IdP's user is matched to an active ``Professional`` by user name (claim ``OIDC_USERNAME_CLAIM``), then
    by e-mail; no user is ever created from a login, and an e-mail shared by two professionals matches no one.
    """

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get(settings.OIDC_USERNAME_CLAIM) or claims.get("email"))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        users = get_user_model().objects.filter(is_active=True)
        username = claims.get(settings.OIDC_USERNAME_CLAIM)
        if username:
            by_username = users.filter(username=username)
            if by_username.exists():
                return by_username
        email = claims.get("email")
        if email:
            by_email = users.filter(email__iexact=email)
            if by_email.count() == 1:
                return by_email
        return users.none()

    def describe_user_by_claims(self, claims: dict[str, Any]) -> str:
        return "an unknown user"  # never the claims themselves: they may carry personal data

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None:
            user.luukku_idp_mfa = idp_asserted_mfa(payload)
        return user
