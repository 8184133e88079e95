"""The public family centre in a real browser: search, the guide, the one contact channel reaching the queue,
language switching and axe-core accessibility checks on every public page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser]

PASSWORD = "selain-testi-salasana-2026"


def test_search_returns_services_with_level_provider_and_referral(page: Any, demo_catalogue: Any) -> None:
    # given the portal's front page
    page.goto("/perhekeskus/")
    # when a parent describes the situation in their own words and searches
    page.get_by_label("Mihin tarvitsette apua? Kerro omin sanoin.").fill("poika ei suostu menemään kouluun")
    page.get_by_label("Lapsen tai nuoren ikä").fill("14")
    page.get_by_role("button", name="Hae", exact=True).click()
    # then services are listed, each with its level, provider and whether a referral is needed
    hits = page.get_by_test_id("service-hit")
    expect(hits.nth(2)).to_be_visible()
    first = hits.first.inner_text()
    assert "Taso" in first and "Järjestäjä" in first and "lähete" in first.lower()
    screenshot(page, "search-results-fi")
    # and a result opens the service's own page with how to get there
    hits.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Näin pääset palveluun")).to_be_visible()
    screenshot(page, "service-fi")


def test_search_with_empty_text_gets_a_polite_message(page: Any, demo_catalogue: Any) -> None:
    # given the search page
    page.goto("/perhekeskus/haku/")
    # when the visitor searches with nothing typed
    page.get_by_role("button", name="Hae", exact=True).click()
    # then a polite message is shown on the search page, not an error page
    assert "Kirjoita hakukenttään" in page.get_by_test_id("search-message").inner_text()


def test_guide_leads_to_the_lightest_fitting_services(page: Any, demo_catalogue: Any) -> None:
    # given the guide
    page.goto("/perhekeskus/mika-palvelu-sopii/")
    # when a family answers the three questions
    page.get_by_label("1. Kuinka vanha lapsi tai nuori on?").fill("14")
    page.get_by_label("2. Mistä on kyse?").select_option("school_absence")
    page.get_by_label("Tarvitsemme apua pian").check()
    page.get_by_role("button", name="Näytä sopivat palvelut").click()
    # then fitting services are shown, lightest level first, each linking to its page
    results = page.get_by_test_id("guide-results")
    expect(results).to_be_visible()
    hits = results.get_by_test_id("service-hit")
    expect(hits.first).to_be_visible()
    screenshot(page, "guide-results-fi")
    hits.first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/perhekeskus/palvelu/[^/]+/$"))


def _log_in_as_family_counsellor(page: Any) -> Any:
    """Through the real login page and the TOTP step, with the code computed from the device key."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from luukku.core.auth import TOTP_DEVICE_NAME
    from luukku.core.factories import ProfessionalFactory
    from luukku.organisations.models import Role

    worker = ProfessionalFactory(
        username="perheneuvo.selain", role=Role.FAMILY_COUNSELLOR, password=PASSWORD, first_name="Pirjo"
    )
    device = TOTPDevice.objects.create(user=worker, name=TOTP_DEVICE_NAME, confirmed=True)
    page.goto("/kirjaudu/?next=/yhteydenotot/")
    page.locator("input[name=username]").fill(worker.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    page.wait_for_url(re.compile(r"/kirjaudu/vahvistus/"))
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.locator("input[name=token]").fill(f"{totp.token():0{device.digits}d}")
    page.get_by_role("button", name="Vahvista", exact=True).click()
    page.wait_for_url(re.compile(r"/yhteydenotot/$"))
    return worker


def test_contact_on_the_portal_reaches_the_queue_with_its_waiting_time_running(
    browser: Any, page: Any, live_server: Any, demo_catalogue: Any
) -> None:
    from luukku.contact.models import Contact
    from luukku.core import time

    # given a parent on the one contact channel
    page.goto("/perhekeskus/")
    page.get_by_test_id("contact-channel").click()
    page.get_by_label("Olen huolissani lapsestani").check()
    page.get_by_label("Lapsen tai nuoren ikä (vuotta)").fill("12")
    page.get_by_label("Mikä huolettaa? Kerro omin sanoin.").fill(
        "Tyttö ei nuku ja itkee iltaisin koulun takia."
    )
    page.get_by_label("Puhelinnumero").fill("040 123 4567")
    # when the form is sent without consent, it is kept and the missing consent is pointed out
    page.get_by_role("button", name="Lähetä").click()
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    assert page.get_by_label("Mikä huolettaa? Kerro omin sanoin.").input_value().startswith("Tyttö ei nuku")
    # and when consent is given and the form sent again
    page.get_by_label("Perheneuvo saa ottaa minuun yhteyttä antamillani yhteystiedoilla.").check()
    page.get_by_role("button", name="Lähetä").click()
    # then the receipt shows the reference and the promised answer time
    receipt = page.get_by_test_id("contact-receipt").inner_text()
    reference = re.search(r"YT-\d{4}-\d{5}", receipt).group(0)
    assert "24 tunnin kuluessa" in receipt
    contact = Contact.objects.get(reference=reference)
    # given the family has now waited 3 h 20 min
    Contact.objects.filter(pk=contact.pk).update(received_at=time.now() - dt.timedelta(hours=3, minutes=20))

    # when a family-counsellor worker logs in and opens the queue
    worker_context = browser.new_context(locale="fi-FI", base_url=live_server.url)
    worker_page = worker_context.new_page()
    try:
        _log_in_as_family_counsellor(worker_page)
        row = worker_page.locator(f"tr[data-reference='{reference}']")
        # then the contact is in the queue with its waiting time running
        waited = row.get_by_test_id("waited").inner_text()
        assert re.fullmatch(r"odottanut 3 h 2[01] min", waited.strip()), waited
        screenshot(worker_page, "contact-queue-fi")
        # and the worker takes it and records the first answer
        row.get_by_role("link", name=reference).click()
        worker_page.get_by_role("button", name="Ota käsittelyyn").click()
        expect(worker_page.get_by_text("Otit yhteydenoton käsittelyyn.")).to_be_visible()
        worker_page.get_by_label("Miten vastasit?").fill("Soitin äidille, sovimme tapaamisen.")
        worker_page.get_by_role("button", name="Tallenna vastaus").click()
        expect(worker_page.get_by_text("Ensimmäinen vastaus kirjattiin.")).to_be_visible()
        contact.refresh_from_db()
        assert contact.assigned_to.username == "perheneuvo.selain"
        assert contact.waiting_seconds is not None and contact.waiting_seconds >= 3 * 3600 + 20 * 60
    finally:
        worker_context.close()


def test_language_switches_fi_sv_en_on_every_page(page: Any, demo_catalogue: Any) -> None:
    # given the guide in Finnish
    page.goto("/perhekeskus/mika-palvelu-sopii/")
    assert page.locator("html").get_attribute("lang") == "fi"
    assert page.get_by_role("heading", level=1).inner_text() == "Mikä palvelu sopii meille?"
    # when the visitor switches to Swedish
    page.get_by_role("button", name="På svenska").click()
    # then the same page is in Swedish
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vilken tjänst passar oss?")
    assert page.url.endswith("/perhekeskus/mika-palvelu-sopii/")
    # and the choice follows to the next page
    page.get_by_role("link", name="Mötesplatser och öppen verksamhet").first.click()
    page.wait_for_url(re.compile(r"/perhekeskus/kohtaamispaikat/"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    screenshot(page, "meeting-places-sv")
    # when the visitor switches to English
    page.get_by_role("button", name="In English").click()
    # then the page is in English
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting places and open activities")
    screenshot(page, "meeting-places-en")


PUBLIC_PAGES = [
    ("portal-home", "/perhekeskus/"),
    (
        "search-results",
        "/perhekeskus/haku/?q=eron+j%C3%A4lkeen+riidell%C3%A4%C3%A4n+lasten+tapaamisista&age=8",
    ),
    ("search-polite-message", "/perhekeskus/haku/?q="),
    ("service", "/perhekeskus/palvelu/perheneuvola/"),
    ("meeting-places", "/perhekeskus/kohtaamispaikat/"),
    ("guide", "/perhekeskus/mika-palvelu-sopii/"),
    ("guide-results", "/perhekeskus/mika-palvelu-sopii/?age=8&topic=divorce&urgency=no_hurry"),
    ("contact-form", "/perhekeskus/ota-yhteytta/"),
    ("notification-form", "/ilmoita/"),
    ("login", "/kirjaudu/"),
]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize(("name", "path"), PUBLIC_PAGES, ids=[name for name, _ in PUBLIC_PAGES])
def test_axe_finds_no_wcag_violations_on_public_pages(
    page: Any, demo_catalogue: Any, name: str, path: str, lang: str
) -> None:
    # given a public page in one of the three languages
    separator = "&" if "?" in path else "?"
    page.goto(f"{path}{separator}lang={lang}")
    # when axe-core checks it against WCAG 2.1 A and AA
    violations = axe_violations(page)
    screenshot(page, f"{name}-{lang}")
    # then there are no violations
    assert violations == [], violations


def test_axe_finds_no_violations_on_the_contact_form_with_errors_and_the_receipt(
    page: Any, demo_catalogue: Any
) -> None:
    # given the contact form sent empty
    page.goto("/perhekeskus/ota-yhteytta/")
    page.get_by_role("button", name="Lähetä").click()
    # then the page with its error messages has no violations
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "contact-form-errors-fi")
    # when the form is filled in and sent
    page.get_by_label("Olen huolissani itsestäni").check()
    page.get_by_label("Mikä huolettaa? Kerro omin sanoin.").fill(
        "En jaksa enää, kotona riidellään koko ajan."
    )
    page.get_by_label("Sähköposti").fill("nuori@esimerkki.fi")
    page.get_by_label("Perheneuvo saa ottaa minuun yhteyttä antamillani yhteystiedoilla.").check()
    page.get_by_role("button", name="Lähetä").click()
    # then the receipt has no violations either
    expect(page.get_by_test_id("contact-receipt")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "contact-receipt-fi")
