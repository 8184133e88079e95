"""Service-need assessments in the JSON API (/api/v1/assessments/...): the same services, policy and access log
as the screens.

Session authentication (``django_auth``): 401 without a session; 404 for an assessment that does not exist or
that the caller may not see or change (a refused write is logged); 400 with ``errors`` keyed by field for bad
input. Professionals are named by id, units by code, children by ``public_id``, intakes by receipt number.
Workers' zones of concern are never returned.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _g
from ninja import Router, Schema
from ninja.security import django_auth

from luukku.access.policy import visible_to
from luukku.assessment import selectors, services
from luukku.assessment.models import Assessment, Invitation, Meeting
from luukku.intake import selectors as intake_selectors
from luukku.organisations.models import Professional, Unit

router = Router(tags=["assessments"], auth=django_auth)


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class InvitationOut(Schema):
    id: int
    unit: str
    unit_name: str
    state: str
    information_kinds: list[str]
    invited_at: dt.datetime
    responded_at: dt.datetime | None
    substitute: int | None


class WhoqolOut(Schema):
    answered: int
    discarded: bool
    q1: int | None
    q2: int | None
    physical: float | None
    psychological: float | None
    social: float | None
    environment: float | None


class MeetingOut(Schema):
    id: int
    held_on: dt.date
    participants: list[int]
    other_participants: str
    child_met_in_person: bool
    notes: str
    whoqol_bref: list[WhoqolOut]
    gas_t_scores: list[float]


class ChildViewOut(Schema):
    id: int
    text: str
    how_heard: str
    could_not_be_heard_reason: str
    recorded_at: dt.datetime


class AssessmentOut(Schema):
    public_id: uuid.UUID
    reference: str
    child: uuid.UUID
    status: str
    owning_unit: str
    responsible_worker: int
    pair_worker: int | None
    child_needs_special_support: bool
    started_on: dt.date
    complete_by: dt.date
    days_left: int | None
    intakes: list[str]
    invitations: list[InvitationOut]
    meetings: list[MeetingOut]
    child_views: list[ChildViewOut]
    outcome: str
    completed_on: dt.date | None
    completed_late: bool
    late_explanation: str
    summary: str
    professional_conclusion: str
    client_view: str
    needs_responsible_worker: bool | None


class StartIn(Schema):
    child: uuid.UUID
    responsible_worker: int
    intakes: list[str] = []
    pair_worker: int | None = None
    child_needs_special_support: bool = False


class InviteIn(Schema):
    unit: str
    information_kinds: list[str]
    message: str = ""


class RespondIn(Schema):
    state: str
    substitute: int | None = None


class GasIn(Schema):
    scores: list[int]
    weights: list[float] | None = None
    goals: list[str] = []


class MeetingIn(Schema):
    held_on: dt.date
    participants: list[int] = []
    other_participants: str = ""
    child_met_in_person: bool = False
    notes: str = ""
    whoqol_bref: list[int | None] | None = None
    gas: GasIn | None = None


class ChildViewIn(Schema):
    text: str = ""
    how_heard: str = ""
    could_not_be_heard_reason: str = ""


class CompleteIn(Schema):
    outcome: str = ""
    completed_on: dt.date | None = None
    summary: str = ""
    professional_conclusion: str = ""
    client_view: str = ""
    needs_responsible_worker: bool | None = None
    late_explanation: str = ""


class AttachIn(Schema):
    intake: str


def _bad(error: ValidationError) -> tuple[int, dict[str, Any]]:
    errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": list(error.messages)}
    first = next(iter(errors.values()))[0]
    return 400, {"detail": first, "errors": errors}


def _professional(pk: int | None, field: str) -> Professional | None:
    if pk is None:
        return None
    professional = Professional.objects.filter(pk=pk).first()
    if professional is None:
        raise ValidationError({field: [_g("Ammattilaista ei löydy.")]})
    return professional


def _whoqol(result: Any) -> dict[str, Any]:
    return {
        "answered": result.answered,
        "discarded": result.discarded,
        "q1": result.q1,
        "q2": result.q2,
        "physical": result.physical,
        "psychological": result.psychological,
        "social": result.social,
        "environment": result.environment,
    }


def _meeting_out(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "held_on": meeting.held_on,
        "participants": [p.pk for p in meeting.participants.all()],
        "other_participants": meeting.other_participants,
        "child_met_in_person": meeting.child_met_in_person,
        "notes": meeting.notes,
        "whoqol_bref": [_whoqol(r) for r in meeting.whoqol_results.all()],
        "gas_t_scores": [r.t_score for r in meeting.gas_results.all()],
    }


def _invitation_out(invitation: Invitation) -> dict[str, Any]:
    return {
        "id": invitation.pk,
        "unit": invitation.unit.code,
        "unit_name": invitation.unit.name_fi,
        "state": invitation.state,
        "information_kinds": invitation.information_kinds,
        "invited_at": invitation.invited_at,
        "responded_at": invitation.responded_at,
        "substitute": invitation.substitute_id,
    }


def _assessment_out(request: HttpRequest, assessment: Assessment) -> dict[str, Any]:
    page = selectors.assessment_page(actor=request.user, assessment=assessment)
    return {
        "public_id": assessment.public_id,
        "reference": assessment.reference,
        "child": assessment.child.public_id,
        "status": assessment.status,
        "owning_unit": assessment.owning_unit.code,
        "responsible_worker": assessment.responsible_worker_id,
        "pair_worker": assessment.pair_worker_id,
        "child_needs_special_support": assessment.child_needs_special_support,
        "started_on": assessment.started_on,
        "complete_by": assessment.complete_by,
        "days_left": page.days_left,
        "intakes": [link.intake.receipt_number for link in page.intake_links],
        "invitations": [_invitation_out(i) for i in page.invitations],
        "meetings": [_meeting_out(m) for m in page.meetings],
        "child_views": [
            {
                "id": v.pk,
                "text": v.text,
                "how_heard": v.how_heard,
                "could_not_be_heard_reason": v.could_not_be_heard_reason,
                "recorded_at": v.recorded_at,
            }
            for v in page.child_views
        ],
        "outcome": assessment.outcome,
        "completed_on": assessment.completed_on,
        "completed_late": assessment.completed_late,
        "late_explanation": assessment.late_explanation,
        "summary": assessment.summary,
        "professional_conclusion": assessment.professional_conclusion,
        "client_view": assessment.client_view,
        "needs_responsible_worker": assessment.needs_responsible_worker,
    }


def _visible(request: HttpRequest, public_id: uuid.UUID, summary: str) -> Assessment | None:
    return selectors.assessment_get_for_actor(
        actor=request.user, public_id=public_id, summary=summary, channel="api"
    )


def _fresh(request: HttpRequest, assessment: Assessment) -> dict[str, Any]:
    return _assessment_out(
        request, Assessment.objects.select_related("child", "owning_unit").get(pk=assessment.pk)
    )


NOT_FOUND = {"detail": "Not Found"}
RESPONSES = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut}


@router.post("/", response={201: AssessmentOut, **RESPONSES}, summary="Aloita palvelutarpeen arviointi")
def assessment_start(request: HttpRequest, payload: StartIn):  # type: ignore[no-untyped-def]
    """Start an assessment (SHL 36 §) for a child, from the child's intakes (decided "PTA started" together)."""
    child = visible_to(request.user).filter(public_id=payload.child).first()
    if child is None:
        return 404, NOT_FOUND
    intakes = []
    for receipt in payload.intakes:
        intake = intake_selectors.intake_get_for_actor(actor=request.user, receipt_number=receipt)
        if intake is None:
            return 404, NOT_FOUND
        intakes.append(intake)
    try:
        assessment = services.assessment_start(
            actor=request.user,
            child=child,
            intakes=intakes,
            responsible_worker=_professional(payload.responsible_worker, "responsible_worker"),
            pair_worker=_professional(payload.pair_worker, "pair_worker"),
            child_needs_special_support=payload.child_needs_special_support,
            channel="api",
        )
    except services.AssessmentAccessDenied:
        services.assessment_log_refusal(actor=request.user, person=child, channel="api")
        return 404, NOT_FOUND
    except ValidationError as error:
        return _bad(error)
    return 201, _fresh(request, assessment)


