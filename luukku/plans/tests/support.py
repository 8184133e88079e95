"""Helpers shared by the plan tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from luukku.audit.models import AuditEntry
from luukku.plans import services

# DOMAIN.md §5: x = (−2, 0, −1, 2, 0, 1), w = (3, 5, 1, 4, 2, 6) → T = 55.0.
WORKED_SCORES = (-2, 0, -1, 2, 0, 1)
WORKED_WEIGHTS = (3, 5, 1, 4, 2, 6)


def plan_audit_rows(**filters: Any) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type__startswith="plans.", **filters).order_by("id"))


def add_goal(actor, plan, title: str = "Eetu käy koulussa joka päivä", weight: int = 1, **overrides: Any):  # type: ignore[no-untyped-def]
    data = {
        "title": title,
        "follow_up_on": dt.date(2027, 2, 1),
        "level_0": "Poissaoloja enintään yksi päivä kuukaudessa.",
        "level_minus_2": "Poissaoloja yli viikko kuukaudessa.",
        "level_plus_2": "Ei lainkaan poissaoloja.",
        "gas_weight": weight,
    }
    data.update(overrides)
    return services.plan_add_goal(actor=actor, plan=plan, **data)


def add_action(actor, plan, owner, service_name: str = "Koulukuraattori", **overrides: Any):  # type: ignore[no-untyped-def]
    data = {
        "description": "Tapaa Eetua koulupäivän aluksi ja seuraa poissaoloja.",
        "owner": owner,
        "start_on": dt.date(2026, 12, 1),
        "end_on": dt.date(2027, 5, 31),
        "service_name": service_name,
        "meeting_frequency": "kerran viikossa",
    }
    data.update(overrides)
    return services.plan_add_action(actor=actor, plan=plan, **data)


def build_history(
    *,
    child,
    worker,
    unit,
    partners,
    years: int = 5,
    intakes: int = 50,
    assessments: int = 10,
    versions: int = 20,
):  # type: ignore[no-untyped-def]
    """Five years of a child's life in the records: intakes through the intake service, completed assessments with
    invitations, meetings and instrument results, and an active plan with many versions and reviews."""
    from luukku.assessment.models import (
        Assessment,
        AssessmentOutcome,
        AssessmentStatus,
        GasResult,
        Invitation,
        InvitationState,
        Meeting,
        WhoqolResult,
    )
    from luukku.core import deadlines, time
    from luukku.intake.services import Notifier, intake_register

    start = dt.date(2021, 11, 1)
    span_days = 365 * years
    for n in range(intakes):
        day = start + dt.timedelta(days=n * span_days // max(intakes, 1))
        with time.frozen(day):
            intake_register(
                actor=worker,
                kind="child_protection_notification",
                children=[child],
                notifier=Notifier(sector="education", name="Kaisa Kuraattori", organisation="Koulu"),
                concern=f"Huoli numero {n + 1}: poissaoloja koulusta.",
                unit=unit,
            )
    for n in range(assessments):
        started = start + dt.timedelta(days=n * span_days // max(assessments, 1))
        completed = started + dt.timedelta(days=60)
        assessment = Assessment.objects.create(
            child=child,
            owning_unit=unit,
            responsible_worker=worker,
            started_on=started,
            started_by=worker,
            complete_by=deadlines.pta_completion_deadline(started),
            status=AssessmentStatus.COMPLETED,
            outcome=AssessmentOutcome.BASIC_FAMILY_CENTRE,
            completed_on=completed,
            completed_by=worker,
            summary="Yhteenveto.",
            professional_conclusion="Johtopäätös.",
        )
        for partner in partners:
            Invitation.objects.create(
                assessment=assessment,
                unit=partner.unit,
                invited_by=worker,
                invited_at=time.start_of_day(started),
                information_kinds=["assessment"],
                state=InvitationState.ACCEPTED,
                responded_at=time.start_of_day(started),
                responded_by=partner,
            )
        meeting = Meeting.objects.create(
            assessment=assessment,
            held_on=started + dt.timedelta(days=14),
            recorded_by=worker,
            child_met_in_person=True,
        )
        meeting.participants.set([worker, *partners])
        WhoqolResult.objects.create(
            meeting=meeting,
            answered=26,
            physical=12.0 + n / 2,
            psychological=14.0,
            social=16.0,
            environment=13.0,
            recorded_by=worker,
        )
        GasResult.objects.create(
            meeting=meeting, scores=[0, 1], weights=[1, 1], t_score=50.0 + n, recorded_by=worker
        )
    with time.frozen(start + dt.timedelta(days=span_days - 30)):
        plan = services.plan_create(actor=worker, child=child, items={"strengths": "Versio 1"})
        goal = add_goal(worker, plan)
        for n, partner in enumerate(partners):
            add_action(worker, plan, owner=partner, service_name=f"Palvelu {n + 1}")
        while plan.version < versions:
            plan = services.plan_update(
                actor=worker, plan=plan, items={"strengths": f"Versio {plan.version + 1}"}
            )
        services.plan_review(
            actor=worker, plan=plan, reviewed_on=time.today(), participants="Sanna", scores={goal.pk: 1}
        )
    return plan
