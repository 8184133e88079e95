"""Login, the second-factor steps (TOTP code and enrolment) and the OpenID Connect endpoints.

The flow: password (or the county's IdP) → TOTP code, or, for a professional without an authenticator,
enrolment with a QR code confirmed by a first code → the page asked for. docs/security.md has the whole picture.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.views import LoginView, redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from luukku.core.auth import (
    demo_current_code,
    demo_device_ensure,
    demo_shortcut_applies,
    second_factor_satisfied,
    session_start,
    totp_device_confirm,
    totp_device_confirmed,
    totp_device_enrolment_start,
    totp_qr_data_uri,
    totp_secret_for_display,
)


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


class ProfessionalLoginView(LoginView):
    """Kirjautuminen: user name and password (django-axes counts the failures), then the second factor."""

    template_name = "core/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = settings.OIDC_ENABLED
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        auth_login(self.request, user)
        # Every login passes the second factor again, even when the same user was verified in this browser.
        self.request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
        session_start(self.request)
        demo_device_ensure(user=user)
        return HttpResponseRedirect(_with_next(reverse("otp_verify"), self.get_success_url()))


@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Toinen tunnistautumisvaihe: the six-digit code from the professional's authenticator app."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    next_url = _safe_next(request)
    if second_factor_satisfied(request):
        return HttpResponseRedirect(next_url)
    device = totp_device_confirmed(request.user)
    if device is None:
        return HttpResponseRedirect(_with_next(reverse("otp_setup"), next_url))
    error = ""
    if request.method == "POST":
        allowed, _details = device.verify_is_allowed()
        token = "".join(ch for ch in request.POST.get("token", "") if ch.isdigit())
        verified = django_otp.verify_token(request.user, device.persistent_id, token) if allowed else None
        if verified is not None:
            request.session.cycle_key()
            django_otp.login(request, verified)
            return HttpResponseRedirect(next_url)
        error = (
            _("Koodi on väärin tai vanhentunut. Tarkista koodi sovelluksesta ja yritä uudelleen.")
            if allowed
            else _("Liian monta väärää koodia peräkkäin. Odota hetki ja yritä uudelleen.")
        )
        device.refresh_from_db()
    context = {
        "next": next_url,
        "error": error,
        "demo_code": demo_current_code(device) if demo_shortcut_applies(request.user) else "",
    }
    return render(request, "core/otp_verify.html", context, status=400 if error else 200)


@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Todennussovelluksen käyttöönotto: scan the QR code (or type the key) and confirm with the first code.

    Only for a professional who has no confirmed authenticator: a second one is added by the administrator,
    never by someone who knows only the password.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    next_url = _safe_next(request)
    if totp_device_confirmed(request.user) is not None:
        return HttpResponseRedirect(_with_next(reverse("otp_verify"), next_url))
    device = totp_device_enrolment_start(user=request.user)
    error = ""
    if request.method == "POST":
        if totp_device_confirm(user=request.user, device=device, token=request.POST.get("token", "")):
            device.refresh_from_db()
            request.session.cycle_key()
            django_otp.login(request, device)
            messages.success(request, _("Todennussovellus on otettu käyttöön."))
            return HttpResponseRedirect(next_url)
        error = _("Koodi on väärin tai vanhentunut. Tarkista koodi sovelluksesta ja yritä uudelleen.")
    context = {
        "next": next_url,
        "error": error,
        "qr_data_uri": totp_qr_data_uri(device),
        "secret": totp_secret_for_display(device),
    }
    return render(request, "core/otp_setup.html", context, status=400 if error else 200)


def lockout(request: HttpRequest, original_response: HttpResponse | None, credentials: Any) -> HttpResponse:
    """django-axes' lockout page (``AXES_LOCKOUT_CALLABLE``): in Finnish, saying when to try again."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/lockout.html", context, status=429)


# --- OpenID Connect -------------------------------------------------------------------------------------------
class ProfessionalOIDCCallbackView(OIDCAuthenticationCallbackView):
    """The IdP's return: sign the professional in, and count the IdP's MFA as the second factor when trusted."""

    @property
    def failure_url(self) -> str:
        return reverse("login")

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request,
            _(
                "Kirjautuminen organisaation tunnuksella ei onnistunut. Jos sinulla ei vielä ole Luukun "
                "käyttäjätunnusta, pyydä sitä pääkäyttäjältä."
            ),
        )
        return super().login_failure()

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        self.request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
        session_start(self.request, idp_mfa=bool(getattr(self.user, "luukku_idp_mfa", False)))
        if second_factor_satisfied(self.request):
            return response
        return HttpResponseRedirect(_with_next(reverse("otp_verify"), response["Location"]))


def oidc_authenticate(request: HttpRequest) -> HttpResponse:
    """Start an OpenID Connect login (only when ``OIDC_RP_CLIENT_ID`` is configured)."""
    if not settings.OIDC_ENABLED:
        raise Http404
    return OIDCAuthenticationRequestView.as_view()(request)


def oidc_callback(request: HttpRequest) -> HttpResponse:
    """The identity provider's redirect back to Luukku (only when OpenID Connect is configured)."""
    if not settings.OIDC_ENABLED:
        raise Http404
    return ProfessionalOIDCCallbackView.as_view()(request)
