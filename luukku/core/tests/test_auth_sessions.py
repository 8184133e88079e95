"""Session limits: 30 minutes of inactivity, and 12 hours from login however active the professional is."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from luukku.core import time
from luukku.core.factories import ProfessionalFactory
from luukku.core.testing import login

pytestmark = pytest.mark.django_db

LOGIN_AT = dt.datetime(2026, 11, 24, 8, 0, tzinfo=time.HELSINKI)


def at(minutes: int) -> dt.datetime:
    return LOGIN_AT + dt.timedelta(minutes=minutes)


def test_the_configured_limits_are_30_minutes_and_12_hours():
    # given the project's settings module (the tests relax the limits, the configuration does not)
    import config.settings as configured

    # then the limits are those the county requires
    assert configured.LUUKKU_SESSION_IDLE_SECONDS == 30 * 60
    assert configured.LUUKKU_SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60
    assert configured.SESSION_COOKIE_AGE == 30 * 60
    assert configured.SESSION_SAVE_EVERY_REQUEST is True


def test_a_professional_active_within_30_minutes_stays_signed_in(client, session_limits):
    # given a professional signed in at eight
    user = ProfessionalFactory()
    with time.frozen(at(0)):
        login(client, user)
        client.get(reverse("home"))
    # when they click something every 29 minutes for two hours
    statuses = []
    for minutes in (29, 58, 87, 116):
        with time.frozen(at(minutes)):
            statuses.append(client.get(reverse("home")).status_code)
    # then every page opens
    assert statuses == [200, 200, 200, 200]


def test_after_30_minutes_without_activity_the_professional_is_signed_out(client, session_limits):
    # given a professional who opened a page at eight
    user = ProfessionalFactory()
    with time.frozen(at(0)):
        login(client, user)
        assert client.get(reverse("home")).status_code == 200
    # when they come back 31 minutes later
    with time.frozen(at(31)):
        response = client.get(reverse("home"))
        follow = client.get(response["Location"])
        again = client.get(reverse("home"))
    # then they are sent to the login page with a notice, and the session is gone
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "et ollut aktiivinen 30 minuuttiin" in follow.content.decode()
    assert again["Location"].startswith(reverse("login"))


def test_12_hours_after_login_the_session_ends_even_when_active(client, session_limits):
    # given a professional who logged in at eight and has worked steadily since
    user = ProfessionalFactory()
    with time.frozen(at(0)):
        login(client, user)
        client.get(reverse("home"))
    for minutes in range(20, 12 * 60, 20):
        with time.frozen(at(minutes)):
            assert client.get(reverse("home")).status_code == 200
    # when they open a page 12 hours and one minute after login
    with time.frozen(at(12 * 60 + 1)):
        response = client.get(reverse("home"))
        follow = client.get(response["Location"])
    # then they must log in again
    assert response["Location"].startswith(reverse("login"))
    assert "kirjautumisesta on kulunut 12 tuntia" in follow.content.decode()


def test_the_12_hours_are_counted_from_the_password_login(client, session_limits):
    # given a professional who logged in through the login page and the code step at eight
    user = ProfessionalFactory()
    device = TOTPDevice.objects.create(user=user, name="Luukku", confirmed=True)
    with time.frozen(at(0)):
        client.post(reverse("login"), {"username": user.username, "password": "testi-salasana-123"})
        code = str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(6)
        client.post(reverse("otp_verify"), {"token": code})
    for minutes in range(25, 11 * 60 + 59, 25):
        with time.frozen(at(minutes)):
            client.get(reverse("home"))
    # when they are still working at 11:59 after login, and then at 12:01
    with time.frozen(at(11 * 60 + 59)):
        before = client.get(reverse("home"))
    with time.frozen(at(12 * 60 + 1)):
        after = client.get(reverse("home"))
    # then the first page opens and the second asks them to log in
    assert before.status_code == 200
    assert after["Location"].startswith(reverse("login"))
