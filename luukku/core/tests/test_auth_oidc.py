"""Login with the county's OpenID Connect identity provider (the token exchange with the IdP is mocked)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from luukku.core.auth import ProfessionalOIDCBackend
from luukku.core.factories import ProfessionalFactory
from luukku.organisations.models import Professional

pytestmark = pytest.mark.django_db


@pytest.fixture
def oidc(settings, monkeypatch):  # type: ignore[no-untyped-def]
    """OpenID Connect switched on, with an IdP whose token and userinfo answers the test sets."""
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "luukku"
    settings.OIDC_RP_CLIENT_SECRET = "client-secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://idp.example/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.example/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://idp.example/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://idp.example/jwks"
    settings.OIDC_TRUSTS_IDP_MFA = False
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "luukku.core.auth.ProfessionalOIDCBackend",
    ]
    idp: dict[str, Any] = {"id_token": {}, "userinfo": {}}

    def get_token(self, payload):  # type: ignore[no-untyped-def]
        assert payload["code"] == "authorisation-code"
        return {"id_token": "id-token", "access_token": "access-token"}

    monkeypatch.setattr(ProfessionalOIDCBackend, "get_token", get_token)
    monkeypatch.setattr(ProfessionalOIDCBackend, "verify_token", lambda self, token, **kw: idp["id_token"])
    monkeypatch.setattr(
        ProfessionalOIDCBackend, "get_userinfo", lambda self, at, it, payload: idp["userinfo"]
    )
    return idp


def sign_in_at_idp(client):  # type: ignore[no-untyped-def]
    start = client.get(reverse("oidc_authentication_init"), {"next": reverse("home")})
    assert start["Location"].startswith("https://idp.example/authorize")
    state = parse_qs(urlparse(start["Location"]).query)["state"][0]
    return client.get(reverse("oidc_authentication_callback"), {"code": "authorisation-code", "state": state})


def test_a_known_professional_logs_in_and_is_asked_for_the_code(client, oidc):
    # given a professional the administrator created, known to the IdP by the same user name
    user = ProfessionalFactory(username="maija.virtanen")
    oidc["id_token"] = {"sub": "abc", "amr": ["pwd"]}
    oidc["userinfo"] = {"sub": "abc", "preferred_username": "maija.virtanen", "email": "maija@idp.example"}
    # when they sign in at the IdP
    response = sign_in_at_idp(client)
    # then they are signed in as that professional and go on to the code step
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_verify"))
    assert int(client.session["_auth_user_id"]) == user.pk


def test_a_professional_is_found_by_e_mail_when_the_user_name_differs(client, oidc):
    # given a professional whose IdP user name is different but whose e-mail matches
    user = ProfessionalFactory(username="mvirtanen", email="Maija.Virtanen@kaislahva.example")
    oidc["id_token"] = {"sub": "abc"}
    oidc["userinfo"] = {
        "sub": "abc",
        "preferred_username": "x123",
        "email": "maija.virtanen@kaislahva.example",
    }
    # when they sign in at the IdP
    sign_in_at_idp(client)
    # then they are signed in as that professional
    assert int(client.session["_auth_user_id"]) == user.pk


def test_an_unknown_person_is_refused_and_no_user_is_created(client, oidc):
    # given someone the IdP knows but the county has not made a Luukku user
    ProfessionalFactory(username="maija.virtanen")
    before = Professional.objects.count()
    oidc["id_token"] = {"sub": "zzz", "amr": ["mfa"]}
    oidc["userinfo"] = {"sub": "zzz", "preferred_username": "tuntematon", "email": "tuntematon@idp.example"}
    # when they sign in at the IdP
    response = sign_in_at_idp(client)
    page = client.get(response["Location"])
    # then they are back on the login page with a notice, signed out, and no user was created
    assert response["Location"] == reverse("login")
    assert "pyydä sitä pääkäyttäjältä" in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert Professional.objects.count() == before


def test_an_idp_login_with_mfa_skips_the_code_when_the_idp_is_trusted(client, oidc, settings):
    # given a county that trusts its IdP's multi-factor authentication
    settings.OIDC_TRUSTS_IDP_MFA = True
    ProfessionalFactory(username="maija.virtanen")
    oidc["id_token"] = {"sub": "abc", "amr": ["pwd", "mfa"]}
    oidc["userinfo"] = {"sub": "abc", "preferred_username": "maija.virtanen"}
    # when the professional signs in at the IdP with MFA
    response = sign_in_at_idp(client)
    # then they go straight to the page they asked for
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize(
    ("trusted", "amr"),
    [(False, ["pwd", "mfa"]), (True, ["pwd"])],
    ids=["mfa-but-not-trusted", "trusted-but-no-mfa"],
)
def test_otherwise_an_idp_login_still_needs_the_code(client, oidc, settings, trusted, amr):
    # given an IdP login where MFA is either not asserted or not trusted
    settings.OIDC_TRUSTS_IDP_MFA = trusted
    ProfessionalFactory(username="maija.virtanen")
    oidc["id_token"] = {"sub": "abc", "amr": amr}
    oidc["userinfo"] = {"sub": "abc", "preferred_username": "maija.virtanen"}
    # when the professional signs in at the IdP
    sign_in_at_idp(client)
    # then the application stays closed until the code step
    assert client.get(reverse("home"))["Location"].startswith(reverse("otp_verify"))


def test_the_login_page_offers_the_idp_only_when_configured(client, settings):
    # given OpenID Connect switched off, then on
    settings.OIDC_ENABLED = False
    off = client.get(reverse("login")).content.decode()
    settings.OIDC_ENABLED = True
    on = client.get(reverse("login")).content.decode()
    # then the link appears only when it is configured, and the endpoint is closed when it is not
    assert "oidc-login" not in off
    assert "oidc-login" in on
    settings.OIDC_ENABLED = False
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
