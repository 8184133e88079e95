"""The police-notification reminder (LSL 25 § 3 mom), the tray's order and the working-days wording."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from luukku.core import deadlines, time
from luukku.core.testing import login
from luukku.intake import selectors, services
from luukku.intake.models import Intake
from luukku.intake.services import ChildData, Notifier
from luukku.intake.templatetags.intake_tags import working_days_label
from luukku.intake.tests.support import audit_rows, professional_form

pytestmark = pytest.mark.django_db


def test_violence_flag_without_police_answer_reminds_the_professional(clock, curator, intake_unit):
    client = login(Client(), curator)
    # when a professional flags violence but does not say whether the police were told
    response = client.post(reverse("intake:notify"), professional_form(flag_violence="on"))
    # then the form reminds her of the duty and asks, keeping what she typed
    assert response.status_code == 400
    body = response.content.decode()
    assert "LSL 25 § 3 mom" in body and "Kerro, onko poliisille ilmoitettu." in body
    assert Intake.objects.count() == 0


def test_police_not_notified_is_recorded_and_the_receipt_repeats_the_reminder(clock, curator, intake_unit):
    client = login(Client(), curator)
    # when she answers that the police have not been notified
    response = client.post(
        reverse("intake:notify"), professional_form(flag_sexual_offence="on", police_notified="no")
    )
    # then the answer is recorded and the receipt reminds her of the police notification
    assert response.status_code == 302
    intake = Intake.objects.get()
    assert intake.police_notified == "no" and intake.flag_sexual_offence
    receipt = client.get(response["Location"]).content.decode()
    assert 'data-testid="police-reminder"' in receipt and "LSL 25 § 3 mom" in receipt
    assert audit_rows(object_id=str(intake.pk))[0].action == "create"


def test_police_notified_with_date(clock, curator, intake_unit):
    client = login(Client(), curator)
    response = client.post(
        reverse("intake:notify"),
        professional_form(flag_violence="on", police_notified="yes", police_notified_on="2026-11-24"),
    )
    assert response.status_code == 302
    intake = Intake.objects.get()
    assert intake.police_notified == "yes" and intake.police_notified_on == dt.date(2026, 11, 24)
    assert "police-reminder" not in client.get(response["Location"]).content.decode()


def _received(day: dt.date, name: str) -> Intake:
    moment = dt.datetime.combine(day, dt.time(9, 0), tzinfo=time.HELSINKI)
    return services.intake_register(
        actor=None,
        kind="social_care_contact",
        children=[ChildData(first_names=name, last_name="Testinen", birth_date=dt.date(2014, 1, 1))],
        notifier=Notifier(sector="health_care", name="Terhi Terveydenhoitaja"),
        concern="Huoli jaksamisesta.",
        received_at=moment,
    )[0]


def test_tray_lists_overdue_first_then_by_start_deadline(clock, intake_unit, worker):
    # given three intakes received on different days, one of them already overdue
    recent = _received(dt.date(2026, 11, 23), "Uusin")
    overdue = _received(dt.date(2026, 11, 10), "Myöhässä")
    middle = _received(dt.date(2026, 11, 18), "Keskimmäinen")
    # when the worker opens the team tray
    rows = selectors.intake_tray(actor=worker, unit=intake_unit)
    body = login(Client(), worker).get(reverse("intake:team")).content.decode()
    # then the overdue one is first, then by deadline, with the days from the deadlines module
    assert [row.intake for row in rows] == [overdue, middle, recent]
    assert (
        rows[0].days_left
        == deadlines.working_days_left(overdue.pta_start_by, today=dt.date(2026, 11, 24))
        < 0
    )
    assert (
        body.index(overdue.receipt_number)
        < body.index(middle.receipt_number)
        < body.index(recent.receipt_number)
    )
    assert "myöhässä 3 arkipäivää" in body  # received 10.11., due 19.11.; late by 20.11., 23.11. and 24.11.
    assert f"{middle.pta_start_by:%-d.%-m.%Y}" in body


def test_worker_tray_shows_only_their_own(clock, intake_unit, worker, second_worker):
    mine = services.intake_assign(actor=worker, intake=_received(dt.date(2026, 11, 23), "Oma"), worker=worker)
    theirs = services.intake_assign(
        actor=worker, intake=_received(dt.date(2026, 11, 23), "Toisen"), worker=second_worker
    )
    body = login(Client(), worker).get(reverse("intake:mine")).content.decode()
    assert mine.receipt_number in body and theirs.receipt_number not in body


@pytest.mark.parametrize(
    ("days", "label"),
    [
        (3, "3 arkipäivää"),
        (1, "1 arkipäivä"),
        (0, "määräpäivä tänään"),
        (-1, "myöhässä 1 arkipäivä"),
        (-2, "myöhässä 2 arkipäivää"),
        (None, "ei määräaikaa ennen syntymää"),
    ],
)
def test_working_days_label(days, label):
    assert working_days_label(days) == label


def test_receipt_numbers_run_per_year(clock, intake_unit):
    first = _received(dt.date(2026, 11, 23), "Eka")
    second = _received(dt.date(2026, 11, 23), "Toka")
    assert first.receipt_number == "LS-2026-000001"
    assert second.receipt_number == "LS-2026-000002"


def test_professional_form_shows_the_police_duty_before_sending(clock, curator, intake_unit):
    page = login(Client(), curator).get(reverse("intake:notify"))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="police-reminder"' in body and "LSL 25 § 3 mom" in body
    assert 'value="Kaisa Kuraattori"' in body  # the notifier's name comes from the login
