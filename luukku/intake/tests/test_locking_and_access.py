"""Optimistic locking (two workers deciding the same intake) and the access policy on intake screens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from luukku.access.models import AccessBasis, Involvement
from luukku.audit.models import AuditAction, AuditEntry
from luukku.core import time
from luukku.core.testing import login
from luukku.intake import services
from luukku.intake.models import Intake, Outcome
from luukku.intake.services import ChildData, Notifier
from luukku.intake.tests.support import audit_rows

pytestmark = pytest.mark.django_db


def _intake() -> Intake:
    return services.intake_register(
        actor=None,
        kind="child_protection_notification",
        children=[ChildData(first_names="Eetu", last_name="Esimerkki", birth_date=dt.date(2015, 3, 4))],
        notifier=Notifier(sector="police", name="Vanhempi konstaapeli Virta", organisation="Poliisi"),
        concern="Kotihälytys, lapsi paikalla.",
        received_at=time.now(),
        flag_violence=True,
        police_notified="yes",
        police_notified_on=dt.date(2026, 11, 24),
    )[0]


def test_stale_decision_in_the_ui_shows_the_fresh_state_and_never_overwrites(
    clock, intake_unit, worker, second_worker
):
    # given an intake ready for decision that two workers have open on their screens
    intake = _intake()
    intake = services.intake_assess_urgency(actor=worker, intake=intake, urgent=False)
    seen_version = intake.version
    first, second = login(Client(), worker), login(Client(), second_worker)
    assert first.get(reverse("intake:detail", args=[intake.receipt_number])).status_code == 200
    assert second.get(reverse("intake:detail", args=[intake.receipt_number])).status_code == 200

    # when the first starts the assessment
    url = reverse("intake:action", args=[intake.receipt_number, "ratkaisu"])
    assert first.post(url, {"outcome": "pta_started", "version": seen_version}).status_code == 302
    rows_after_first = audit_rows(action=AuditAction.UPDATE)

    # and the second, on the page she loaded before, closes it as unnecessary
    response = second.post(
        url,
        {
            "outcome": "closed_unnecessary",
            "reason": "Ei huolta.",
            "guidance": "Neuvottu.",
            "version": seen_version,
        },
    )

    # then she is told the intake changed and sees the fresh state; the first decision stands
    assert response.status_code == 409
    body = response.content.decode()
    assert "Vireilletuloa on muutettu sillä välin" in body
    assert "Palvelutarpeen arviointi aloitettu" in body
    intake.refresh_from_db()
    assert intake.outcome == Outcome.PTA_STARTED and intake.decided_by == worker
    assert intake.decision_reason == ""
    assert audit_rows(action=AuditAction.UPDATE) == rows_after_first


def test_stale_version_in_the_service_raises_intake_changed_with_the_fresh_intake(
    clock, intake_unit, worker, second_worker
):
    # given an assessed intake, and a worker holding its version
    intake = services.intake_assess_urgency(actor=worker, intake=_intake(), urgent=False)
    stale = intake.version
    # when a colleague assigns it in between
    services.intake_assign(actor=second_worker, intake=intake, worker=second_worker, expected_version=stale)
    # then a decision against the old version is refused with the fresh state and nothing is written
    with pytest.raises(services.IntakeChanged) as changed:
        services.intake_decide(
            actor=worker, intake=intake, expected_version=stale, outcome=Outcome.PTA_STARTED
        )
    assert changed.value.intake.assigned_to == second_worker
    assert changed.value.intake.version == stale + 1
    intake.refresh_from_db()
    assert intake.outcome == ""


def test_versioned_update_refuses_when_the_row_moved_under_it(clock, intake_unit, worker):
    # given an intake whose version moves on after the service read it (a concurrent writer)
    intake = services.intake_assess_urgency(actor=worker, intake=_intake(), urgent=False)
    Intake.objects.filter(pk=intake.pk).update(version=intake.version + 1)
    # when the conditional UPDATE runs with the version read before
    with pytest.raises(services.IntakeChanged):
        services._apply_versioned(intake, intake.version, decision_reason="x")
    # then nothing was applied
    intake.refresh_from_db()
    assert intake.decision_reason == ""


def test_assignment_moves_the_access_basis_from_worker_to_worker(clock, intake_unit, worker, second_worker):
    # given an intake assigned to one worker
    intake = services.intake_assign(actor=worker, intake=_intake(), worker=worker)
    assert Involvement.objects.filter(
        professional=worker, basis=AccessBasis.ASSIGNMENT, ended_at__isnull=True
    ).exists()
    # when it is reassigned
    intake = services.intake_assign(actor=worker, intake=intake, worker=second_worker)
    # then the previous worker's assignment basis has ended and the new one's is active
    assert not Involvement.objects.filter(
        professional=worker, basis=AccessBasis.ASSIGNMENT, ended_at__isnull=True
    ).exists()
    assert Involvement.objects.filter(
        professional=second_worker, basis=AccessBasis.ASSIGNMENT, ended_at__isnull=True
    ).exists()
    assert "vaihdettu" in intake.events.order_by("-pk").first().text
    assert audit_rows(object_id=str(intake.pk), action=AuditAction.UPDATE)[-1].actor_id == worker.pk


def test_registration_grants_the_receiving_unit_the_owning_unit_basis(clock, intake_unit):
    intake = _intake()
    involvement = Involvement.objects.get(person=intake.child, basis=AccessBasis.OWNING_UNIT)
    assert involvement.unit == intake_unit
    assert involvement.source == f"intake.Intake:{intake.pk}"


def test_outsider_sees_nothing_and_cannot_decide(clock, intake_unit, worker, outsider):
    # given an intake of the intake unit and a social worker of another unit
    intake = services.intake_assess_urgency(actor=worker, intake=_intake(), urgent=False)
    client = login(Client(), outsider)
    # when the outsider opens the tray, the page and posts a decision
    tray = client.get(reverse("intake:team")).content.decode()
    page = client.get(reverse("intake:detail", args=[intake.receipt_number]))
    post = client.post(
        reverse("intake:action", args=[intake.receipt_number, "ratkaisu"]),
        {"outcome": "pta_started", "version": intake.version},
    )
    # then the intake does not exist for them and nothing changed
    assert intake.receipt_number not in tray
    assert page.status_code == 404 and post.status_code == 404
    intake.refresh_from_db()
    assert intake.outcome == ""
    assert not audit_rows(actor_id=outsider.pk)


def test_service_refuses_an_actor_without_a_basis(clock, intake_unit, worker, outsider):
    intake = services.intake_assess_urgency(actor=worker, intake=_intake(), urgent=False)
    with pytest.raises(services.IntakeAccessDenied):
        services.intake_decide(
            actor=outsider, intake=intake, expected_version=intake.version, outcome=Outcome.PTA_STARTED
        )
    intake.refresh_from_db()
    assert intake.outcome == ""


def test_police_notification_is_shown_on_the_intake(clock, intake_unit, worker):
    # given a police notification about violence, the police already informed
    intake = _intake()
    # when the worker opens it
    page = (
        login(Client(), worker).get(reverse("intake:detail", args=[intake.receipt_number])).content.decode()
    )
    # then the flag and the police notification are on the page
    assert 'data-testid="flags">väkivalta lasta kohtaan' in page
    assert 'data-testid="police">Kyllä 24.11.2026' in page


def test_viewer_without_a_handling_basis_is_refused_before_the_form_is_read(
    clock, intake_unit, worker, outsider
):
    # given an outsider who may view the child through an emergency access, but not handle the intake
    from luukku.access.services import emergency_access_open

    intake = _intake()
    emergency_access_open(actor=outsider, person=intake.child, reason="Päivystys: lapsi tuotu sairaalaan.")
    client = login(Client(), outsider)
    assert client.get(reverse("intake:detail", args=[intake.receipt_number])).status_code == 200
    # when they post a handling step, even a malformed one
    response = client.post(
        reverse("intake:action", args=[intake.receipt_number, "kiireellisyys"]), {"urgent": "maybe"}
    )
    # then the answer is 404, the refusal is logged, and nothing changed
    assert response.status_code == 404
    refused = AuditEntry.objects.filter(actor_id=outsider.pk, action=AuditAction.REFUSED)
    assert refused.count() == 1 and refused.get().person_id == intake.child_id
    intake.refresh_from_db()
    assert intake.urgency_assessed_at is None and intake.version == 1
