"""Vireilletulot in the JSON API (/api/v1/intakes): from other systems, with idempotent resends.

- ``POST /api/v1/intakes`` – an integrating system (bearer token, ``luukku.intake.auth``) sends a notification or a
  contact (LSL 25 §, 25 c §, SHL 35 §). An ``Idempotency-Key`` header is required: a resend with the same key
  gets the first response again and creates nothing; the same key with another body is refused (422).
- ``GET /api/v1/intakes/{receipt_number}`` – the intake's handling status: an integrating system sees only the
  intakes it sent, a professional (session) those the access policy lets them see; others are 404.
- ``GET /api/v1/intakes?unit=CODE`` – a team's open intakes by deadline: for professionals through the access
  policy, for an integrating system only its own.

Identity codes travel only in the request body and are never echoed. Every read and write is in the access log
with channel ``api``. Bad input is answered ``{"detail": ..., "errors": [{"field": ..., "message": ...}]}``
naming the field in the request, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

import pydantic
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _g
from ninja import Router, Schema
from ninja.security import django_auth
from pydantic import ConfigDict, Field

from luukku.access.policy import decide
from luukku.audit.models import AuditAction
from luukku.audit.services import audit_deferred, audit_record
from luukku.core import deadlines, time
from luukku.intake import selectors, services
from luukku.intake.auth import ApiPrincipal, ApiTokenAuth
from luukku.intake.models import (
    OPEN_STATUSES,
    ApiIdempotencyKey,
    Channel,
    FamilyKnows,
    Intake,
    IntakeKind,
    NotifierSector,
    PoliceNotified,
)
from luukku.organisations.models import Municipality, Unit

router = Router(tags=["intakes"])

AUDIT_CHANNEL = "api"
#: The basis of an integrating system's reads: it made the notification (LSL 25 §) and follows its handling.
NOTIFIER_SYSTEM_BASIS = "notifier_system"
IDEMPOTENCY_HEADER = "Idempotency-Key"
_KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,200}")
_CHILD_FIELDS = ("identity_code", "first_names", "last_name", "birth_date", "expected_birth_date")
_NOTIFIER_FIELDS = {
    "notifier_sector": "notifier.sector",
    "notifier_name": "notifier.name",
    "notifier_organisation": "notifier.organisation",
    "notifier_phone": "notifier.phone",
    "notifier_email": "notifier.email",
}


# --- Schemas ---------------------------------------------------------------------------------------------------


class ChildIn(Schema):
    """A child named in the notification: identity code (body only, never in a URL), else name and birth date."""

    model_config = ConfigDict(extra="forbid")

    identity_code: str = Field("", max_length=20, description="Henkilötunnus; ei koskaan URL:ssa.")
    first_names: str = Field("", max_length=200)
    last_name: str = Field("", max_length=200)
    birth_date: dt.date | None = None
    expected_birth_date: dt.date | None = Field(
        None, description="Syntymättömän lapsen laskettu aika (LSL 25 c §)."
    )
    municipality: str | None = Field(
        None, max_length=64, description="Kotikunnan tunniste (Municipality.code)."
    )


class NotifierIn(Schema):
    """Ilmoittaja: a professional must give a name (LSL 25 §)."""

    model_config = ConfigDict(extra="forbid")

    sector: str = Field(..., json_schema_extra={"enum": NotifierSector.values})
    name: str = Field("", max_length=300)
    organisation: str = Field("", max_length=300)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)


class IntakeIn(Schema):
    """A notification or contact from another system; one intake is created per child."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(..., json_schema_extra={"enum": IntakeKind.values})
    children: list[ChildIn] = Field(default_factory=list, max_length=10)
    notifier: NotifierIn
    concern: str = Field("", max_length=20000, description="Huoli ilmoittajan sanoin.")
    received_at: dt.datetime | None = Field(
        None, description="Vastaanottoaika (oletus: nyt); ilman aikavyöhykettä Suomen aikaa."
    )
    municipality: str | None = Field(None, max_length=64, description="Kunta, jonka vastaanottoon ohjataan.")
    family_knows: str = Field(FamilyKnows.UNKNOWN.value, json_schema_extra={"enum": FamilyKnows.values})
    made_with_family: bool = False
    flag_violence: bool = False
    flag_sexual_offence: bool = False
    flag_custody_dispute: bool = False
    flag_substance_use: bool = False
    police_notified: str = Field(
        PoliceNotified.NOT_APPLICABLE.value, json_schema_extra={"enum": PoliceNotified.values}
    )
    police_notified_on: dt.date | None = None
    external_id: str = Field(
        "", max_length=190, description="Lähettävän järjestelmän oma tunniste (valinnainen)."
    )


