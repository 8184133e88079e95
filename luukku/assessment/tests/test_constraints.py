"""The database keeps the assessment's invariants even if a service were bypassed (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from luukku.assessment import services
from luukku.assessment.models import Assessment, ChildView, Invitation, WorkerConcern
from luukku.core import time
from luukku.intake import services as intake_services
from luukku.intake.models import Outcome


def refused(**changes) -> bool:
    try:
        with transaction.atomic():
            changes.pop("model").objects.filter(pk=changes.pop("pk")).update(**changes)
    except IntegrityError:
        return True
    return False


def test_assessment_invariants(assessment):
    # a completed assessment needs an outcome and a date; a late one an explanation; the flag matches the dates
    assert refused(model=Assessment, pk=assessment.pk, status="completed")
    assert refused(model=Assessment, pk=assessment.pk, status="completed", outcome="no_further_need")
    assert refused(
        model=Assessment,
        pk=assessment.pk,
        status="completed",
        outcome="no_further_need",
        completed_on=dt.date(2027, 3, 1),
    )
    assert refused(
        model=Assessment,
        pk=assessment.pk,
        status="completed",
        outcome="no_further_need",
        completed_on=dt.date(2026, 12, 1),
        completed_late=True,
        late_explanation="x",
    )
    assert refused(model=Assessment, pk=assessment.pk, pair_worker=assessment.responsible_worker)
    # and an allowed change passes, so the helper can tell the difference
    assert not refused(
        model=Assessment,
        pk=assessment.pk,
        status="completed",
        outcome="no_further_need",
        completed_on=dt.date(2026, 12, 1),
    )


def test_one_open_assessment_per_child(assessment):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            child=assessment.child,
            owning_unit=assessment.owning_unit,
            responsible_worker=assessment.responsible_worker,
            started_on=assessment.started_on,
            started_by=assessment.started_by,
            complete_by=assessment.complete_by,
        )
    assert Assessment.objects.filter(child=assessment.child).count() == 1


def test_invitation_and_child_view_invariants(assessment, worker, school_unit):
    invitation = services.assessment_invite_unit(
        actor=worker, assessment=assessment, unit=school_unit, information_kinds=["assessment"]
    )
    assert refused(model=Invitation, pk=invitation.pk, state="declined")
    assert refused(model=Invitation, pk=invitation.pk, state="accepted")  # no response time
    assert refused(
        model=Invitation, pk=invitation.pk, state="substitute_named", responded_at=invitation.invited_at
    )
    view = services.assessment_record_child_view(
        actor=worker, assessment=assessment, text="Hei.", how_heard="in_person"
    )
    assert refused(model=ChildView, pk=view.pk, text="", how_heard="")
    assert refused(model=ChildView, pk=view.pk, could_not_be_heard_reason="Sekä että.")
    concern = services.assessment_set_concern_zone(actor=worker, assessment=assessment, zone=1)
    assert refused(model=WorkerConcern, pk=concern.pk, zone=5)


def test_intake_decided_earlier_keeps_its_start_day(clock, intake, worker):
    # given an intake decided "PTA started" on its day of receipt through the intake services alone
    decided = intake_services.intake_decide(
        actor=worker,
        intake=intake,
        expected_version=intake.version,
        outcome=Outcome.PTA_STARTED,
        decided_at=intake.received_at,
    )
    # when the assessment is started from it later the same week
    with time.frozen("2026-11-26T09:00"):
        assessment = services.assessment_start(
            actor=worker, child=decided.child, intakes=[decided], responsible_worker=worker
        )
    # then its start day is the intake's, and the intake is linked as it is
    assert assessment.started_on == decided.pta_started_on == dt.date(2026, 11, 24)
    assert assessment.intake_links.get().intake == decided
