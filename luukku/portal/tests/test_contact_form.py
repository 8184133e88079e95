"""The one contact channel's public form: validation, kept input, flood limit and the receipt."""

from __future__ import annotations

import datetime as dt

import pytest

from luukku.audit.models import AuditAction, AuditEntry
from luukku.contact.models import Contact
from luukku.core import time

pytestmark = pytest.mark.django_db

# Friday afternoon: the promised 24 working-day hours end on Monday at the same time.
FRIDAY = dt.datetime(2026, 11, 27, 15, 0, tzinfo=time.HELSINKI)
URL = "/perhekeskus/ota-yhteytta/"
VALID = {
    "who": "my_child",
    "child_age": "12",
    "worry": "Tyttö ei nuku ja itkee iltaisin koulun takia.",
    "phone": "040 123 4567",
    "email": "",
    "language": "fi",
    "municipality": "",
    "consent_to_contact": "on",
}


def test_a_contact_lands_in_the_queue_and_the_receipt_promises_an_answer_time(
    client, municipality_kaislaharju
):  # type: ignore[no-untyped-def]
    # when a parent sends the form on Friday afternoon
    with time.frozen(FRIDAY):
        response = client.post(URL, {**VALID, "municipality": "kaislaharju"})
        receipt = client.get(response["Location"])
    # then the contact waits in the queue, logged as made by the public
    contact = Contact.objects.get()
    assert response.status_code == 302 and response["Location"] == "/perhekeskus/ota-yhteytta/kiitos/"
    assert contact.municipality == municipality_kaislaharju and contact.phone == "040 123 4567"
    assert AuditEntry.objects.get(object_type="contact.contact").action == AuditAction.CREATE
    # and the receipt names the reference and Monday 15.00
    html = receipt.content.decode()
    assert contact.reference in html
    assert "Vastaamme arkipäivisin 24 tunnin kuluessa." in html
    assert "Vastaamme sinulle viimeistään 30.11.2026 15.00." in html


def test_the_receipt_without_a_contact_is_404(client, db):  # type: ignore[no-untyped-def]
    assert client.get("/perhekeskus/ota-yhteytta/kiitos/").status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "", "email": ""}, "Anna puhelinnumero tai sähköpostiosoite"),
        ({"consent_to_contact": ""}, "Tarvitsemme luvan ottaa sinuun yhteyttä"),
        ({"email": "ei-osoite"}, "Tarkista sähköpostiosoite"),
        ({"phone": "soita"}, "Tarkista puhelinnumero"),
        ({"who": ""}, "Valitse, kenestä olet huolissasi."),
        ({"child_age": "31"}, "29"),
    ],
    ids=["no-way-to-reach", "no-consent", "bad-email", "bad-phone", "no-who", "age"],
)
def test_a_field_to_correct_keeps_what_the_family_typed(client, db, changes, message):  # type: ignore[no-untyped-def]
    # when the form is sent with one field to correct
    response = client.post(URL, {**VALID, **changes})
    html = response.content.decode()
    # then nothing is saved, the problem is named, and the worry is still there
    assert response.status_code == 400
    assert Contact.objects.count() == 0
    assert message in html
    assert "Tyttö ei nuku ja itkee iltaisin koulun takia." in html
    assert "Kirjoittamasi teksti on tallessa." in html


def test_a_flood_from_one_address_gets_429_with_a_finnish_message(client, db):  # type: ignore[no-untyped-def]
    # given five contacts in a minute from one address
    for _ in range(5):
        assert client.post(URL, VALID, REMOTE_ADDR="192.0.2.7").status_code == 302
    # when the sixth arrives
    response = client.post(URL, VALID, REMOTE_ADDR="192.0.2.7")
    # then it is refused politely and not saved, and the typed text is kept
    assert response.status_code == 429
    assert "Odota minuutti ja lähetä sitten uudelleen." in response.content.decode()
    assert "Tyttö ei nuku" in response.content.decode()
    assert Contact.objects.count() == 5
    # and another address is not affected
    assert client.post(URL, VALID, REMOTE_ADDR="192.0.2.8").status_code == 302


def test_the_form_in_swedish_and_english(client, db):  # type: ignore[no-untyped-def]
    sv = client.get(URL + "?lang=sv").content.decode()
    en = client.get(URL + "?lang=en").content.decode()
    assert "Jag är orolig för mitt barn" in sv and "Vi svarar på vardagar inom 24 timmar." in sv
    assert "I am worried about my child" in en and "We answer on working days within 24 hours." in en
    # and the preferred answer language defaults to the page's language
    assert '<option value="en" selected>' in en