@router.get("/invitations", response={200: list[InvitationOut], 401: ErrorOut}, summary="Yksikön kutsut")
def invitation_list(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The invitations of the caller's unit (SHL 41 §)."""
    return 200, [_invitation_out(i) for i in selectors.invitation_inbox(actor=request.user, channel="api")]


@router.post(
    "/invitations/{int:invitation_id}/respond",
    response={200: InvitationOut, **RESPONSES},
    summary="Vastaa kutsuun",
)
def invitation_respond(request: HttpRequest, invitation_id: int, payload: RespondIn):  # type: ignore[no-untyped-def]
    """Take part (``accepted``) or name a substitute (``substitute_named`` with ``substitute``)."""
    invitation = selectors.invitation_get_for_actor(actor=request.user, pk=invitation_id)
    if invitation is None:
        return 404, NOT_FOUND
    try:
        invitation = services.invitation_respond(
            actor=request.user,
            invitation=invitation,
            state=payload.state,
            substitute=_professional(payload.substitute, "substitute"),
            channel="api",
        )
    except services.AssessmentAccessDenied:
        services.assessment_log_refusal(actor=request.user, person=invitation.assessment.child, channel="api")
        return 404, NOT_FOUND
    except ValidationError as error:
        return _bad(error)
    return 200, _invitation_out(invitation)


@router.get(
    "/{uuid:public_id}", response={200: AssessmentOut, 401: ErrorOut, 404: ErrorOut}, summary="Arviointi"
)
def assessment_detail(request: HttpRequest, public_id: uuid.UUID):  # type: ignore[no-untyped-def]
    """One assessment, if the caller may see the child's assessment data."""
    assessment = _visible(request, public_id, "Palvelutarpeen arviointi (API)")
    if assessment is None:
        return 404, NOT_FOUND
    return 200, _assessment_out(request, assessment)


def _write(request: HttpRequest, public_id: uuid.UUID, summary: str, perform: Any) -> tuple[int, Any]:
    # No READ row here: the write service logs the write itself, and a refused write logs exactly one REFUSED row.
    assessment = (
        selectors.assessments_visible_to(request.user)
        .select_related("child", "owning_unit")
        .filter(public_id=public_id)
        .first()
    )
    if assessment is None:
        return 404, NOT_FOUND
    try:
        with transaction.atomic():
            result = perform(assessment)
    except services.AssessmentAccessDenied:
        services.assessment_log_refusal(actor=request.user, person=assessment.child, channel="api")
        return 404, NOT_FOUND
    except ValidationError as error:
        return _bad(error)
    return 201, result


@router.post(
    "/{uuid:public_id}/invitations",
    response={201: InvitationOut, **RESPONSES},
    summary="Kutsu yksikkö (SHL 41 §)",
)
def assessment_invite(request: HttpRequest, public_id: uuid.UUID, payload: InviteIn):  # type: ignore[no-untyped-def]
    def perform(assessment: Assessment) -> dict[str, Any]:
        unit = Unit.objects.filter(code=payload.unit).select_related("organisation").first()
        if unit is None:
            raise ValidationError({"unit": [_g("Yksikköä ei löydy.")]})
        invitation = services.assessment_invite_unit(
            actor=request.user,
            assessment=assessment,
            unit=unit,
            information_kinds=payload.information_kinds,
            message=payload.message,
            channel="api",
        )
        return _invitation_out(invitation)

    return _write(request, public_id, "Kutsu arviointiin (API)", perform)


@router.post(
    "/{uuid:public_id}/meetings", response={201: MeetingOut, **RESPONSES}, summary="Kirjaa tapaaminen"
)
def assessment_add_meeting(request: HttpRequest, public_id: uuid.UUID, payload: MeetingIn):  # type: ignore[no-untyped-def]
    """A meeting, optionally with a WHOQOL-BREF (26 answers 1–5, null = unanswered) and a GAS rating attached."""

    def perform(assessment: Assessment) -> dict[str, Any]:
        participants = list(Professional.objects.filter(pk__in=payload.participants))
        if len(participants) != len(set(payload.participants)):
            raise ValidationError({"participants": [_g("Ammattilaista ei löydy.")]})
        meeting = services.assessment_add_meeting(
            actor=request.user,
            assessment=assessment,
            held_on=payload.held_on,
            participants=participants,
            other_participants=payload.other_participants,
            child_met_in_person=payload.child_met_in_person,
            notes=payload.notes,
            channel="api",
        )
        if payload.whoqol_bref is not None:
            services.meeting_record_whoqol_bref(
                actor=request.user, meeting=meeting, answers=payload.whoqol_bref, channel="api"
            )
        if payload.gas is not None:
            services.meeting_record_gas(
                actor=request.user,
                meeting=meeting,
                scores=payload.gas.scores,
                weights=payload.gas.weights,
                goals=payload.gas.goals,
                channel="api",
            )
        return _meeting_out(meeting)

    return _write(request, public_id, "Tapaamisen kirjaus (API)", perform)


@router.post(
    "/{uuid:public_id}/child-views",
    response={201: ChildViewOut, **RESPONSES},
    summary="Kirjaa lapsen näkemys",
)
def assessment_child_view(request: HttpRequest, public_id: uuid.UUID, payload: ChildViewIn):  # type: ignore[no-untyped-def]
    def perform(assessment: Assessment) -> dict[str, Any]:
        view = services.assessment_record_child_view(
            actor=request.user,
            assessment=assessment,
            text=payload.text,
            how_heard=payload.how_heard,
            could_not_be_heard_reason=payload.could_not_be_heard_reason,
            channel="api",
        )
        return {
            "id": view.pk,
            "text": view.text,
            "how_heard": view.how_heard,
            "could_not_be_heard_reason": view.could_not_be_heard_reason,
            "recorded_at": view.recorded_at,
        }

    return _write(request, public_id, "Lapsen näkemyksen kirjaus (API)", perform)


@router.post(
    "/{uuid:public_id}/intakes",
    response={201: AssessmentOut, **RESPONSES},
    summary="Liitä vireilletulo arviointiin",
)
def assessment_attach(request: HttpRequest, public_id: uuid.UUID, payload: AttachIn):  # type: ignore[no-untyped-def]
    def perform(assessment: Assessment) -> dict[str, Any]:
        intake = intake_selectors.intake_get_for_actor(actor=request.user, receipt_number=payload.intake)
        if intake is None:
            raise ValidationError({"intake": [_g("Vireilletuloa ei löydy.")]})
        services.assessment_attach_intake(
            actor=request.user, assessment=assessment, intake=intake, channel="api"
        )
        return _fresh(request, assessment)

    return _write(request, public_id, "Vireilletulon liittäminen (API)", perform)


@router.post(
    "/{uuid:public_id}/complete",
    response={200: AssessmentOut, **RESPONSES},
    summary="Merkitse arviointi valmiiksi",
)
def assessment_complete(request: HttpRequest, public_id: uuid.UUID, payload: CompleteIn):  # type: ignore[no-untyped-def]
    """Complete with an outcome and a date (SHL 37 §); after the deadline a ``late_explanation`` is required."""

    def perform(assessment: Assessment) -> dict[str, Any]:
        done = services.assessment_complete(
            actor=request.user,
            assessment=assessment,
            outcome=payload.outcome,
            completed_on=payload.completed_on,
            summary=payload.summary,
            professional_conclusion=payload.professional_conclusion,
            client_view=payload.client_view,
            needs_responsible_worker=payload.needs_responsible_worker,
            late_explanation=payload.late_explanation,
            channel="api",
        )
        return _fresh(request, done)

    status, body = _write(request, public_id, "Arvioinnin valmistuminen (API)", perform)
    return (200 if status == 201 else status), body
