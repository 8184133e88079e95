"""The one contact channel's writes: the family's contact, the promised answer time, take, answer and routing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from luukku.audit.models import AuditAction, AuditEntry
from luukku.catalogue.models import Service
from luukku.contact import services
from luukku.contact.models import Contact, ContactStatus, Route
from luukku.contact.selectors import contact_waiting_times
from luukku.contact.tests.conftest import NOW
from luukku.core import time
from luukku.core.factories import ProfessionalFactory
from luukku.intake.models import Intake, IntakeKind
from luukku.organisations.models import Role

pytestmark = pytest.mark.django_db


def _audit_rows(contact: Contact) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(object_type="contact.contact", object_id=str(contact.pk)).order_by("id")
    )


def _service(county) -> Service:  # type: ignore[no-untyped-def]
    return Service.objects.create(
        code="perheneuvola", organisation=county, name_fi="Perheneuvola", level="basic"
    )


@pytest.mark.parametrize(
    ("received", "promised"),
    [
        # Tuesday morning: the next morning.
        (dt.datetime(2026, 11, 24, 10, 0), dt.datetime(2026, 11, 25, 10, 0)),
        # Friday afternoon: the clock stops for the weekend.
        (dt.datetime(2026, 11, 27, 15, 0), dt.datetime(2026, 11, 30, 15, 0)),
        # Saturday: the 24 hours are Monday.
        (dt.datetime(2026, 11, 28, 10, 0), dt.datetime(2026, 12, 1, 0, 0)),
        # Wednesday before Christmas Eve: Thursday 24th to Sunday 27th are not working days.
        (dt.datetime(2026, 12, 23, 12, 0), dt.datetime(2026, 12, 28, 12, 0)),
    ],
)
def test_promised_answer_time_counts_working_days_only(received, promised):  # type: ignore[no-untyped-def]
    # given a contact received at a Finnish local moment
    moment = received.replace(tzinfo=time.HELSINKI)
    # when the promised answer moment is computed with the default 24 hours
    result = services.contact_promised_by(received_at=moment, hours=24)
    # then weekends and public holidays do not count
    assert result == promised.replace(tzinfo=time.HELSINKI)


def test_promised_answer_time_follows_the_setting(settings, clock, make_contact):  # type: ignore[no-untyped-def]
    # given the county promises an answer within 48 working-day hours
    settings.LUUKKU_CONTACT_ANSWER_HOURS = 48
    # when a family sends a contact on Tuesday morning
    contact = make_contact()
    # then the answer is promised by Thursday morning
    assert contact.promised_by == NOW + dt.timedelta(hours=48)


def test_a_family_contact_is_saved_with_a_reference_and_an_audit_row(clock, make_contact):  # type: ignore[no-untyped-def]
    # when a parent sends the form
    contact = make_contact(email="aiti@esimerkki.fi", language="sv")
    # then it waits in the queue with a reference and the promised answer time
    assert contact.status == ContactStatus.WAITING
    assert contact.reference == "YT-2026-00001"
    assert contact.promised_by == NOW + dt.timedelta(hours=24)
    # and the write is logged as made by the public
    rows = _audit_rows(contact)
    assert [(row.action, row.actor_id, row.channel) for row in rows] == [(AuditAction.CREATE, None, "public")]
    # and the next contact gets the next reference
    assert make_contact().reference == "YT-2026-00002"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"phone": "", "email": ""}, "phone"),
        ({"consent_to_contact": False}, "consent_to_contact"),
        ({"worry": "   "}, "worry"),
        ({"worry": "x" * 4001}, "worry"),
        ({"worry": "apua\x00\x01"}, "worry"),
        ({"email": "ei-osoite"}, "email"),
        ({"phone": "soita minulle"}, "phone"),
        ({"who": "naapuri"}, "who"),
        ({"child_age": 31}, "child_age"),
    ],
)
def test_a_contact_with_bad_input_is_refused_and_nothing_saved(clock, make_contact, overrides, field):  # type: ignore[no-untyped-def]
    # when the form's data has a problem
    with pytest.raises(ValidationError) as raised:
        make_contact(**overrides)
    # then the problem is named by field and nothing is saved or logged
    assert field in raised.value.message_dict
    assert Contact.objects.count() == 0
    assert not AuditEntry.objects.filter(object_type="contact.contact").exists()


def test_a_worker_takes_a_contact(clock, make_contact, counsellor):  # type: ignore[no-untyped-def]
    # given a waiting contact
    contact = make_contact()
    # when a family-counsellor worker takes it
    taken = services.contact_take(actor=counsellor, contact=contact)
    # then the worker is its handler and the write is logged
    assert (taken.status, taken.assigned_to, taken.taken_at) == (ContactStatus.TAKEN, counsellor, NOW)
    last = _audit_rows(contact)[-1]
    assert (last.action, last.actor_id, last.basis) == (
        AuditAction.UPDATE,
        counsellor.pk,
        "perheneuvoverkosto",
    )


def test_the_first_answer_stores_the_waiting_time(make_contact, counsellor):  # type: ignore[no-untyped-def]
    # given a contact received on Tuesday at 10.00 and taken
    with time.frozen(NOW):
        contact = make_contact()
        services.contact_take(actor=counsellor, contact=contact)
    # when the worker answers at 13.20
    with time.frozen(NOW + dt.timedelta(hours=3, minutes=20)):
        answered = services.contact_answer(actor=counsellor, contact=contact, note="Soitin äidille.")
    # then the waiting time from contact to first answer is stored
    assert answered.waiting_seconds == 3 * 3600 + 20 * 60
    assert answered.status == ContactStatus.ANSWERED and answered.first_answered_by == counsellor
    assert _audit_rows(contact)[-1].summary == f"Yhteydenottoon {contact.reference} vastattu"
    # and a second first answer is refused
    with pytest.raises(ValidationError):
        services.contact_answer(actor=counsellor, contact=contact, note="Uudelleen.")


def test_routing_to_a_service(clock, make_contact, counsellor, county):  # type: ignore[no-untyped-def]
    # given a contact that has not been answered yet
    contact = make_contact()
    service = _service(county)
    # when the worker guides the family to a service on the first call
    routed = services.contact_route_to_service(
        actor=counsellor, contact=contact, service=service, note="Ohjattu."
    )
    # then it is routed there, and routing counted as the first answer
    assert (routed.route, routed.routed_service, routed.status) == (
        Route.SERVICE,
        service,
        ContactStatus.ROUTED,
    )
    assert routed.waiting_seconds == 0 and routed.first_answered_at == NOW
    assert "ohjattu palveluun Perheneuvola" in _audit_rows(contact)[-1].summary
    # and a routed contact cannot be taken again
    with pytest.raises(ValidationError):
        services.contact_take(actor=counsellor, contact=contact)


def test_routing_as_a_booked_appointment(clock, make_contact, counsellor):  # type: ignore[no-untyped-def]
    # given a contact
    contact = make_contact()
    at = NOW + dt.timedelta(days=2)
    # when an appointment is booked
    routed = services.contact_route_appointment(
        actor=counsellor, contact=contact, at=at, with_whom="Perheneuvolan psykologi"
    )
    # then the appointment is recorded and logged
    assert (routed.route, routed.appointment_at, routed.appointment_with) == (
        Route.APPOINTMENT,
        at,
        "Perheneuvolan psykologi",
    )
    assert _audit_rows(contact)[-1].action == AuditAction.UPDATE


def test_an_appointment_in_the_past_is_refused(clock, make_contact, counsellor):  # type: ignore[no-untyped-def]
    contact = make_contact()
    # when the booked time is yesterday
    with pytest.raises(ValidationError) as raised:
        services.contact_route_appointment(
            actor=counsellor, contact=contact, at=NOW - dt.timedelta(days=1), with_whom="Psykologi"
        )
    # then nothing changed
    assert "at" in raised.value.message_dict
    assert Contact.objects.get(pk=contact.pk).status == ContactStatus.WAITING


def test_routing_to_social_care_registers_an_intake_with_consent(  # type: ignore[no-untyped-def]
    clock, make_contact, counsellor, intake_unit, municipality
):
    # given a contact from Kaislaharju
    contact = make_contact(municipality=municipality)
    # when the worker passes it on with the family's consent
    routed = services.contact_route_to_intake(
        actor=counsellor,
        contact=contact,
        consent=True,
        child_first_names="Tiina",
        child_last_name="Testilä",
        child_birth_date=dt.date(2014, 5, 1),
        note="Perhe toivoo kotikäyntiä.",
    )
    # then an SHL 35 § contact made with the family is in the intake tray
    intake = Intake.objects.get()
    assert routed.intake == intake and routed.route == Route.SOCIAL_CARE_CONTACT and routed.intake_consent
    assert intake.kind == IntakeKind.SOCIAL_CARE_CONTACT and intake.made_with_family
    assert intake.unit == intake_unit and "Perhe toivoo kotikäyntiä." in intake.concern
    assert intake.notifier_professional == counsellor
    # and the passing-on is logged on the contact
    assert intake.receipt_number in _audit_rows(contact)[-1].summary


def test_routing_to_social_care_without_consent_is_refused(clock, make_contact, counsellor, intake_unit):  # type: ignore[no-untyped-def]
    contact = make_contact()
    # when the family has not consented
    with pytest.raises(ValidationError) as raised:
        services.contact_route_to_intake(
            actor=counsellor,
            contact=contact,
            consent=False,
            child_first_names="Tiina",
            child_last_name="Testilä",
        )
    # then no intake is made and the contact still waits
    assert "consent" in raised.value.message_dict
    assert not Intake.objects.exists()
    assert Contact.objects.get(pk=contact.pk).route == ""


@pytest.mark.parametrize(
    "role", [Role.SOCIAL_WORKER, Role.PROFESSIONAL, Role.MANAGER, Role.ADMINISTRATOR, Role.POLICE]
)
def test_only_the_family_counsellor_role_handles_contacts(clock, make_contact, role):  # type: ignore[no-untyped-def]
    # given a waiting contact and a professional of another role
    contact = make_contact()
    other = ProfessionalFactory(role=role)
    before = AuditEntry.objects.count()
    # when they try to take it
    with pytest.raises(PermissionDenied):
        services.contact_take(actor=other, contact=contact)
    # then nothing changed and nothing was logged
    assert Contact.objects.get(pk=contact.pk).assigned_to is None
    assert AuditEntry.objects.count() == before


def test_waiting_times_for_statistics(make_contact, counsellor):  # type: ignore[no-untyped-def]
    # given three contacts on Tuesday: answered after 1 h, after 30 h (late) and not at all
    with time.frozen(NOW):
        quick, slow, waiting = make_contact(), make_contact(), make_contact()
    with time.frozen(NOW + dt.timedelta(hours=1)):
        services.contact_answer(actor=counsellor, contact=quick, note="Vastattu.")
    with time.frozen(NOW + dt.timedelta(hours=30)):
        services.contact_route_to_service(
            actor=counsellor, contact=slow, service=_service(counsellor.organisation)
        )
    # when the week's waiting times are read
    result = contact_waiting_times(start=dt.date(2026, 11, 23), end=dt.date(2026, 11, 29))
    # then they count the answered, the late and the median wait
    assert (result.received, result.answered, result.unanswered, result.answered_in_time) == (3, 2, 1, 1)
    assert result.median_seconds == (3600 + 30 * 3600) // 2
    assert result.max_seconds == 30 * 3600 and result.by_route == {Route.SERVICE: 1}
    # and another week has none
    assert contact_waiting_times(start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 7)).received == 0
    assert waiting.first_answered_at is None
