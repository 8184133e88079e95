"""Client plans in the JSON API (/api/v1/plans/...): the same policy, services and access log as the screens.

Session authentication (``django_auth``): 401 without a session; 404 for a plan or child that does not exist or
that the caller may not see (or, for a write, may not change); 400 with Finnish messages keyed by field for bad
input (a goal without a follow-up date, an action without an owner, a GAS score outside −2…+2).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _g
from ninja import Router, Schema
from ninja.security import django_auth

from luukku.organisations.models import Professional
from luukku.people import selectors as people_selectors
from luukku.plans import selectors, services
from luukku.plans.models import Plan, PlanAction, PlanGoal, PlanReview

router = Router(tags=["plans"], auth=django_auth)


class PlanErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


# Writes answer 403 when the session's CSRF check fails (django-ninja's session authentication).
WRITE_RESPONSES = {400: PlanErrorOut, 401: PlanErrorOut, 403: PlanErrorOut, 404: PlanErrorOut}


class ItemsIn(Schema):
    need_client_view: str | None = None
    need_professional_view: str | None = None
    services_needed: str | None = None
    essential_services: str | None = None
    meeting_frequency: str | None = None
    strengths: str | None = None
    shared_goals: str | None = None
    expected_duration: str | None = None
    expected_end_on: dt.date | None = None
    cooperation: str | None = None
    follow_up: str | None = None
    child_view: str | None = None
    guardian_view: str | None = None
    next_review_on: dt.date | None = None


class PlanCreateIn(ItemsIn):
    child: uuid.UUID
    coordinator_id: int | None = None


class PlanUpdateIn(ItemsIn):
    coordinator_id: int | None = None
    expected_version: int | None = None
    summary: str = ""


class GoalIn(Schema):
    title: str
    follow_up_on: dt.date | None = None
    level_0: str = ""
    measure: str = ""
    gas_weight: int = 1
    level_minus_2: str = ""
    level_minus_1: str = ""
    level_plus_1: str = ""
    level_plus_2: str = ""


class ActionIn(Schema):
    description: str
    owner_id: int | None = None
    start_on: dt.date | None = None
    service_id: int | None = None
    service_name: str = ""
    end_on: dt.date | None = None
    meeting_frequency: str = ""
    is_essential: bool = False
    goal_id: int | None = None


class ReviewIn(Schema):
    reviewed_on: dt.date
    participants: str
    scores: dict[str, int] = {}
    notes: str = ""
    next_review_on: dt.date | None = None


class GoalOut(Schema):
    id: int
    title: str
    measure: str
    follow_up_on: dt.date
    gas_weight: int
    levels: dict[str, str]


class ActionOut(Schema):
    id: int
    description: str
    service: str
    service_id: int | None
    owner_id: int
    owner: str
    unit: str
    sector: str
    start_on: dt.date
    end_on: dt.date | None
    meeting_frequency: str
    is_essential: bool
    goal_id: int | None


class PlanOut(Schema):
    id: int
    child: uuid.UUID
    status: str
    version: int
    coordinator_id: int
    coordinator: str
    unit: str
    started_on: dt.date
    closed_on: dt.date | None
    items: dict[str, Any]
    goals: list[GoalOut]
    actions: list[ActionOut]


class VersionOut(Schema):
    number: int
    created_at: dt.datetime
    created_by: str
    change_summary: str


class VersionDetailOut(VersionOut):
    snapshot: dict[str, Any]


class ReviewOut(Schema):
    id: int
    reviewed_on: dt.date
    participants: str
    notes: str
    next_review_on: dt.date | None
    t_score: float | None
    scores: dict[str, int]
    plan_version: int


def _errors(error: ValidationError) -> tuple[int, dict[str, Any]]:
    fields = (
        {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
        if hasattr(error, "error_dict")
        else {"__all__": [str(m) for m in error.messages]}
    )
    first = next(iter(fields.values()))[0] if fields else _g("Virheellinen syöte.")
    return 400, {"detail": first, "errors": fields}


def _not_found() -> tuple[int, dict[str, str]]:
    return 404, {"detail": "Not Found"}


def _goal_out(goal: PlanGoal) -> dict[str, Any]:
    return {
        "id": goal.pk,
        "title": goal.title,
        "measure": goal.measure,
        "follow_up_on": goal.follow_up_on,
        "gas_weight": goal.gas_weight,
        "levels": {f"{level:+d}" if level else "0": text for level, text in goal.levels},
    }


def _action_out(action: PlanAction) -> dict[str, Any]:
    return {
        "id": action.pk,
        "description": action.description,
        "service": action.service_label,
        "service_id": action.service_id,
        "owner_id": action.owner_id,
        "owner": str(action.owner),
        "unit": action.unit.name_fi if action.unit_id else "",
        "sector": action.sector,
        "start_on": action.start_on,
        "end_on": action.end_on,
        "meeting_frequency": action.meeting_frequency,
        "is_essential": action.is_essential,
        "goal_id": action.goal_id,
    }


def _plan_out(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "child": plan.child.public_id,
        "status": plan.status,
        "version": plan.version,
        "coordinator_id": plan.coordinator_id,
        "coordinator": str(plan.coordinator),
        "unit": plan.unit.name_fi,
        "started_on": plan.started_on,
        "closed_on": plan.closed_on,
        "items": {name: getattr(plan, name) for name in Plan.ITEM_FIELDS},
        "goals": [_goal_out(goal) for goal in plan.goals.all()],
        "actions": [_action_out(action) for action in plan.actions.all()],
    }


def _review_out(review: PlanReview) -> dict[str, Any]:
    return {
        "id": review.pk,
        "reviewed_on": review.reviewed_on,
        "participants": review.participants,
        "notes": review.notes,
        "next_review_on": review.next_review_on,
        "t_score": review.t_score,
        "scores": {str(score.goal_id): score.score for score in review.scores.all()},
        "plan_version": review.plan_version,
    }


def _professional(pk: int | None) -> Professional | None:
    return Professional.objects.filter(pk=pk, is_active=True).first() if pk is not None else None


def _items(payload: ItemsIn) -> dict[str, Any]:
    return {name: getattr(payload, name) for name in Plan.ITEM_FIELDS if name in payload.model_fields_set}


def _plan(request: HttpRequest, plan_id: int, *, summary: str, action: str = "view") -> Plan:
    return selectors.plan_get_for_actor(
        actor=request.user, plan_id=plan_id, action=action, summary=summary, channel="api"
    )


def _reload(plan_id: int) -> Plan:
    return selectors.plan_detail_queryset().get(pk=plan_id)


@router.post("/", response={201: PlanOut, **WRITE_RESPONSES}, summary="Laadi suunnitelma")
def plan_create(request: HttpRequest, payload: PlanCreateIn):  # type: ignore[no-untyped-def]
    """Asiakassuunnitelman laatiminen (SHL 39 §): refused when the child already has an active plan."""
    try:
        child = people_selectors.person_get_for_actor(
            actor=request.user,
            public_id=payload.child,
            action="edit",
            information_kind="plan",
            summary=_g("Asiakassuunnitelman laatiminen (API)"),
            channel="api",
        )
    except Http404:
        return _not_found()
    coordinator = (
        _professional(payload.coordinator_id) if payload.coordinator_id is not None else request.user
    )
    if coordinator is None:
        return 400, {
            "detail": _g("Nimeä asiakasvastaava."),
            "errors": {"coordinator": [_g("Nimeä asiakasvastaava.")]},
        }
    try:
        plan = services.plan_create(
            actor=request.user, child=child, coordinator=coordinator, items=_items(payload), channel="api"
        )
    except ValidationError as error:
        return _errors(error)
    return 201, _plan_out(_reload(plan.pk))


@router.get(
    "/{plan_id}", response={200: PlanOut, 401: PlanErrorOut, 404: PlanErrorOut}, summary="Suunnitelma"
)
def plan_get(request: HttpRequest, plan_id: int):  # type: ignore[no-untyped-def]
    """The plan with its goals and actions."""
    try:
        plan = _plan(request, plan_id, summary=_g("Asiakassuunnitelma (API)"))
    except Http404:
        return _not_found()
    return 200, _plan_out(plan)


@router.patch(
    "/{plan_id}",
    response={200: PlanOut, 409: PlanErrorOut, **WRITE_RESPONSES},
    summary="Päivitä suunnitelma",
)
def plan_update(request: HttpRequest, plan_id: int, payload: PlanUpdateIn):  # type: ignore[no-untyped-def]
    """Change items of the plan: a new version. A stale ``expected_version`` gives 409."""
    try:
        plan = _plan(request, plan_id, summary=_g("Asiakassuunnitelman muokkaus (API)"), action="edit")
    except Http404:
        return _not_found()
    coordinator = None
    if payload.coordinator_id is not None:
        coordinator = _professional(payload.coordinator_id)
        if coordinator is None:
            return 400, {
                "detail": _g("Nimeä asiakasvastaava."),
                "errors": {"coordinator": [_g("Nimeä asiakasvastaava.")]},
            }
    try:
        services.plan_update(
            actor=request.user,
            plan=plan,
            items=_items(payload),
            coordinator=coordinator,
            expected_version=payload.expected_version,
            summary=payload.summary,
            channel="api",
        )
    except services.PlanChanged as error:
        return 409, {"detail": str(error)}
    except ValidationError as error:
        return _errors(error)
    return 200, _plan_out(_reload(plan.pk))


@router.post(
    "/{plan_id}/goals",
    response={201: GoalOut, **WRITE_RESPONSES},
    summary="Lisää tavoite",
)
def goal_add(request: HttpRequest, plan_id: int, payload: GoalIn):  # type: ignore[no-untyped-def]
    """A shared goal with a follow-up date and its GAS levels."""
    try:
        plan = _plan(request, plan_id, summary=_g("Asiakassuunnitelman muokkaus (API)"), action="edit")
    except Http404:
        return _not_found()
    try:
        goal = services.plan_add_goal(actor=request.user, plan=plan, channel="api", **payload.dict())
    except ValidationError as error:
        return _errors(error)
    return 201, _goal_out(goal)


@router.post(
    "/{plan_id}/actions",
    response={201: ActionOut, **WRITE_RESPONSES},
    summary="Lisää toimenpide",
)
def action_add(request: HttpRequest, plan_id: int, payload: ActionIn):  # type: ignore[no-untyped-def]
    """One sector's action, owned by a named professional (``owner_id``)."""
    from luukku.catalogue.models import Service

    try:
        plan = _plan(request, plan_id, summary=_g("Asiakassuunnitelman muokkaus (API)"), action="edit")
    except Http404:
        return _not_found()
    owner = _professional(payload.owner_id)
    errors: dict[str, list[str]] = {}
    if payload.owner_id is not None and owner is None:
        errors["owner"] = [_g("Vastuuhenkilöä ei löydy.")]
    service = (
        Service.objects.filter(pk=payload.service_id).first() if payload.service_id is not None else None
    )
    if payload.service_id is not None and service is None:
        errors["service"] = [_g("Palvelua ei löydy palveluluettelosta.")]
    goal = plan.goals.filter(pk=payload.goal_id).first() if payload.goal_id is not None else None
    if payload.goal_id is not None and goal is None:
        errors["goal"] = [_g("Tavoite ei kuulu tähän suunnitelmaan.")]
    if errors:
        return 400, {"detail": next(iter(errors.values()))[0], "errors": errors}
    try:
        action = services.plan_add_action(
            actor=request.user,
            plan=plan,
            description=payload.description,
            owner=owner,
            start_on=payload.start_on,
            service=service,
            service_name=payload.service_name,
            end_on=payload.end_on,
            meeting_frequency=payload.meeting_frequency,
            is_essential=payload.is_essential,
            goal=goal,
            channel="api",
        )
    except ValidationError as error:
        return _errors(error)
    return 201, _action_out(action)


