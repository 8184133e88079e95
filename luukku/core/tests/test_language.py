import pytest
from django.urls import reverse

from luukku.core.factories import ProfessionalFactory
from luukku.core.testing import login

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_the_finnish_start_page(client):
    # given a professional whose browser asks for English
    login(client, ProfessionalFactory())

    # when they open the start page
    response = client.get(reverse("home"), headers={"Accept-Language": "en-GB,en;q=0.9"})

    # then the page is in Finnish
    assert response.status_code == 200
    assert 'lang="fi"' in response.content.decode()


def test_the_language_switcher_choice_is_honoured_on_the_portal(client):
    # given a visitor who chose Swedish with the switcher
    client.post(reverse("set_language"), {"language": "sv", "next": "/perhekeskus/"})

    # when they open the family centre with a Finnish browser
    response = client.get(reverse("portal:home"), headers={"Accept-Language": "fi"})

    # then the page is in Swedish
    assert 'lang="sv"' in response.content.decode()
