"""Two writers at the same moment, each on its own database connection (threads released by one barrier).

On PostgreSQL the two transactions really overlap: the second UPDATE waits for the first one's row lock and then
finds the version moved. On a SQLite file database Luukku's IMMEDIATE transactions serialise the writers at BEGIN
(the second waits on the busy timeout), and the same tests hold: run them with
``LUUKKU_TEST_SQLITE=/tmp/luukku-test.sqlite3``. Django's default SQLite test database is an in-memory
shared-cache database, where a second connection gets SQLITE_LOCKED ("database table is locked") at once
instead of waiting, a locking mode Luukku never runs on; there they are skipped. The crash test
(test_crash.py) drives concurrent writers on a SQLite file database through a real server in every run.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from luukku.audit.models import AuditAction
from luukku.core import time
from luukku.core.factories import OrganisationFactory
from luukku.intake import services
from luukku.intake.auth import api_client_create
from luukku.intake.models import ApiIdempotencyKey, Intake, IntakeStatus, Outcome
from luukku.intake.services import ChildData, IntakeChanged, Notifier
from luukku.intake.tests.support import audit_rows, child_code

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite" and not connection.settings_dict.get("TEST", {}).get("NAME"),
        reason="in-memory shared-cache SQLite refuses a concurrent writer at once instead of waiting; "
        "set LUUKKU_TEST_SQLITE to run these on a SQLite file database",
    ),
]

TIMEOUT = 30


def in_parallel(*jobs: Callable[[], Any]) -> list[Any]:
    """Run the jobs in threads released together; return each one's result or the exception it raised."""
    barrier = threading.Barrier(len(jobs), timeout=TIMEOUT)
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - the test inspects what each writer got
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a writer did not finish"
    return results


def _ready_intake(worker) -> Intake:  # type: ignore[no-untyped-def]
    intake = services.intake_register(
        actor=None,
        kind="child_protection_notification",
        children=[ChildData(identity_code=child_code(), last_name="Esimerkki")],
        notifier=Notifier(sector="education", name="Kaisa Kuraattori"),
        concern="Poissaoloja ja nälkää.",
    )[0]
    return services.intake_assess_urgency(actor=worker, intake=intake, urgent=False)


def test_two_simultaneous_decisions_apply_exactly_one(clock, intake_unit, worker, second_worker):
    # given an intake ready for decision, open on two workers' screens at the same version
    intake = _ready_intake(worker)
    seen = intake.version

    # when both decide at the same moment, each on their own connection
    results = in_parallel(
        lambda: services.intake_decide(
            actor=worker, intake=intake, expected_version=seen, outcome=Outcome.PTA_STARTED
        ),
        lambda: services.intake_decide(
            actor=second_worker,
            intake=intake,
            expected_version=seen,
            outcome=Outcome.CLOSED_UNNECESSARY,
            reason="Ei huolta.",
            guidance="Neuvottu perhekeskukseen.",
        ),
    )

    # then exactly one decision was applied and the other writer was told the intake changed, with its new state
    applied = [result for result in results if isinstance(result, Intake)]
    conflicts = [result for result in results if isinstance(result, IntakeChanged)]
    assert len(applied) == 1 and len(conflicts) == 1, results
    assert conflicts[0].intake.version == seen + 1
    assert conflicts[0].intake.outcome == applied[0].outcome
    # and the database holds the applied one, never a mix of the two
    fresh = Intake.objects.get(pk=intake.pk)
    assert (fresh.outcome, fresh.version) == (applied[0].outcome, seen + 1)
    assert fresh.status == (
        IntakeStatus.CLOSED if fresh.outcome == Outcome.CLOSED_UNNECESSARY else IntakeStatus.DECIDED
    )
    # and one decision is in the access log
    decisions = [row for row in audit_rows(action=AuditAction.UPDATE) if "ratkaistu" in row.summary]
    assert len(decisions) == 1
    assert fresh.events.filter(kind="decided").count() == 1


def test_two_identical_api_requests_racing_create_one_intake(clock, intake_unit):
    # given a school's system that sends the same notification twice at once (a retry fired too early)
    token = api_client_create(actor=None, organisation=OrganisationFactory(), name="Koulu").token
    body = json.dumps(
        {
            "kind": "child_protection_notification",
            "children": [{"identity_code": child_code(), "last_name": "Esimerkki"}],
            "notifier": {"sector": "education", "name": "Kaisa Kuraattori"},
            "concern": "Poissaoloja ja nälkää.",
        }
    )
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "sama-avain"}

    def send():  # type: ignore[no-untyped-def]
        with time.frozen(clock):
            return Client().post(
                "/api/v1/intakes", data=body, content_type="application/json", headers=headers
            )

    # when both arrive at the same moment
    first, second = in_parallel(send, send)

    # then both get the same 201 answer and there is one intake
    assert first.status_code == second.status_code == 201, (first.content, second.content)
    assert first.json() == second.json()
    assert Intake.objects.count() == 1
    assert ApiIdempotencyKey.objects.count() == 1
