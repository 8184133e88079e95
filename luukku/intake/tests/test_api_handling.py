"""An intake's whole path through the API: a system sends it, the team handles it by the statutory deadlines."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from luukku.audit.models import AuditAction, AuditEntry, AuditOutcome
from luukku.core import deadlines
from luukku.core.factories import OrganisationFactory, ProfessionalFactory, UnitFactory
from luukku.core.testing import login
from luukku.intake.auth import api_client_create
from luukku.intake.models import Intake
from luukku.intake.tests.support import child_code
from luukku.organisations.models import Role

pytestmark = pytest.mark.django_db

URL = "/api/v1/intakes"


def body(kind: str, n: int) -> dict[str, Any]:
    child: dict[str, Any] = {
        "identity_code": child_code(n=n),
        "first_names": "Eetu",
        "last_name": f"Esimerkki{n}",
    }
    if kind == "anticipatory_notification":
        child = {"first_names": "", "last_name": f"Odottava{n}", "expected_birth_date": "2027-02-01"}
    return {
        "kind": kind,
        "children": [child],
        "notifier": {"sector": "health_care", "name": "Hilkka Hoitaja", "organisation": "Äitiysneuvola"},
        "concern": "Huoli perheen jaksamisesta.",
        "family_knows": "yes",
    }


def send(token: str, payload: dict[str, Any], key: str) -> dict[str, Any]:
    response = Client().post(
        URL,
        data=json.dumps(payload),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
    )
    assert response.status_code == 201, response.content
    return response.json()["intakes"][0]


def step(client: Client, receipt: str, name: str, payload: dict[str, Any]):  # type: ignore[no-untyped-def]
    return client.post(f"{URL}/{receipt}/{name}", data=json.dumps(payload), content_type="application/json")


@pytest.fixture
def token(intake_unit) -> str:
    hospital = OrganisationFactory(code="keskussairaala", name_fi="Keskussairaala")
    return api_client_create(actor=None, organisation=hospital, name="Potilastietojärjestelmä").token


@pytest.mark.parametrize(
    ("kind", "outcome"),
    [
        ("child_protection_notification", "pta_started"),
        ("social_care_contact", "closed_unnecessary"),
        ("child_protection_notification", "closed_unnecessary"),
        ("family_request", "pta_started"),
    ],
)
def test_an_intake_goes_its_whole_path_through_the_api(clock, client, token, worker, kind, outcome):
    # given a hospital system's notification
    created = send(token, body(kind, 1), "k-1")
    receipt = created["receipt_number"]
    login(client, worker)

    # when the team assigns it, assesses urgency, tells the family, and decides
    assigned = step(client, receipt, "assign", {"worker": worker.username})
    urgency = step(client, receipt, "urgency", {"urgent": False, "notes": "Ei välitöntä vaaraa."})
    notice = step(
        client, receipt, "notice", {"child_informed_on": "2026-11-24", "guardian_informed_on": "2026-11-24"}
    )
    decision = step(
        client,
        receipt,
        "decision",
        {
            "expected_version": notice.json()["version"],
            "outcome": outcome,
            "reason": "Tuki järjestyy perhekeskuksessa." if outcome == "closed_unnecessary" else "",
            "guidance": "Ohjattu perheneuvolaan." if outcome == "closed_unnecessary" else "",
        },
    )

    assert notice.status_code == 200, notice.content
    # then every step answered with the current status, and the deadline shown is the deadlines module's
    assert [r.status_code for r in (assigned, urgency, notice, decision)] == [200, 200, 200, 200]
    final = decision.json()
    assert final["assigned"] and final["urgency_assessed"]
    assert final["outcome"] == outcome
    assert final["pta_start_by"] == deadlines.pta_start_deadline(clock.date()).isoformat()
    assert final["working_days_left"] is None  # decided: no longer counting
    intake = Intake.objects.get(receipt_number=receipt)
    assert intake.outcome == outcome and intake.assigned_to == worker
    # and each write is in the access log on the API channel
    assert (
        AuditEntry.objects.filter(object_id=str(intake.pk), channel="api", action=AuditAction.UPDATE).count()
        >= 4
    )


def test_an_anticipatory_notification_runs_no_deadline_before_birth(clock, client, token, worker):
    # when a maternity clinic's system sends an anticipatory notification (LSL 25 c §)
    created = send(token, body("anticipatory_notification", 2), "k-2")
    login(client, worker)
    status = client.get(f"{URL}/{created['receipt_number']}").json()

    # then no deadline runs until the child is born
    assert created["pta_start_by"] is None and status["pta_start_by"] is None
    assert status["working_days_left"] is None


def test_a_decision_before_the_urgency_assessment_is_refused_with_the_field(clock, client, token, worker):
    # given a fresh intake
    created = send(token, body("child_protection_notification", 3), "k-3")
    login(client, worker)

    # when the worker tries to decide at once
    response = step(
        client,
        created["receipt_number"],
        "decision",
        {"expected_version": created["version"], "outcome": "pta_started"},
    )

    # then the API says the urgency comes first, and nothing changed
    assert response.status_code == 400
    assert response.json()["errors"]
    assert Intake.objects.get(receipt_number=created["receipt_number"]).outcome == ""


def test_a_stale_decision_gets_409_with_the_current_state_and_overwrites_nothing(
    clock, client, token, worker, second_worker
):
    # given an intake whose urgency was assessed, and a second worker who decided it meanwhile
    created = send(token, body("child_protection_notification", 4), "k-4")
    receipt = created["receipt_number"]
    login(client, worker)
    seen = step(client, receipt, "urgency", {"urgent": False}).json()
    other = login(Client(), second_worker)
    first = step(
        other,
        receipt,
        "decision",
        {
            "expected_version": seen["version"],
            "outcome": "closed_unnecessary",
            "reason": "Ei tarvetta.",
            "guidance": "Neuvottu.",
        },
    )

    # when the first worker decides on the version they saw
    second = step(
        client, receipt, "decision", {"expected_version": seen["version"], "outcome": "pta_started"}
    )

    # then exactly one decision holds and the loser sees the new state
    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json()["current"]["outcome"] == "closed_unnecessary"
    assert Intake.objects.get(receipt_number=receipt).outcome == "closed_unnecessary"


def test_a_professional_of_another_unit_gets_404_and_one_refused_row(clock, client, token, county):
    # given an intake of the county's intake team, and a worker of another team
    created = send(token, body("child_protection_notification", 5), "k-5")
    outsider = ProfessionalFactory(unit=UnitFactory(organisation=county), role=Role.SOCIAL_WORKER)
    login(client, outsider)
    before = AuditEntry.objects.count()

    # when the outsider tries to assess its urgency
    response = step(client, created["receipt_number"], "urgency", {"urgent": True})

    # then it is as if the intake did not exist, and nothing changed
    assert response.status_code == 404
    assert Intake.objects.get(receipt_number=created["receipt_number"]).urgency_assessed_at is None
    assert AuditEntry.objects.count() - before <= 1
    assert not AuditEntry.objects.filter(pk__gt=before, outcome=AuditOutcome.ALLOWED).exists()
