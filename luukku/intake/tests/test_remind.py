"""``luukku remind``: workers get their intakes due within two working days, managers the overdue ones."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from luukku.core import time
from luukku.core.factories import ProfessionalFactory
from luukku.intake import services
from luukku.intake.models import Intake, Outcome
from luukku.intake.services import ChildData, Notifier
from luukku.organisations.models import Role

pytestmark = pytest.mark.django_db


def _received(day: dt.date, *, assign_to=None, identity_code: str = "") -> Intake:
    moment = dt.datetime.combine(day, dt.time(9, 0), tzinfo=time.HELSINKI)
    intake = services.intake_register(
        actor=None,
        kind="child_protection_notification",
        children=[
            ChildData(
                first_names="Salla",
                last_name="Salainen",
                identity_code=identity_code,
                birth_date=None if identity_code else dt.date(2013, 2, 2),
            )
        ],
        notifier=Notifier(sector="education", name="Kaisa Kuraattori"),
        concern="Huoli.",
        received_at=moment,
    )[0]
    if assign_to is not None:
        intake = services.intake_assign(actor=assign_to, intake=intake, worker=assign_to)
    return intake


@pytest.fixture
def situation(clock, intake_unit, worker, second_worker, manager):
    """On Tuesday 24.11.2026: one intake due Thursday (2 working days), one due next week, one overdue."""
    due_soon = _received(dt.date(2026, 11, 17), assign_to=worker, identity_code="020513A902S")  # due 26.11.
    later = _received(dt.date(2026, 11, 23), assign_to=worker)  # due 2.12.
    overdue = _received(dt.date(2026, 11, 10), assign_to=second_worker)  # due 19.11.
    decided = _received(dt.date(2026, 11, 10), assign_to=second_worker)
    decided = services.intake_assess_urgency(actor=second_worker, intake=decided, urgent=False)
    services.intake_decide(
        actor=second_worker, intake=decided, expected_version=decided.version, outcome=Outcome.PTA_STARTED
    )
    return {"due_soon": due_soon, "later": later, "overdue": overdue, "decided": decided}


def test_remind_mails_each_worker_their_due_intakes_and_the_manager_the_overdue(
    situation, worker, second_worker, manager
):
    # when the daily reminder runs
    call_command("remind", stdout=StringIO())

    # then the worker gets one mail naming the intake due within two working days, not the later one
    by_recipient = {message.to[0]: message for message in mail.outbox}
    to_worker = by_recipient[worker.email]
    assert situation["due_soon"].receipt_number in to_worker.body
    assert "26.11.2026" in to_worker.body and "2 arkipäivää" in to_worker.body
    assert situation["later"].receipt_number not in to_worker.body
    assert f"/vireilletulot/{situation['due_soon'].receipt_number}/" in to_worker.body
    # and the manager gets the overdue one, but not the decided one
    to_manager = by_recipient[manager.email]
    assert situation["overdue"].receipt_number in to_manager.body
    assert "myöhässä 3 arkipäivää" in to_manager.body
    assert situation["decided"].receipt_number not in to_manager.body
    # and the second worker, whose only open intake is already overdue, gets nothing
    assert second_worker.email not in by_recipient
    assert len(mail.outbox) == 2


def test_remind_mails_carry_no_names_or_identity_codes(situation):
    call_command("remind", stdout=StringIO())
    for message in mail.outbox:
        assert "Salla" not in message.body and "Salainen" not in message.body
        assert "020513A902S" not in message.body and "020513" not in message.body
        assert "Salla" not in message.subject


def test_remind_dry_run_prints_and_sends_nothing(situation, worker):
    out = StringIO()
    call_command("remind", "--dry-run", stdout=out)
    assert mail.outbox == []
    assert situation["due_soon"].receipt_number in out.getvalue()
    assert f"To: {worker.email}" in out.getvalue()


def test_unassigned_due_intake_goes_to_the_manager_of_the_parent_unit(clock, intake_unit, worker):
    # given a manager only in the parent unit and an unassigned intake due tomorrow... in two working days
    parent = intake_unit.organisation.units.create(code="johto", name_fi="Johto", sector=intake_unit.sector)
    intake_unit.parent = parent
    intake_unit.save()
    boss = ProfessionalFactory(unit=parent, role=Role.MANAGER)
    intake = _received(dt.date(2026, 11, 17))
    # when the reminder runs
    call_command("remind", stdout=StringIO())
    # then the parent unit's manager hears of it
    assert [message.to for message in mail.outbox] == [[boss.email]]
    assert intake.receipt_number in mail.outbox[0].body and "ei vastuutyöntekijää" in mail.outbox[0].body