@router.get(
    "/{plan_id}/versions",
    response={200: list[VersionOut], 401: PlanErrorOut, 404: PlanErrorOut},
    summary="Versiot",
)
def version_list(request: HttpRequest, plan_id: int):  # type: ignore[no-untyped-def]
    """Every saved version, newest first."""
    try:
        plan = _plan(request, plan_id, summary=_g("Asiakassuunnitelman versiohistoria (API)"))
    except Http404:
        return _not_found()
    return 200, [
        {
            "number": version.number,
            "created_at": version.created_at,
            "created_by": version.created_by_name,
            "change_summary": version.change_summary,
        }
        for version in selectors.plan_versions(plan=plan)
    ]


@router.get(
    "/{plan_id}/versions/{number}",
    response={200: VersionDetailOut, 401: PlanErrorOut, 404: PlanErrorOut},
    summary="Versio",
)
def version_get(request: HttpRequest, plan_id: int, number: int):  # type: ignore[no-untyped-def]
    """One version with the snapshot of the whole plan as it was saved."""
    try:
        plan = _plan(request, plan_id, summary=_g("Asiakassuunnitelman versio (API)"))
        version = selectors.plan_version_get(plan=plan, number=number)
    except Http404:
        return _not_found()
    return 200, {
        "number": version.number,
        "created_at": version.created_at,
        "created_by": version.created_by_name,
        "change_summary": version.change_summary,
        "snapshot": version.snapshot,
    }


@router.post(
    "/{plan_id}/reviews",
    response={201: ReviewOut, **WRITE_RESPONSES},
    summary="Tarkista suunnitelma",
)
def review_add(request: HttpRequest, plan_id: int, payload: ReviewIn):  # type: ignore[no-untyped-def]
    """A review: GAS scores per goal id (−2…+2) → the T-score, notes and the next review date."""
    try:
        plan = _plan(request, plan_id, summary=_g("Asiakassuunnitelman tarkistus (API)"), action="edit")
    except Http404:
        return _not_found()
    try:
        review = services.plan_review(
            actor=request.user,
            plan=plan,
            reviewed_on=payload.reviewed_on,
            participants=payload.participants,
            scores=payload.scores,
            notes=payload.notes,
            next_review_on=payload.next_review_on,
            channel="api",
        )
    except PermissionDenied as error:
        return 403, {"detail": str(error)}
    except ValidationError as error:
        return _errors(error)
    return 201, _review_out(review)
