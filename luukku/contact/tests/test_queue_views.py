"""The family-counsellor network's queue in the browser's words: who sees it, waiting times, take, answer, route."""

from __future__ import annotations

import datetime as dt

import pytest

from luukku.audit.models import AuditAction, AuditEntry
from luukku.catalogue.models import Service
from luukku.contact.models import Contact, ContactStatus, Route
from luukku.contact.tests.conftest import NOW
from luukku.core import time
from luukku.core.factories import ProfessionalFactory
from luukku.core.testing import login
from luukku.intake.models import Intake
from luukku.organisations.models import Role

pytestmark = pytest.mark.django_db


def _reads(contact: Contact) -> int:
    return AuditEntry.objects.filter(
        object_type="contact.contact", object_id=str(contact.pk), action=AuditAction.READ
    ).count()


@pytest.mark.parametrize(
    "role", [Role.SOCIAL_WORKER, Role.PROFESSIONAL, Role.MANAGER, Role.ADMINISTRATOR, Role.POLICE]
)
def test_other_roles_get_404_for_the_queue_the_contact_and_its_writes(client, clock, make_contact, role):  # type: ignore[no-untyped-def]
    # given a waiting contact and a signed-in professional of another role
    contact = make_contact()
    login(client, ProfessionalFactory(role=role))
    before = AuditEntry.objects.count()
    # when they open the queue, the contact, or try to take it
    responses = [
        client.get("/yhteydenotot/"),
        client.get(f"/yhteydenotot/{contact.public_id}/"),
        client.post(f"/yhteydenotot/{contact.public_id}/ota/"),
    ]
    # then every answer is 404, nothing changed and nothing was read into the log
    assert [response.status_code for response in responses] == [404, 404, 404]
    assert Contact.objects.get(pk=contact.pk).assigned_to is None
    assert AuditEntry.objects.count() == before


def test_an_anonymous_visitor_is_sent_to_log_in(client, clock, make_contact):  # type: ignore[no-untyped-def]
    response = client.get("/yhteydenotot/")
    assert response.status_code == 302 and response["Location"].startswith("/kirjaudu/")


def test_the_queue_lists_the_oldest_first_with_waiting_time_and_overdue_marked(
    client, make_contact, counsellor
):  # type: ignore[no-untyped-def]
    # given a contact from Monday morning and one from Tuesday morning
    with time.frozen(NOW - dt.timedelta(days=1, hours=2)):
        old = make_contact(worry="Vanha huoli")
    with time.frozen(NOW - dt.timedelta(hours=3, minutes=20)):
        new = make_contact(worry="Uusi huoli")
    login(client, counsellor)
    # when the worker opens the queue on Tuesday at 10.00
    with time.frozen(NOW):
        response = client.get("/yhteydenotot/")
    html = response.content.decode()
    # then the oldest is first, the waiting times run, and the overdue promise is marked
    assert html.index(old.reference) < html.index(new.reference)
    assert "odottanut 3 h 20 min" in html and "odottanut 26 h 0 min" in html
    assert html.count('class="overdue"') == 1 and "myöhässä" in html
    # and each contact shown is logged as read by the worker
    assert _reads(old) == 1 and _reads(new) == 1


