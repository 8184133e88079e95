"""The public notification form: no login, no JavaScript, three languages, a rate limit per address."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from luukku.audit.models import AuditAction
from luukku.intake.models import Intake, IntakeKind, NotifierSector
from luukku.intake.tests.support import audit_rows, public_form

pytestmark = pytest.mark.django_db


def test_private_person_notifies_without_login_and_gets_a_receipt_number(clock, intake_unit):
    # given a neighbour on the public page, not logged in
    client = Client()
    page = client.get(reverse("intake_public:form"))
    assert page.status_code == 200
    # then the page works without JavaScript: a plain form and no script at all
    assert "<script" not in page.content.decode()
    assert '<form method="post"' in page.content.decode()

    # when she sends the form
    response = client.post(reverse("intake_public:form"), public_form())

    # then she sees her receipt number and what happens next
    assert response.status_code == 302
    thanks = client.get(response["Location"]).content.decode()
    intake = Intake.objects.get()
    assert intake.receipt_number in thanks
    assert "Mitä seuraavaksi tapahtuu" in thanks
    assert intake.receipt_number.startswith("LS-2026-")
    # and the intake went to the county's intake unit as a private person's notification, found or created child
    assert intake.unit == intake_unit
    assert intake.kind == IntakeKind.CHILD_PROTECTION_NOTIFICATION
    assert intake.notifier_sector == NotifierSector.PRIVATE_PERSON and not intake.notifier_is_professional
    assert intake.child.full_name == "Aino Naapuri"
    row = audit_rows(action=AuditAction.CREATE)[0]
    assert row.actor_id is None and row.channel == "public" and row.person_id == intake.child_id


def test_same_child_by_name_and_birth_date_is_found_again(clock, intake_unit):
    # given an earlier public notification about Aino Naapuri born 1.6.2018
    Client().post(reverse("intake_public:form"), public_form())
    # when another neighbour notifies about the same child by name and birth date
    Client(REMOTE_ADDR="10.0.0.2").post(
        reverse("intake_public:form"), public_form(notifier_name="Toinen Naapuri")
    )
    # then both intakes are about one child
    assert Intake.objects.count() == 2
    assert Intake.objects.values("child").distinct().count() == 1


def test_missing_contact_details_are_asked_for_and_typed_text_kept(clock, intake_unit):
    # when the notifier leaves her name and contact details empty without choosing anonymity
    response = Client().post(reverse("intake_public:form"), public_form(notifier_name="", notifier_phone=""))
    # then the form asks for them, keeps the concern she wrote, and nothing was saved
    assert response.status_code == 400
    body = response.content.decode()
    assert "Anna nimesi tai valitse nimetön ilmoitus." in body
    assert "lapsi itkee pitkään" in body
    assert Intake.objects.count() == 0


def test_form_in_swedish_and_english(clock, intake_unit):
    client = Client()
    # when the notifier switches to Swedish
    swedish = client.get(reverse("intake_public:form") + "?lang=sv").content.decode()
    # then the page is in Swedish, and the choice sticks for the next page
    assert "Anmäl oro för ett barn" in swedish
    assert "Anmäl oro för ett barn" in client.get(reverse("intake_public:form")).content.decode()
    # and in English
    english = client.get(reverse("intake_public:form") + "?lang=en").content.decode()
    assert "Report a concern about a child" in english
    # and the receipt page follows the language
    response = client.post(reverse("intake_public:form"), public_form())
    assert "What happens next" in client.get(response["Location"]).content.decode()


def test_more_than_five_submissions_a_minute_from_one_address_are_refused(clock, intake_unit):
    client = Client(REMOTE_ADDR="192.0.2.7")
    # given five notifications sent from one address within the minute
    for _ in range(5):
        assert client.post(reverse("intake_public:form"), public_form()).status_code == 302
    # when a sixth one comes
    response = client.post(reverse("intake_public:form"), public_form())
    # then it is refused with 429 and a Finnish message, and nothing was saved
    assert response.status_code == 429
    assert "liian monta ilmoitusta" in response.content.decode()
    assert Intake.objects.count() == 5
    # while another address is still served
    assert (
        Client(REMOTE_ADDR="192.0.2.8").post(reverse("intake_public:form"), public_form()).status_code == 302
    )


def test_anonymous_family_request_is_refused(clock, intake_unit):
    response = Client().post(
        reverse("intake_public:form"), public_form(kind="family_request", anonymous="on")
    )
    assert response.status_code == 400
    assert "tarvitsee yhteystiedot" in response.content.decode()
    assert Intake.objects.count() == 0


def test_child_of_a_routed_municipality_goes_to_that_municipalitys_unit(clock, intake_unit):
    # given a municipality whose intakes go to its own unit
    from luukku.core.factories import MunicipalityFactory, UnitFactory
    from luukku.intake.models import IntakeRouting

    lake_town = MunicipalityFactory(code="jarvikyla", name_fi="Järvikylä")
    lake_unit = UnitFactory(organisation=intake_unit.organisation, name_fi="Järvikylän vastaanotto")
    IntakeRouting.objects.create(municipality=lake_town, unit=lake_unit)
    # when the neighbour chooses that municipality on the form (it is offered there)
    client = Client()
    assert "Järvikylä" in client.get(reverse("intake_public:form")).content.decode()
    response = client.post(reverse("intake_public:form"), public_form(municipality=lake_town.pk))
    # then the intake goes to that unit, and the child's home municipality is recorded
    assert response.status_code == 302
    intake = Intake.objects.get()
    assert intake.unit == lake_unit
    assert intake.child.home_municipality == lake_town
