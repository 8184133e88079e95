"""Login with a password and a TOTP second factor, enrolment, the demo shortcut, and the lockout."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from luukku.core import time
from luukku.core.factories import ProfessionalFactory
from luukku.core.middleware import SecondFactorRequiredMiddleware
from luukku.core.testing import login

pytestmark = pytest.mark.django_db

PASSWORD = "testi-salasana-123"
MORNING = dt.datetime(2026, 11, 24, 10, 0, tzinfo=time.HELSINKI)


def code_for(device: TOTPDevice) -> str:
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(device.digits)


def wrong_code_for(device: TOTPDevice) -> str:
    return str((int(code_for(device)) + 500_000) % 1_000_000).zfill(6)


def password_login(client, username: str, password: str = PASSWORD, **extra):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def confirmed_device(user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    return TOTPDevice.objects.create(user=user, name="Luukku", confirmed=True)


# --- Password step and the second-factor gate -----------------------------------------------------------------
def test_a_correct_password_leads_to_the_code_step_not_into_the_application(client):
    # given a professional with an authenticator
    user = ProfessionalFactory()
    confirmed_device(user)
    # when they log in with the right password
    response = password_login(client, user.username)
    # then they are asked for the code, and the start page still sends them there
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_verify"))
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("otp_verify"))


def test_a_wrong_password_is_refused_with_a_finnish_message(client):
    # given a professional
    user = ProfessionalFactory()
    # when they type a wrong password
    response = password_login(client, user.username, "väärä-salasana-1")
    # then the login page says so and nobody is signed in
    assert response.status_code == 200
    assert "Käyttäjätunnus tai salasana on väärin" in response.content.decode()
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_a_wrong_code_is_refused(client):
    # given a professional who has passed the password step
    user = ProfessionalFactory()
    device = confirmed_device(user)
    password_login(client, user.username)
    # when they enter a wrong code
    response = client.post(reverse("otp_verify"), {"token": wrong_code_for(device), "next": "/"})
    # then the code is refused and the application stays closed
    assert response.status_code == 400
    assert "Koodi on väärin" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("home"))["Location"].startswith(reverse("otp_verify"))


def test_the_right_code_opens_the_page_that_was_asked_for(client):
    # given a professional who asked for the start page and passed the password step
    user = ProfessionalFactory()
    device = confirmed_device(user)
    first = client.get(reverse("home"))
    client.post(first["Location"], {"username": user.username, "password": PASSWORD})
    # when they enter the code their app shows
    response = client.post(reverse("otp_verify"), {"token": code_for(device), "next": reverse("home")})
    # then they reach the start page
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_a_used_code_cannot_be_replayed_in_a_new_login(client):
    # given a professional who logged in with a code and logged out
    user = ProfessionalFactory()
    device = confirmed_device(user)
    code = code_for(device)
    password_login(client, user.username)
    client.post(reverse("otp_verify"), {"token": code})
    client.post(reverse("logout"))
    # when someone logs in again with the password and the same code
    password_login(client, user.username)
    response = client.post(reverse("otp_verify"), {"token": code})
    # then the code is refused
    assert response.status_code == 400
    assert client.get(reverse("home")).status_code == 302


def test_an_unsafe_next_address_is_not_followed_after_the_code(client):
    # given a professional at the code step with a next address on another site
    user = ProfessionalFactory()
    device = confirmed_device(user)
    password_login(client, user.username)
    # when they enter the right code
    response = client.post(
        reverse("otp_verify"), {"token": code_for(device), "next": "https://evil.example/"}
    )
    # then they land on Luukku's start page instead
    assert response["Location"] == reverse("home")


def test_logout_works_before_the_second_factor(client):
    # given a professional who has only passed the password step
    user = ProfessionalFactory()
    confirmed_device(user)
    password_login(client, user.username)
    # when they log out
    response = client.post(reverse("logout"))
    # then they are signed out
    assert response.status_code == 302
    assert client.get(reverse("otp_verify"))["Location"].startswith(reverse("login"))


def test_the_api_treats_a_session_without_the_second_factor_as_anonymous():
    # given a request to the API from a session that has passed only the password step
    user = ProfessionalFactory()
    request = RequestFactory().get("/api/v1/anything")
    request.user = user
    request.user.is_verified = lambda: False  # type: ignore[attr-defined]
    request.session = {}  # type: ignore[assignment]
    seen = []
    middleware = SecondFactorRequiredMiddleware(lambda r: seen.append(r.user) or HttpResponse("ok"))
    # when it passes the second-factor gate
    response = middleware(request)
    # then it is not redirected, but the API sees no signed-in user
    assert response.status_code == 200
    assert seen and not seen[0].is_authenticated


def test_the_test_login_helper_makes_a_fully_verified_session(client):
    # given a professional logged in with the shared test helper
    user = ProfessionalFactory()
    login(client, user)
    # when they open the start page
    response = client.get(reverse("home"))
    # then it answers directly, without the code step
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1


# --- Enrolment ------------------------------------------------------------------------------------------------
def test_a_professional_without_an_authenticator_is_shown_a_qr_code_and_the_key(client):
    # given a professional with no authenticator who passed the password step
    user = ProfessionalFactory()
    password_login(client, user.username)
    # when they come to the code step
    redirect = client.get(reverse("otp_verify"))
    response = client.get(redirect["Location"])
    # then they are on the enrolment page with a QR code image and the key to type in by hand
    assert redirect["Location"].startswith(reverse("otp_setup"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed is False
    secret = re.search(r'data-testid="otp-secret">([A-Z2-7 ]+)<', page)
    assert secret is not None and len(secret.group(1).replace(" ", "")) == 32


def test_the_enrolment_is_confirmed_with_the_first_code(client):
    # given a professional on the enrolment page
    user = ProfessionalFactory()
    password_login(client, user.username)
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=user)
    # when they enter the first code their app shows
    response = client.post(reverse("otp_setup"), {"token": code_for(device), "next": reverse("home")})
    # then the authenticator is confirmed and they are in
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_first_code_leaves_the_enrolment_unconfirmed(client):
    # given a professional on the enrolment page
    user = ProfessionalFactory()
    password_login(client, user.username)
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=user)
    # when they enter a wrong code
    response = client.post(reverse("otp_setup"), {"token": wrong_code_for(device)})
    # then nothing is confirmed and the application stays closed
    assert response.status_code == 400
    device.refresh_from_db()
    assert device.confirmed is False
    assert client.get(reverse("home")).status_code == 302


def test_someone_with_only_the_password_cannot_enrol_a_second_authenticator(client):
    # given a professional who already has an authenticator, and someone who knows only the password
    user = ProfessionalFactory()
    confirmed_device(user)
    password_login(client, user.username)
    # when they open the enrolment page
    response = client.get(reverse("otp_setup"))
    # then they are sent to the code step and no new authenticator is made
    assert response["Location"].startswith(reverse("otp_verify"))
    assert TOTPDevice.objects.filter(user=user).count() == 1


# --- The demo shortcut ----------------------------------------------------------------------------------------
def test_in_the_demo_a_demo_user_gets_an_authenticator_and_sees_the_valid_code(client, settings):
    # given the demo environment and a demo login
    settings.LUUKKU_ENV = "demo"
    user = ProfessionalFactory(username="demo.sosiaalityontekija")
    # when the reviewer logs in with the password
    password_login(client, user.username)
    response = client.get(reverse("otp_verify"))
    # then the code page shows the valid code in a marked demo box, and that code lets them in
    page = response.content.decode()
    assert "DEMO" in page
    shown = re.search(r'data-testid="demo-code-value">(\d{6})<', page)
    assert shown is not None
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed is True
    assert client.post(reverse("otp_verify"), {"token": shown.group(1)}).status_code == 302
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("environment", ["production", "test"])
def test_outside_the_demo_a_demo_user_gets_no_shortcut(client, settings, environment):
    # given production (or the test environment) and a user whose name looks like a demo login
    settings.LUUKKU_ENV = environment
    user = ProfessionalFactory(username="demo.sosiaalityontekija")
    # when they log in with the password
    password_login(client, user.username)
    redirect = client.get(reverse("otp_verify"))
    setup = client.get(redirect["Location"])
    # then no authenticator is made for them and no code is shown: they must enrol like anyone else
    assert redirect["Location"].startswith(reverse("otp_setup"))
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert "demo-code" not in setup.content.decode()


def test_in_the_demo_a_real_user_sees_no_code(client, settings):
    # given the demo environment and a user who is not a demo login
    settings.LUUKKU_ENV = "demo"
    user = ProfessionalFactory(username="maija.meikalainen")
    confirmed_device(user)
    # when they reach the code step
    password_login(client, user.username)
    response = client.get(reverse("otp_verify"))
    # then no code is shown
    assert response.status_code == 200
    assert "demo-code" not in response.content.decode()


# --- Lockout (django-axes) ------------------------------------------------------------------------------------
# django-axes stamps attempts with the database clock (auto_now_add), so "later" is made by moving the recorded
# attempts back in time rather than by freezing luukku.core.time.
def minutes_pass(minutes: int) -> None:
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - dt.timedelta(minutes=minutes))


def test_five_wrong_passwords_lock_the_user_at_that_address_and_the_lock_ends_after_15_minutes(client):
    # given a professional
    user = ProfessionalFactory()
    confirmed_device(user)
    # when five wrong passwords are typed from one address
    responses = [password_login(client, user.username, f"väärä-{n}-salasana") for n in range(5)]
    locked = password_login(client, user.username)
    # then the fifth is answered with the Finnish lockout page, and even the right password is refused
    assert [r.status_code for r in responses[:4]] == [200, 200, 200, 200]
    assert responses[4].status_code == 429
    assert "Kirjautuminen on tilapäisesti estetty" in responses[4].content.decode()
    assert "15 minuutiksi" in responses[4].content.decode()
    assert locked.status_code == 429
    # and 14 minutes later the lock still holds, but after 15 minutes the right password works again
    minutes_pass(14)
    assert password_login(client, user.username).status_code == 429
    minutes_pass(2)
    released = password_login(client, user.username)
    assert released.status_code == 302
    assert released["Location"].startswith(reverse("otp_verify"))


def test_the_lock_is_for_the_combination_of_user_and_address(client):
    # given a professional locked out at one address
    user = ProfessionalFactory()
    other = ProfessionalFactory()
    for n in range(5):
        password_login(client, user.username, f"väärä-{n}-salasana", REMOTE_ADDR="10.0.0.1")
    # when the same user logs in from another address, and another user from the locked address
    elsewhere = password_login(client, user.username, REMOTE_ADDR="10.0.0.2")
    client.post(reverse("logout"))
    colleague = password_login(client, other.username, REMOTE_ADDR="10.0.0.1")
    # then both get in: only that user at that address is locked
    assert elsewhere.status_code == 302
    assert colleague.status_code == 302
    assert password_login(client, user.username, REMOTE_ADDR="10.0.0.1").status_code == 429


def test_a_successful_login_resets_the_failure_count(client):
    # given a professional who mistyped the password four times and then got it right
    user = ProfessionalFactory()
    for n in range(4):
        password_login(client, user.username, f"väärä-{n}-salasana")
    password_login(client, user.username)
    client.post(reverse("logout"))
    # when they mistype once more
    response = password_login(client, user.username, "väärä-taas-salasana")
    # then they are not locked out
    assert response.status_code == 200
    assert "Käyttäjätunnus tai salasana on väärin" in response.content.decode()


def test_behind_a_load_balancer_the_lock_uses_the_address_it_saw(client, settings):
    # given one trusted proxy in front of Luukku, and a user locked out from one client address
    settings.LUUKKU_TRUSTED_PROXY_COUNT = 1
    user = ProfessionalFactory()
    for n in range(5):
        password_login(
            client,
            user.username,
            f"väärä-{n}-salasana",
            REMOTE_ADDR="10.9.9.9",
            HTTP_X_FORWARDED_FOR="192.0.2.1",
        )
    # when the same user comes through the same proxy from another client address
    response = password_login(client, user.username, REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="192.0.2.2")
    # then they get in: the lock is on the client address, not the proxy's
    assert response.status_code == 302
    assert AccessAttempt.objects.filter(ip_address="192.0.2.1").exists()