class IntakeFieldErrorOut(Schema):
    field: str | None
    message: str


class IntakeErrorOut(Schema):
    detail: str
    errors: list[IntakeFieldErrorOut] = []


class IntakeUnitOut(Schema):
    code: str
    name: str


class IntakeChildRefOut(Schema):
    public_id: str
    name: str


class IntakeStatusOut(Schema):
    receipt_number: str
    kind: str
    status: str
    received_at: dt.datetime
    received_on: dt.date
    unit: IntakeUnitOut
    pta_start_by: dt.date | None
    pta_complete_by: dt.date | None
    working_days_left: int | None
    overdue: bool
    urgency_assessed: bool
    assigned: bool
    outcome: str | None
    decided_on: dt.date | None
    pta_started_on: dt.date | None
    external_id: str
    version: int = Field(
        0, description="Optimistisen lukituksen versio: anna se ratkaisun expected_version-kenttään."
    )
    child: IntakeChildRefOut | None = Field(None, description="Vain ammattilaiselle, jolla on käyttöperuste.")


class IntakeCreatedOut(Schema):
    intakes: list[IntakeStatusOut]


# --- Helpers ---------------------------------------------------------------------------------------------------


def _error(status: int, detail: str, errors: list[dict[str, Any]] | None = None) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": errors or []}, status=status)


