"""Request gates for authentication and security headers.

Order in ``settings.MIDDLEWARE``: after authentication and django-otp's ``OTPMiddleware`` come
``SessionLifetimeMiddleware`` (inactivity and absolute limits) and ``SecondFactorRequiredMiddleware``; then the
Content-Security-Policy, ``SecurityHeadersMiddleware`` and, last, django-axes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from luukku.core import time
from luukku.core.auth import (
    LAST_SEEN_SESSION_KEY,
    LOGIN_AT_SESSION_KEY,
    second_factor_satisfied,
    session_moment,
)

API_PREFIX = "/api/"

Handler = Callable[[HttpRequest], HttpResponse]


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect; for an htmx request a full-page one (``HX-Redirect``), not a login page inside a fragment."""
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=200)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class SessionLifetimeMiddleware:
    """Log a professional out after 30 minutes without activity, and 12 hours after login even when active.

    Both limits are measured on ``luukku.core.time`` and stored in the session (``LUUKKU_SESSION_IDLE_SECONDS``,
    ``LUUKKU_SESSION_ABSOLUTE_SECONDS``). A browser page is sent to the login page with a notice; an API call
    simply continues unauthenticated.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            expired = self._expired(request)
            if expired is not None:
                logout(request)
                if not request.path_info.startswith(API_PREFIX):
                    messages.info(request, expired)
                    return _redirect(
                        request, f"{reverse(settings.LOGIN_URL)}?next={quote(request.get_full_path())}"
                    )
        return self.get_response(request)

    @staticmethod
    def _expired(request: HttpRequest) -> str | None:
        now = time.now()
        login_at = session_moment(request, LOGIN_AT_SESSION_KEY)
        last_seen = session_moment(request, LAST_SEEN_SESSION_KEY)
        if login_at is None:
            # A session made without the login view (e.g. by an administrator tool) starts counting now.
            request.session[LOGIN_AT_SESSION_KEY] = now.isoformat()
            login_at = now
        if last_seen is not None and now - last_seen > dt.timedelta(
            seconds=settings.LUUKKU_SESSION_IDLE_SECONDS
        ):
            return _("Istuntosi päättyi, koska et ollut aktiivinen 30 minuuttiin. Kirjaudu uudelleen.")
        if now - login_at > dt.timedelta(seconds=settings.LUUKKU_SESSION_ABSOLUTE_SECONDS):
            return _("Istuntosi päättyi, koska kirjautumisesta on kulunut 12 tuntia. Kirjaudu uudelleen.")
        request.session[LAST_SEEN_SESSION_KEY] = now.isoformat()
        return None


def _second_factor_exempt_paths() -> tuple[str, ...]:
    return (
        reverse("login"),
        reverse("logout"),
        reverse("otp_verify"),
        reverse("otp_setup"),
        reverse("oidc_authentication_init"),
        reverse("oidc_authentication_callback"),
        settings.STATIC_URL,
        "/i18n/",
    )


class SecondFactorRequiredMiddleware:
    """Until the second factor is passed, every page except login, the OTP steps, logout and static files
    redirects to the OTP step. The API (``/api/``) is not redirected, but a session that has not passed the
    second factor does not count as authenticated there: the API sees an anonymous caller."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated or second_factor_satisfied(request):
            return self.get_response(request)
        path = request.path_info
        if path.startswith(API_PREFIX):
            anonymous = AnonymousUser()
            request.user = anonymous

            async def auser() -> AnonymousUser:
                return anonymous

            request.auser = auser  # type: ignore[attr-defined]
            return self.get_response(request)
        if path.startswith(_second_factor_exempt_paths()):
            return self.get_response(request)
        return _redirect(request, f"{reverse('otp_verify')}?next={quote(request.get_full_path())}")


class SecurityHeadersMiddleware:
    """``Permissions-Policy`` on every response; ``Cache-Control: no-store`` on every response to a signed-in
    user and every API response, so that no browser or proxy keeps a copy of client data."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in_before = request.user.is_authenticated
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.LUUKKU_PERMISSIONS_POLICY)
        if signed_in_before or request.user.is_authenticated or request.path_info.startswith(API_PREFIX):
            add_never_cache_headers(response)
        return response


class FinnishFirstMiddleware:
    """Finnish first: the page language comes from the visitor's own choice, not from the browser's settings.

    A Finnish public service answers in Finnish until the visitor picks Swedish or English with the language
    switcher (the ``django_language`` cookie, ``set_language``); the browser's Accept-Language header is
    ignored, so that a professional's start page is Finnish on any machine. Runs before ``LocaleMiddleware``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
