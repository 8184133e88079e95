"""The public family centre's pages in Finnish, Swedish and English: no login, no JavaScript, no inline code."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from luukku.catalogue.models import LEVEL_ORDER, Service
from luukku.core import time

pytestmark = pytest.mark.django_db

# Thursday of a week whose Sunday is Independence Day (6.12.2026).
THURSDAY = dt.datetime(2026, 12, 3, 10, 0, tzinfo=time.HELSINKI)

PAGES = [
    (
        "/perhekeskus/",
        {"fi": "Sähköinen perhekeskus", "sv": "Elektroniska familjecentret", "en": "Online family centre"},
    ),
    ("/perhekeskus/haku/", {"fi": "Hae palveluja", "sv": "Sök tjänster", "en": "Find services"}),
    (
        "/perhekeskus/palvelu/perheneuvola/",
        {"fi": "Näin pääset palveluun", "sv": "Så här når du tjänsten", "en": "How to get there"},
    ),
    (
        "/perhekeskus/kohtaamispaikat/",
        {"fi": "Tällä viikolla", "sv": "Den här veckan", "en": "This week"},
    ),
    (
        "/perhekeskus/mika-palvelu-sopii/",
        {
            "fi": "Mikä palvelu sopii meille?",
            "sv": "Vilken tjänst passar oss?",
            "en": "Which service fits us?",
        },
    ),
    (
        "/perhekeskus/ota-yhteytta/",
        {"fi": "Kenestä olet huolissasi?", "sv": "Vem är du orolig för?", "en": "Who are you worried about?"},
    ),
]


def _h1(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize(("path", "expected"), PAGES, ids=[path for path, _ in PAGES])
def test_every_page_speaks_three_languages_and_links_the_one_contact_channel(
    client, demo_catalogue, path, expected, lang
):  # type: ignore[no-untyped-def]
    # given the visitor's language
    client.cookies["django_language"] = lang
    # when the page is opened without logging in
    response = client.get(path)
    html = response.content.decode()
    # then it answers in that language, with the switcher and the one contact channel
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    assert expected[lang] in html
    assert 'action="/i18n/setlang/"' in html and 'name="language" value="sv"' in html
    assert 'href="/perhekeskus/ota-yhteytta/"' in html
    # and it carries no inline script or style (strict CSP)
    assert "<script" not in html and "style=" not in html and "<style" not in html


def test_the_language_switcher_posts_to_set_language_and_the_choice_follows(client, demo_catalogue):  # type: ignore[no-untyped-def]
    # when the visitor presses "På svenska" on the guide
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/perhekeskus/mika-palvelu-sopii/"})
    # then they return to the same page, now in Swedish, and the next page is Swedish too
    assert response.status_code == 302 and response["Location"] == "/perhekeskus/mika-palvelu-sopii/"
    assert _h1(client.get(response["Location"]).content.decode()) == "Vilken tjänst passar oss?"
    assert (
        _h1(client.get("/perhekeskus/kohtaamispaikat/").content.decode())
        == "Mötesplatser och öppen verksamhet"
    )


def test_lang_in_the_address_opens_the_page_in_that_language(client, demo_catalogue):  # type: ignore[no-untyped-def]
    # when a link carries ?lang=en
    response = client.get("/perhekeskus/?lang=en")
    # then the page is English and the switcher returns to the address without the parameter
    assert _h1(response.content.decode()) == "Online family centre"
    assert 'name="next" value="/perhekeskus/"' in response.content.decode()
    assert response.cookies["django_language"].value == "en"


def test_search_lists_services_with_level_provider_and_referral(client, demo_catalogue):  # type: ignore[no-untyped-def]
    # when a parent searches in their own words
    response = client.get(
        "/perhekeskus/haku/", {"q": "poika ei suostu menemään kouluun ja pelaa yöt", "age": "14"}
    )
    html = response.content.decode()
    # then services are listed, each with its level, who provides it and whether a referral is needed
    codes = re.findall(r'data-testid="service-hit" data-code="([^"]+)"', html)
    assert response.status_code == 200 and len(codes) >= 3
    assert "koulupoissaolotiimi" in codes[:5]
    assert "Järjestäjä" in html and ("Ei tarvita lähetettä" in html or "Tarvitaan lähete" in html)
    assert 'class="level level-' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"q": ""}, "Kirjoita hakukenttään"),
        ({"q": "   "}, "Kirjoita hakukenttään"),
        ({"q": "apua " * 401}, "liian pitkä"),
        ({"q": "\x00\x01\x02\x7f"}, "merkkejä, joita ei voi hakea"),
    ],
    ids=["empty", "blank", "too-long", "binary"],
)
def test_bad_search_text_gets_a_polite_message_not_an_error_page(client, demo_catalogue, query, message):  # type: ignore[no-untyped-def]
    response = client.get("/perhekeskus/haku/", query)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'data-testid="search-results"' not in response.content.decode()


def test_bad_search_message_is_translated(client, demo_catalogue):  # type: ignore[no-untyped-def]
    response = client.get("/perhekeskus/haku/", {"q": "", "lang": "sv"})
    assert "Skriv några ord i sökfältet" in response.content.decode()


def test_bad_filters_get_a_message_not_an_error_page(client, demo_catalogue):  # type: ignore[no-untyped-def]
    response = client.get("/perhekeskus/haku/", {"q": "ero", "age": "sata"})
    assert response.status_code == 200 and "Tarkista hakuehdot." in response.content.decode()


def test_service_page_tells_how_to_get_there_and_who_the_core_person_is(client, demo_catalogue):  # type: ignore[no-untyped-def]
    # when a family opens the family-guidance clinic's page
    html = client.get("/perhekeskus/palvelu/perheneuvola/").content.decode()
    # then it shows the address, phone, web, referral, routing criteria and the core person
    assert "Ruokokatu 4, Kaislaharju" in html
    assert 'href="tel:0445550200"' in html and 'href="https://www.kaislahva.example/perheneuvola"' in html
    assert "Ei tarvita lähetettä – voit ottaa yhteyttä suoraan" in html
    assert "Ohjaa tänne perustason psykososiaalinen huoli" in html
    assert "Karoliina Eskelinen, johtava psykologi" in html


def test_service_page_in_swedish_uses_the_swedish_name(client, demo_catalogue):  # type: ignore[no-untyped-def]
    html = client.get("/perhekeskus/palvelu/perheneuvola/?lang=sv").content.decode()
    assert "Familjerådgivningen (uppfostrings- och familjerådgivning)" in _h1(html)
    # and a description that exists only in Finnish is marked as Finnish for screen readers
    assert '<p class="lead" lang="fi">' in html


def test_unknown_or_inactive_service_is_404(client, demo_catalogue):  # type: ignore[no-untyped-def]
    Service.objects.filter(code="perheneuvola").update(is_active=False)
    assert client.get("/perhekeskus/palvelu/perheneuvola/").status_code == 404
    assert client.get("/perhekeskus/palvelu/ei-ole/").status_code == 404


def test_meeting_places_show_this_weeks_activities_by_day(client, demo_catalogue):  # type: ignore[no-untyped-def]
    # given Thursday 3.12.2026
    with time.frozen(THURSDAY):
        html = client.get("/perhekeskus/kohtaamispaikat/").content.decode()
    # then the week runs Monday 30.11. to Sunday 6.12., today is marked and Independence Day is named
    calendar = html[html.index('data-testid="week-calendar"') :]
    assert "maanantai 30.11." in calendar and "sunnuntai 6.12." in calendar
    assert calendar.count('class="today"') == 1 and "Itsenäisyyspäivä" in calendar
    # and Kaislanpesä's Tuesday family café is on Tuesday's row
    tuesday = calendar[calendar.index("tiistai 1.12.") : calendar.index("keskiviikko 2.12.")]
    assert "Perhekahvila" in tuesday and "Perhetalo Kaislanpesä" in tuesday
    assert 'id="mp-kaislanpesa"' in html and "Ruokokatu 4, Kaislaharju" in html


def test_meeting_places_filtered_by_municipality(client, demo_catalogue):  # type: ignore[no-untyped-def]
    html = client.get("/perhekeskus/kohtaamispaikat/", {"municipality": "routavesi"}).content.decode()
    assert 'id="mp-kaislanpesa"' not in html


def _guide_codes(client, **answers):  # type: ignore[no-untyped-def]
    response = client.get("/perhekeskus/mika-palvelu-sopii/", answers)
    assert response.status_code == 200
    return re.findall(r'data-code="([^"]+)"', response.content.decode()), response.content.decode()


def test_guide_ends_in_the_lightest_fitting_services(client, demo_catalogue):  # type: ignore[no-untyped-def]
    # when a family of an 8-year-old answers "divorce", no hurry
    codes, html = _guide_codes(client, age=8, topic="divorce", urgency="no_hurry")
    # then fitting services are shown, lightest level first, each taking an 8-year-old
    services = [Service.objects.get(code=code) for code in codes]
    assert services, html
    levels = [LEVEL_ORDER[service.level] for service in services]
    assert levels == sorted(levels)
    assert all(service.age_min <= 8 <= service.age_max for service in services)
    assert all(service.topics.filter(code="divorce").exists() for service in services)


def test_guide_puts_crisis_services_first_when_someone_is_in_danger(client, demo_catalogue):  # type: ignore[no-untyped-def]
    codes, html = _guide_codes(client, age=15, topic="violence", urgency="danger")
    assert "112" in html
    assert Service.objects.get(code=codes[0]).topics.filter(code="crisis").exists()


def test_guide_topics_are_in_plain_words(client, demo_catalogue):  # type: ignore[no-untyped-def]
    html = client.get("/perhekeskus/mika-palvelu-sopii/").content.decode()
    assert "Koulunkäynti ei onnistu" in html and "Pelaaminen, puhelin ja netti" in html


def test_guide_with_missing_answers_asks_again(client, demo_catalogue):  # type: ignore[no-untyped-def]
    response = client.get("/perhekeskus/mika-palvelu-sopii/", {"age": "", "topic": "divorce"})
    assert response.status_code == 400
    assert 'data-testid="guide-results"' not in response.content.decode()