def _loc(parts: tuple[Any, ...]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _service_field(name: str) -> str:
    """A service's error key as the request's field path (``identity_code_2`` → ``children[1].identity_code``)."""
    if name in _NOTIFIER_FIELDS:
        return _NOTIFIER_FIELDS[name]
    for child_name in _CHILD_FIELDS:
        if name == child_name:
            return f"children[0].{child_name}"
        match = re.fullmatch(rf"{child_name}_(\d+)", name)
        if match:
            return f"children[{int(match.group(1)) - 1}].{child_name}"
    return name


def _validation_errors(error: ValidationError) -> list[dict[str, Any]]:
    if not hasattr(error, "error_dict"):
        return [{"field": None, "message": str(message)} for message in error.messages]
    return [
        {"field": None if field == "__all__" else _service_field(field), "message": str(message)}
        for field, messages in error.message_dict.items()
        for message in messages
    ]


def _actor(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _status(intake: Intake, *, with_child: bool, today: dt.date) -> dict[str, Any]:
    """The handling status as JSON-ready values (stored as is for idempotent replays)."""
    left = deadlines.working_days_left(intake.pta_start_by, today=today) if intake.pta_start_by else None
    open_ = intake.status in OPEN_STATUSES
    return {
        "receipt_number": intake.receipt_number,
        "kind": intake.kind,
        "status": intake.status,
        "received_at": intake.received_at.astimezone(time.HELSINKI).isoformat(),
        "received_on": intake.received_on.isoformat(),
        "unit": {"code": intake.unit.code, "name": intake.unit.name_fi},
        "pta_start_by": intake.pta_start_by.isoformat() if intake.pta_start_by else None,
        "pta_complete_by": intake.pta_complete_by.isoformat() if intake.pta_complete_by else None,
        "working_days_left": left if open_ else None,
        "overdue": bool(open_ and left is not None and left < 0),
        "urgency_assessed": intake.urgency_assessed_at is not None,
        "assigned": intake.assigned_to_id is not None,
        "outcome": intake.outcome or None,
        "decided_on": time.local_date(intake.decided_at).isoformat() if intake.decided_at else None,
        "pta_started_on": intake.pta_started_on.isoformat() if intake.pta_started_on else None,
        "external_id": intake.external_id,
        "version": intake.version,
        "child": (
            {"public_id": str(intake.child.public_id), "name": intake.child.full_name} if with_child else None
        ),
    }


def _log_reads(actor: Any, intakes: list[Intake], *, summary: str, basis: str) -> None:
    """Käyttöloki: one READ row per child shown, channel ``api``."""
    with transaction.atomic(), audit_deferred():
        for intake in intakes:
            audit_record(
                actor=actor,
                action=AuditAction.READ,
                person=intake.child,
                obj=intake,
                summary=summary,
                basis=basis,
                channel=AUDIT_CHANNEL,
            )


def _client_intakes(principal: ApiPrincipal):  # type: ignore[no-untyped-def]
    return Intake.objects.filter(source_system=principal.client.source_system).select_related(
        "child", "unit", "assigned_to"
    )


def _request_hash(payload: Any) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(stored: ApiIdempotencyKey, request_hash: str) -> HttpResponse:
    if stored.request_hash != request_hash:
        return _error(
            422,
            _g(
                "Idempotency-Key on jo käytetty toisenlaiseen pyyntöön. Lähetä uusi ilmoitus uudella avaimella; "
                "saman ilmoituksen uudelleenlähetyksessä pyynnön sisällön on oltava sama."
            ),
            [{"field": IDEMPOTENCY_HEADER, "message": _g("Avain on käytetty toisella sisällöllä.")}],
        )
    response = HttpResponse(stored.response_body, status=stored.status_code, content_type="application/json")
    response["Idempotent-Replayed"] = "true"
    return response


def _idempotent(
    *, principal: ApiPrincipal, key: str, request_hash: str, create: Callable[[], tuple[int, dict[str, Any]]]
) -> HttpResponse:
    """Run ``create`` once per (client, key); every resend gets the stored first response.

    The key row is inserted first in the creating transaction, so that a racing duplicate waits on the unique
    constraint (PostgreSQL) or on the write lock (SQLite) and then finds the committed row. A refused request
    (validation error) stores nothing: the key may be used again with corrected data.
    """
    client = principal.client
    stored = ApiIdempotencyKey.objects.filter(client=client, key=key).first()
    if stored is not None:
        return _replay(stored, request_hash)
    try:
        with transaction.atomic():
            record = ApiIdempotencyKey.objects.create(
                client=client, key=key, request_hash=request_hash, status_code=0, response_body=""
            )
            # The audit entries of the registration are appended together at the end, so that concurrent
            # senders hold the audit chain's lock only for that moment (luukku.audit.services.audit_deferred).
            with audit_deferred():
                status, body = create()
            content = json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False)
            ApiIdempotencyKey.objects.filter(pk=record.pk).update(status_code=status, response_body=content)
    except IntegrityError:
        stored = ApiIdempotencyKey.objects.filter(client=client, key=key).first()
        if stored is None:
            raise
        return _replay(stored, request_hash)
    return HttpResponse(content, status=status, content_type="application/json")


def _municipality(code: str | None, field: str, errors: list[dict[str, Any]]) -> Municipality | None:
    if not code:
        return None
    found = Municipality.objects.filter(code=code).first()
    if found is None:
        errors.append({"field": field, "message": _g("Tuntematon kunta: anna alueen kuntatunniste.")})
    return found


def _received_at(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=time.HELSINKI)
    return value


def _register(principal: ApiPrincipal, data: IntakeIn) -> tuple[int, dict[str, Any]]:
    """Register the intakes (one per child) and log who sent them; raises ValidationError on bad input."""
    client = principal.client
    errors: list[dict[str, Any]] = []
    routing = _municipality(data.municipality, "municipality", errors)
    children = []
    for index, child in enumerate(data.children):
        home = _municipality(child.municipality, f"children[{index}].municipality", errors)
        children.append(
            services.ChildData(
                first_names=child.first_names,
                last_name=child.last_name,
                identity_code=child.identity_code,
                birth_date=child.birth_date,
                expected_birth_date=child.expected_birth_date,
                home_municipality=home,
            )
        )
        routing = routing or home
    if errors:
        raise _FieldErrors(errors)
    unit: Unit | None = None
    if routing is None:
        unit = client.default_unit
        routing = client.default_municipality
    intakes = services.intake_register(
        actor=None,
        kind=data.kind,
        children=children,
        notifier=services.Notifier(
            sector=data.notifier.sector,
            name=data.notifier.name,
            organisation=data.notifier.organisation or client.organisation.name_fi,
            phone=data.notifier.phone,
            email=data.notifier.email,
        ),
        concern=data.concern,
        received_at=_received_at(data.received_at),
        channel=Channel.API,
        unit=unit,
        municipality=routing,
        family_knows=data.family_knows,
        made_with_family=data.made_with_family,
        flag_violence=data.flag_violence,
        flag_sexual_offence=data.flag_sexual_offence,
        flag_custody_dispute=data.flag_custody_dispute,
        flag_substance_use=data.flag_substance_use,
        police_notified=data.police_notified,
        police_notified_on=data.police_notified_on,
        source_system=client.source_system,
        external_id=data.external_id.strip(),
        audit_channel=AUDIT_CHANNEL,
    )
    for intake in intakes:
        # The service logs the registration as a system task; this row names the sending system.
        audit_record(
            actor=principal,
            action=AuditAction.CREATE,
            person=intake.child,
            obj=intake,
            summary=_g("Vireilletulo vastaanotettu rajapinnasta: %(receipt)s")
            % {"receipt": intake.receipt_number},
            basis=NOTIFIER_SYSTEM_BASIS,
            channel=AUDIT_CHANNEL,
        )
    today = time.today()
    return 201, {"intakes": [_status(intake, with_child=False, today=today) for intake in intakes]}


class _FieldErrors(Exception):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("invalid input")
        self.errors = errors


def _inlined_schema(model: type[Schema]) -> dict[str, Any]:
    """The model's JSON schema with its ``$defs`` inlined, for the hand-declared request body of the docs."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return resolve(definitions[ref.removeprefix("#/$defs/")])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)


_CREATE_OPENAPI = {
    "parameters": [
        {
            "in": "header",
            "name": IDEMPOTENCY_HEADER,
            "required": True,
            "schema": {"type": "string", "minLength": 1, "maxLength": 200},
            "description": "Lähettäjän yksilöllinen avain (esim. UUID). Sama avain + sama sisältö = sama vastaus.",
        }
    ],
    "requestBody": {"required": True, "content": {"application/json": {"schema": _inlined_schema(IntakeIn)}}},
}


# --- Operations ------------------------------------------------------------------------------------------------


@router.post(
    "",
    auth=ApiTokenAuth(),
    response={201: IntakeCreatedOut, 400: IntakeErrorOut, 401: IntakeErrorOut, 422: IntakeErrorOut},
    summary="Vireilletulo toisesta järjestelmästä",
    openapi_extra=_CREATE_OPENAPI,
)
def intake_create(request: HttpRequest):  # type: ignore[no-untyped-def]
    """Lastensuojeluilmoitus (LSL 25 §), ennakollinen ilmoitus (LSL 25 c §) tai yhteydenotto (SHL 35 §) toisesta
    järjestelmästä. Requires ``Idempotency-Key``; a resend with the same key returns the first response."""
    principal: ApiPrincipal = _actor(request)
    key = request.headers.get(IDEMPOTENCY_HEADER, "")
    if not _KEY_PATTERN.fullmatch(key):
        return _error(
            400,
            _g("Idempotency-Key-otsake puuttuu tai on virheellinen (1–200 tulostettavaa ASCII-merkkiä)."),
            [{"field": IDEMPOTENCY_HEADER, "message": _g("Anna pyynnölle yksilöllinen avain, esim. UUID.")}],
        )
    try:
        payload = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return _error(
            400,
            _g("Pyynnön sisältö ei ole JSON-muotoista."),
            [{"field": None, "message": _g("Virheellinen JSON.")}],
        )
    try:
        data = IntakeIn.model_validate(payload)
    except pydantic.ValidationError as error:
        return _error(
            422,
            _g("Ilmoituksessa on virheellisiä tietoja; mitään ei tallennettu."),
            [{"field": _loc(tuple(item["loc"])) or None, "message": item["msg"]} for item in error.errors()],
        )

    def create() -> tuple[int, dict[str, Any]]:
        return _register(principal, data)

    try:
        return _idempotent(principal=principal, key=key, request_hash=_request_hash(payload), create=create)
    except _FieldErrors as error:
        return _error(422, _g("Ilmoituksessa on virheellisiä tietoja; mitään ei tallennettu."), error.errors)
    except ValidationError as error:
        return _error(
            422,
            _g("Ilmoituksessa on virheellisiä tietoja; mitään ei tallennettu."),
            _validation_errors(error),
        )


@router.get(
    "",
    auth=[ApiTokenAuth(), django_auth],
    response={200: list[IntakeStatusOut], 401: IntakeErrorOut, 422: IntakeErrorOut},
    summary="Tiimin avoimet vireilletulot",
)
def intake_list(request: HttpRequest, unit: str = ""):  # type: ignore[no-untyped-def]
    """Työjono: a team's open intakes, overdue first, then by the start deadline (DOMAIN §3).

    A professional sees the intakes the access policy allows (default: their own unit); an integrating system
    only the intakes it sent (optionally one receiving unit's)."""
    actor = _actor(request)
    today = time.today()
    target = None
    if unit:
        target = Unit.objects.filter(code=unit[:100]).first()
        if target is None:
            return _error(
                422,
                _g("Tuntematon yksikkö."),
                [{"field": "unit", "message": _g("Anna yksikön tunniste (Unit.code).")}],
            )
    if isinstance(actor, ApiPrincipal):
        intakes = _client_intakes(actor).filter(status__in=OPEN_STATUSES)
        if target is not None:
            intakes = intakes.filter(unit=target)
        rows = [row.intake for row in selectors.tray_rows(intakes, today=today)]
        basis, with_child = NOTIFIER_SYSTEM_BASIS, False
    else:
        target = target or actor.unit
        rows = (
            [row.intake for row in selectors.intake_tray(actor=actor, unit=target, today=today)]
            if target
            else []
        )
        basis, with_child = "", True
    _log_reads(actor, rows, summary=_g("Vireilletulot työjonossa (API)"), basis=basis)
    return 200, [_status(intake, with_child=with_child, today=today) for intake in rows]


@router.get(
    "/{receipt_number}",
    auth=[ApiTokenAuth(), django_auth],
    response={200: IntakeStatusOut, 401: IntakeErrorOut, 404: IntakeErrorOut},
    summary="Vireilletulon käsittelyn tila",
)
def intake_status(request: HttpRequest, receipt_number: str):  # type: ignore[no-untyped-def]
    """Vireilletulon tila by receipt number: 404 alike for one that does not exist and one the caller may not see."""
    actor = _actor(request)
    receipt_number = receipt_number[:20]
    if isinstance(actor, ApiPrincipal):
        intake = _client_intakes(actor).filter(receipt_number=receipt_number).first()
        basis, with_child = NOTIFIER_SYSTEM_BASIS, False
    else:
        intake = selectors.intake_get_for_actor(actor=actor, receipt_number=receipt_number)
        basis, with_child = "", True
        if intake is not None:
            decision = decide(actor=actor, person=intake.child, action="view")
            basis = str(decision.basis.value) if decision.basis else ""
    if intake is None:
        return _error(404, _g("Vireilletuloa ei löydy."))
    _log_reads(actor, [intake], summary=_g("Vireilletulon tila (API)"), basis=basis)
    return 200, _status(intake, with_child=with_child, today=time.today())


# --- Handling steps for professionals (session): the same services as the intake page ----------------------


class AssignIn(Schema):
    worker: str = Field(..., max_length=150, description="Vastuutyöntekijän käyttäjätunnus.")
    expected_version: int | None = None


class UrgencyIn(Schema):
    urgent: bool
    notes: str = Field("", max_length=5000)
    expected_version: int | None = None


class NoticeIn(Schema):
    child_informed_on: dt.date | None = None
    guardian_informed_on: dt.date | None = None
    expected_version: int | None = None


class DecisionIn(Schema):
    expected_version: int = Field(
        ..., description="Vireilletulon versio, jonka päätöksentekijä näki (status.version)."
    )
    outcome: str = Field(..., description="pta_started | attached_existing | closed_unnecessary")
    reason: str = Field("", max_length=5000)
    guidance: str = Field("", max_length=5000)
    attach_to: str = Field(
        "", max_length=20, description="Sen vireilletulon vastaanottonumero, johon liitetään."
    )


class IntakeConflictOut(Schema):
    detail: str
    errors: list[IntakeFieldErrorOut]
    current: IntakeStatusOut


HANDLING_RESPONSES = {
    200: IntakeStatusOut,
    400: IntakeErrorOut,
    401: IntakeErrorOut,
    404: IntakeErrorOut,
    409: IntakeConflictOut,
}


def _handle(request: HttpRequest, receipt_number: str, step: Callable[[Intake], Intake]) -> Any:
    """Run one handling service for a professional: 404 alike for hidden and missing, 409 on a stale version."""
    actor = _actor(request)
    intake = (
        selectors.intakes_visible_to(actor)
        .select_related("child", "unit", "assigned_to")
        .filter(receipt_number=receipt_number[:20])
        .first()
    )
    if intake is None:
        return _error(404, _g("Vireilletuloa ei löydy."))
    if not decide(actor=actor, person=intake.child, action="edit"):
        services.intake_log_refusal(actor=actor, intake=intake, audit_channel=AUDIT_CHANNEL)
        return _error(404, _g("Vireilletuloa ei löydy."))
    try:
        with transaction.atomic():
            intake = step(intake)
    except services.IntakeAccessDenied:
        services.intake_log_refusal(actor=actor, intake=intake, audit_channel=AUDIT_CHANNEL)
        return _error(404, _g("Vireilletuloa ei löydy."))
    except services.IntakeChanged as changed:
        fresh = Intake.objects.select_related("child", "unit", "assigned_to").get(pk=changed.intake.pk)
        body = {
            "detail": str(changed),
            "errors": [{"field": "expected_version", "message": str(changed)}],
            "current": _status(fresh, with_child=True, today=time.today()),
        }
        return JsonResponse(body, status=409, encoder=DjangoJSONEncoder)
    except ValidationError as error:
        return _error(400, _g("Tarkista tiedot."), _validation_errors(error))
    intake = Intake.objects.select_related("child", "unit", "assigned_to").get(pk=intake.pk)
    return 200, _status(intake, with_child=True, today=time.today())


@router.post(
    "/{receipt_number}/assign", auth=django_auth, response=HANDLING_RESPONSES, summary="Nimeä käsittelijä"
)
def intake_assign(request: HttpRequest, receipt_number: str, payload: AssignIn):  # type: ignore[no-untyped-def]
    """Vastuutyöntekijän nimeäminen: the worker gets the assignment basis, the previous one loses it."""
    from luukku.organisations.models import Professional

    def step(intake: Intake) -> Intake:
        worker = Professional.objects.filter(username=payload.worker, is_active=True).first()
        if worker is None:
            raise ValidationError({"worker": [_g("Tuntematon työntekijä.")]})
        return services.intake_assign(
            audit_channel=AUDIT_CHANNEL,
            actor=_actor(request),
            intake=intake,
            worker=worker,
            expected_version=payload.expected_version,
        )

    return _handle(request, receipt_number, step)


@router.post(
    "/{receipt_number}/urgency",
    auth=django_auth,
    response=HANDLING_RESPONSES,
    summary="Kiireellisyyden arvio",
)
def intake_urgency(request: HttpRequest, receipt_number: str, payload: UrgencyIn):  # type: ignore[no-untyped-def]
    """Kiireellisen lastensuojelun tarpeen arviointi heti (LSL 26 § 1 mom.): required before any other step."""
    return _handle(
        request,
        receipt_number,
        lambda intake: services.intake_assess_urgency(
            audit_channel=AUDIT_CHANNEL,
            actor=_actor(request),
            intake=intake,
            urgent=payload.urgent,
            notes=payload.notes,
            expected_version=payload.expected_version,
        ),
    )


@router.post(
    "/{receipt_number}/notice",
    auth=django_auth,
    response=HANDLING_RESPONSES,
    summary="Ilmoitus lapselle ja huoltajalle",
)
def intake_notice(request: HttpRequest, receipt_number: str, payload: NoticeIn):  # type: ignore[no-untyped-def]
    """Tieto ilmoituksen vastaanottamisesta lapselle ja huoltajalle."""
    return _handle(
        request,
        receipt_number,
        lambda intake: services.intake_record_notice(
            audit_channel=AUDIT_CHANNEL,
            actor=_actor(request),
            intake=intake,
            child_informed_on=payload.child_informed_on,
            guardian_informed_on=payload.guardian_informed_on,
            expected_version=payload.expected_version,
        ),
    )


@router.post(
    "/{receipt_number}/decision",
    auth=django_auth,
    response=HANDLING_RESPONSES,
    summary="Ratkaisu 7 arkipäivässä",
)
def intake_decision(request: HttpRequest, receipt_number: str, payload: DecisionIn):  # type: ignore[no-untyped-def]
    """Ratkaisu (LSL 26 § 2 mom.): start the assessment, attach to an open one, or close as obviously unnecessary.

    Optimistic locking: ``expected_version`` is the version the decider saw; a stale one is answered 409 with
    the current state, never a silent overwrite."""

    def step(intake: Intake) -> Intake:
        attach_to = None
        if payload.attach_to:
            attach_to = (
                selectors.intakes_visible_to(_actor(request)).filter(receipt_number=payload.attach_to).first()
            )
            if attach_to is None:
                raise ValidationError({"attach_to": [_g("Liitettävää vireilletuloa ei löydy.")]})
        return services.intake_decide(
            audit_channel=AUDIT_CHANNEL,
            actor=_actor(request),
            intake=intake,
            expected_version=payload.expected_version,
            outcome=payload.outcome,
            reason=payload.reason,
            guidance=payload.guidance,
            attach_to=attach_to,
        )

    return _handle(request, receipt_number, step)