def test_take_answer_and_route_to_a_service_through_the_pages(client, make_contact, counsellor, county):  # type: ignore[no-untyped-def]
    # given a contact received at 10.00 and a service in the catalogue
    with time.frozen(NOW):
        contact = make_contact()
    Service.objects.create(code="perheneuvola", organisation=county, name_fi="Perheneuvola", level="basic")
    login(client, counsellor)
    with time.frozen(NOW + dt.timedelta(hours=2, minutes=5)):
        # when the worker opens it, takes it and answers at 12.05
        page = client.get(f"/yhteydenotot/{contact.public_id}/")
        took = client.post(f"/yhteydenotot/{contact.public_id}/ota/")
        answered = client.post(f"/yhteydenotot/{contact.public_id}/vastaa/", {"note": "Soitin isälle."})
        after = client.get(f"/yhteydenotot/{contact.public_id}/")
    # then the page shows the family's words and the stored waiting time
    assert page.status_code == 200 and "Tyttö ei nuku" in page.content.decode()
    assert took.status_code == 302 and answered.status_code == 302
    assert "2 h 5 min" in after.content.decode()
    contact.refresh_from_db()
    assert (contact.assigned_to, contact.waiting_seconds) == (counsellor, 2 * 3600 + 5 * 60)
    # when the worker routes it to the service
    with time.frozen(NOW + dt.timedelta(hours=3)):
        routed = client.post(
            f"/yhteydenotot/{contact.public_id}/ohjaa/palveluun/", {"service": "perheneuvola", "note": ""}
        )
    # then it leaves the queue, and every read and write is in the log
    contact.refresh_from_db()
    assert routed.status_code == 302 and contact.route == Route.SERVICE
    assert contact.reference not in client.get("/yhteydenotot/").content.decode()
    actions = list(
        AuditEntry.objects.filter(object_type="contact.contact", object_id=str(contact.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "read", "update", "update", "read", "update"]


def test_an_empty_answer_keeps_the_page_with_an_error(client, clock, make_contact, counsellor):  # type: ignore[no-untyped-def]
    contact = make_contact()
    login(client, counsellor)
    response = client.post(f"/yhteydenotot/{contact.public_id}/vastaa/", {"note": ""})
    assert response.status_code == 400
    assert Contact.objects.get(pk=contact.pk).status == ContactStatus.WAITING


def test_booking_an_appointment_through_the_page(client, clock, make_contact, counsellor):  # type: ignore[no-untyped-def]
    contact = make_contact()
    login(client, counsellor)
    # when the worker books Thursday 14.30 with the psychologist
    response = client.post(
        f"/yhteydenotot/{contact.public_id}/ohjaa/aika/",
        {"at": "26.11.2026 14:30", "with_whom": "Psykologi Pekka", "note": ""},
    )
    # then the appointment is stored in Finnish time
    contact.refresh_from_db()
    assert response.status_code == 302 and contact.route == Route.APPOINTMENT
    assert contact.appointment_at == dt.datetime(2026, 11, 26, 14, 30, tzinfo=time.HELSINKI)


def test_passing_on_to_social_care_needs_consent_on_the_page(
    client, clock, make_contact, counsellor, intake_unit
):  # type: ignore[no-untyped-def]
    contact = make_contact()
    login(client, counsellor)
    url = f"/yhteydenotot/{contact.public_id}/ohjaa/sosiaalihuoltoon/"
    data = {"first_names": "Tiina", "last_name": "Testilä", "birth_date": "2014-05-01", "note": ""}
    # when the consent box is left empty
    refused = client.post(url, data)
    # then the page says why and nothing went to the intake tray
    assert refused.status_code == 400 and "suostumuksella" in refused.content.decode()
    assert not Intake.objects.exists()
    # when the family's consent is recorded
    passed = client.post(url, {**data, "consent": "on"})
    # then an intake is registered and the contact routed
    assert passed.status_code == 302
    assert Contact.objects.get(pk=contact.pk).intake == Intake.objects.get()


def test_the_admin_shows_the_figures_but_not_the_familys_words(client, clock, make_contact):  # type: ignore[no-untyped-def]
    # given a contact and the administrator
    contact = make_contact(email="aiti@esimerkki.fi")
    admin = ProfessionalFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    login(client, admin)
    # when the administrator opens the contacts in the admin
    listing = client.get("/admin/contact/contact/").content.decode()
    page = client.get(f"/admin/contact/contact/{contact.pk}/change/").content.decode()
    # then the reference is shown, but never the worry or the contact details
    assert contact.reference in listing and contact.reference in page
    for html in (listing, page):
        assert "Tyttö ei nuku" not in html and "aiti@esimerkki.fi" not in html and "040 123 4567" not in html
