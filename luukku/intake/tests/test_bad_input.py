"""Bad input is refused with a message naming the field, nothing half-saved; handling steps keep their order."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from luukku.audit.models import AuditEntry
from luukku.core import time
from luukku.core.factories import ChildFactory
from luukku.core.testing import login
from luukku.intake import services
from luukku.intake.models import Intake, IntakeEvent, Outcome
from luukku.intake.services import ChildData, Notifier
from luukku.intake.tests.support import audit_rows, professional_form
from luukku.people.models import Person

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        Person.objects.count(),
        Intake.objects.count(),
        IntakeEvent.objects.count(),
        AuditEntry.objects.count(),
    )


def _register(**overrides):
    arguments = {
        "actor": None,
        "kind": "child_protection_notification",
        "children": [ChildData(first_names="Eetu", last_name="Esimerkki", birth_date=dt.date(2015, 3, 4))],
        "notifier": Notifier(sector="education", name="Kaisa Kuraattori", organisation="Koulu"),
        "concern": "Huoli koulunkäynnistä.",
        "received_at": time.now(),
    }
    arguments.update(overrides)
    return services.intake_register(**arguments)


def test_notification_without_a_child_is_refused(clock, intake_unit):
    # given nothing in the register yet
    before = _counts()
    # when a notification names no child
    with pytest.raises(ValidationError) as error:
        _register(children=[])
    # then the children field is named and nothing was saved
    assert "children" in error.value.message_dict
    assert "puuttuu lapsi" in error.value.message_dict["children"][0]
    assert _counts() == before


def test_impossible_identity_code_is_refused_on_the_form_and_typed_values_kept(clock, curator, intake_unit):
    # given a curator who mistypes the pupil's identity code (31 February)
    client = login(Client(), curator)
    before = _counts()
    # when she sends the form
    response = client.post(reverse("intake:notify"), professional_form(identity_code="310215A9012"))
    # then the identity-code field says what is wrong, her text is kept, and nothing was saved
    assert response.status_code == 400
    body = response.content.decode()
    assert "ei ole kalenterissa" in body
    assert "ei kotona ole ruokaa" in body
    assert 'value="Kaisa Kuraattori"' in body
    assert _counts() == before


def test_impossible_identity_code_of_a_sibling_names_the_siblings_field(clock, intake_unit):
    # given a valid first child and a sibling with a wrong check character
    before = _counts()
    with pytest.raises(ValidationError) as error:
        _register(
            children=[
                ChildData(first_names="Eetu", last_name="Esimerkki"),
                ChildData(first_names="Emma", last_name="Esimerkki", identity_code="010515A900X"),
            ]
        )
    # then the sibling's own field is named and neither child nor intake was saved
    assert "identity_code_2" in error.value.message_dict
    assert _counts() == before


def test_future_receipt_date_is_refused(clock, intake_unit):
    before = _counts()
    # when the receipt time is tomorrow
    with pytest.raises(ValidationError) as error:
        _register(received_at=time.now() + dt.timedelta(days=1))
    # then the field is named and nothing was saved
    assert error.value.message_dict["received_at"] == ["Vastaanottoaika ei voi olla tulevaisuudessa."]
    assert _counts() == before


def test_future_receipt_date_on_the_form_is_refused(clock, curator, intake_unit):
    client = login(Client(), curator)
    before = _counts()
    response = client.post(
        reverse("intake:notify"), professional_form(channel="phone", received_at="2026-11-25T09:00")
    )
    assert response.status_code == 400
    assert "Vastaanottoaika ei voi olla tulevaisuudessa." in response.content.decode()
    assert _counts() == before


def test_professional_notifier_without_a_name_is_refused_on_the_form(clock, curator, intake_unit):
    # given a curator who clears the name field
    client = login(Client(), curator)
    before = _counts()
    # when she sends the form
    response = client.post(reverse("intake:notify"), professional_form(notifier_name=""))
    # then she is told a professional cannot notify anonymously, and nothing was saved
    assert response.status_code == 400
    assert "lastensuojeluilmoitusta ei voi tehdä nimettömänä" in response.content.decode()
    assert _counts() == before


def test_professional_may_not_use_the_anonymous_sector(clock, intake_unit):
    before = _counts()
    with pytest.raises(ValidationError) as error:
        _register(notifier=Notifier(sector="anonymous", is_professional=True, name="Kaisa"))
    assert "notifier_sector" in error.value.message_dict
    assert _counts() == before


def test_private_person_may_stay_anonymous(clock, intake_unit):
    # when an anonymous private person notifies
    intakes = _register(notifier=Notifier(sector="anonymous"))
    # then the intake is saved without a name and its audit row written
    assert intakes[0].notifier_is_professional is False and intakes[0].notifier_name == ""
    assert audit_rows(object_id=str(intakes[0].pk))[0].action == "create"


def test_no_route_for_the_notification_is_refused(clock):
    # given no intake unit configured at all
    before = _counts()
    with pytest.raises(ValidationError) as error:
        _register()
    assert "municipality" in error.value.message_dict
    assert _counts() == before


def test_decision_before_urgency_assessment_is_refused(clock, intake_unit, worker):
    # given a fresh intake
    intake = _register()[0]
    rows = len(audit_rows())
    # when the worker tries to decide before assessing urgency
    with pytest.raises(ValidationError) as error:
        services.intake_decide(
            actor=worker, intake=intake, expected_version=intake.version, outcome=Outcome.PTA_STARTED
        )
    # then the Finnish message says that urgency comes first, and nothing changed
    assert "Kiireellisen lastensuojelun tarve on arvioitava ensin" in error.value.message_dict["outcome"][0]
    intake.refresh_from_db()
    assert intake.outcome == "" and intake.version == 1
    assert len(audit_rows()) == rows


def test_notice_before_urgency_assessment_is_refused_in_the_ui(clock, intake_unit, worker):
    intake = _register()[0]
    client = login(Client(), worker)
    response = client.post(
        reverse("intake:action", args=[intake.receipt_number, "tiedoksianto"]),
        {"child_informed_on": "2026-11-24", "version": intake.version},
    )
    assert response.status_code == 400
    assert "Kiireellisen lastensuojelun tarve on arvioitava ensin" in response.content.decode()
    intake.refresh_from_db()
    assert intake.child_informed_on is None


def test_database_refuses_a_closed_intake_without_a_reason(clock, intake_unit):
    # given an intake
    intake = _register()[0]
    # when something bypasses the service and closes it without reason
    with pytest.raises(IntegrityError), transaction.atomic():
        Intake.objects.filter(pk=intake.pk).update(
            outcome=Outcome.CLOSED_UNNECESSARY, status="closed", decided_at=time.now(), decision_reason=""
        )
    # then the row is unchanged
    intake.refresh_from_db()
    assert intake.outcome == ""


def test_database_refuses_a_professional_notifier_without_a_name(clock, intake_unit):
    intake = _register()[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Intake.objects.filter(pk=intake.pk).update(notifier_name="")
    intake.refresh_from_db()
    assert intake.notifier_name == "Kaisa Kuraattori"


def test_existing_child_is_found_by_identity_code(clock, intake_unit):
    # given a child already in the register
    child = ChildFactory()
    code = child.identity_code
    # when a notification gives the same identity code
    intake = _register(children=[ChildData(identity_code=code)])[0]
    # then the intake is about that child and no new person was made
    assert intake.child == child
    assert Person.objects.count() == 1
    assert audit_rows(object_id=str(intake.pk))[0].person_id == child.pk


def test_invalid_notifier_email_and_overlong_name_are_refused(clock, intake_unit):
    before = _counts()
    with pytest.raises(ValidationError) as error:
        _register(notifier=Notifier(sector="education", name="K" * 301, email="ei-osoite"))
    assert set(error.value.message_dict) >= {"notifier_name", "notifier_email"}
    assert _counts() == before
