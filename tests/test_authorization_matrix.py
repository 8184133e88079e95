"""Authorization matrix: every URL and every API operation, for every role and for anonymous callers.

Every URL pattern of the project (walked from the resolver) and every operation of the OpenAPI schema must have
an entry in ``URLS`` or ``API``; a new view without an entry fails ``test_every_url_has_an_entry`` /
``test_every_api_operation_has_an_entry``. Each entry is tried by each of the six roles and by an anonymous
caller, against a person of the caller's own caseload and a person of another unit's caseload:

* an allowed call succeeds (2xx, or a redirect that is not to the login page);
* a refused call answers 403/404 (anonymous: a redirect to the login page, 401 on the API), shows neither
  person's name nor identity code, and changes nothing: the row count of every model is the same before and
  after, except for at most one REFUSED entry in the access log.

Adding an entry is one line: ``"app:name": (Case(...),)``; ``kwargs``/``data`` build the URL arguments and the
POST body from the ``World`` for "own" or "other", and ``allowed(role, which)`` says who may.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from luukku.access.models import AccessBasis, ConsentGiverRole, ConsentMethod
from luukku.access.services import consent_record, emergency_access_open, involvement_grant
from luukku.assessment.services import assessment_start
from luukku.audit.models import AuditEntry, AuditOutcome, LogReportRequest
from luukku.core import time
from luukku.core.factories import (
    ChildFactory,
    GuardianFactory,
    OrganisationFactory,
    ProfessionalFactory,
    RelationshipFactory,
    UnitFactory,
)
from luukku.core.testing import login
from luukku.intake.services import Notifier, intake_register
from luukku.organisations.models import OrganisationKind, Role, Sector
from luukku.plans.services import plan_create

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
CALLERS = [*Role.values, ANONYMOUS]
WHICH = ("own", "other")
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=time.HELSINKI)

# --- Who may ---------------------------------------------------------------------------------------------------

Allowed = Callable[[str, str], bool]
CLINICIANS = (Role.FAMILY_COUNSELLOR, Role.SOCIAL_WORKER, Role.PROFESSIONAL, Role.MANAGER)
VIEWERS = (*CLINICIANS, Role.POLICE)  # the police officer is a LASTA participant on the own person
REGISTRARS = (Role.MANAGER, Role.ADMINISTRATOR)
STATISTICIANS = (Role.MANAGER, Role.ADMINISTRATOR)


def public(role: str, which: str) -> bool:
    return True


def signed_in(role: str, which: str) -> bool:
    return role != ANONYMOUS


def nobody(role: str, which: str) -> bool:
    return False


def own_clients(*roles: str) -> Allowed:
    """Roles that have a basis on the own person, and no one on the other person."""
    return lambda role, which: role in roles and which == "own"


def roles(*names: str) -> Allowed:
    """Roles allowed whoever the person is (not a client-data decision, e.g. the registrar's log report)."""
    return lambda role, which: role in names


# --- The world -------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class World:
    callers: dict[str, Any]
    own: Any
    other: Any
    own_consent: Any
    other_consent: Any
    own_emergency: Any
    other_emergency: Any
    own_log_request: Any
    other_log_request: Any
    own_unit: Any
    other_unit: Any
    own_intake: Any
    other_intake: Any
    own_assessment: Any
    other_assessment: Any
    own_plan: Any
    other_plan: Any

    def pick(self, name: str, which: str) -> Any:
        return getattr(self, f"{which}_{name}")

    def person(self, which: str) -> Any:
        return self.own if which == "own" else self.other


def build_world() -> World:
    county = OrganisationFactory(kind=OrganisationKind.WELLBEING_COUNTY, name_fi="Kaislahvan hyvinvointialue")
    own_unit = UnitFactory(organisation=county, name_fi="Lapsiperheiden sosiaalityö")
    other_unit = UnitFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.MUNICIPALITY), name_fi="Toisen kunnan koulu"
    )
    police_unit = UnitFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.POLICE),
        name_fi="Poliisi",
        sector=Sector.POLICE,
    )
    callers: dict[str, Any] = {}
    for role in Role.values:
        callers[role] = ProfessionalFactory(
            unit=police_unit if role == Role.POLICE else own_unit,
            role=role,
            is_staff=role == Role.ADMINISTRATOR,
            is_superuser=role == Role.ADMINISTRATOR,
        )
    other_worker = ProfessionalFactory(unit=other_unit, role=Role.SOCIAL_WORKER)
    ProfessionalFactory(unit=other_unit, role=Role.MANAGER)
    own = ChildFactory(first_names="Oona", last_name="Omalapsi")
    other = ChildFactory(first_names="Ville", last_name="Vieraslapsi")
    own_guardian, other_guardian = GuardianFactory(), GuardianFactory()
    RelationshipFactory(person=own_guardian, other=own)
    RelationshipFactory(person=other_guardian, other=other)
    worker = callers[Role.SOCIAL_WORKER]
    involvement_grant(actor=worker, person=own, basis=AccessBasis.OWNING_UNIT, unit=own_unit)
    involvement_grant(
        actor=worker, person=own, basis=AccessBasis.LASTA_PARTICIPANT, professional=callers[Role.POLICE]
    )
    involvement_grant(actor=other_worker, person=other, basis=AccessBasis.OWNING_UNIT, unit=other_unit)

    def consent(actor: Any, person: Any, guardian: Any, unit: Any) -> Any:
        return consent_record(
            actor=actor,
            person=person,
            given_by=guardian,
            given_by_role=ConsentGiverRole.GUARDIAN,
            information_kinds=["plan"],
            purpose="Yhteistyö",
            valid_from=time.today(),
            valid_until=time.today() + dt.timedelta(days=60),
            method=ConsentMethod.PAPER_SIGNED,
            recipient_units=[unit],
        )

    def log_request(person: Any) -> Any:
        return LogReportRequest.objects.create(
            person=person,
            requester_description="Asiakas itse kirjeellä",
            period_start=time.today() - dt.timedelta(days=30),
            period_end=time.today(),
            registered_by=callers[Role.ADMINISTRATOR],
        )

    def intake(person: Any, unit: Any) -> Any:
        notifier = Notifier(sector="education", name="Kaisa Kuraattori", organisation="Koulu", phone="040 1")
        return intake_register(
            actor=None,
            kind="child_protection_notification",
            children=[person],
            notifier=notifier,
            concern="Lapsi on ollut poissa koulusta kaksi viikkoa.",
            unit=unit,
        )[0]

    reason = "Lapsi tuotu päivystykseen, huoltajia ei tavoiteta"
    # Emergency accesses to review: one opened in the own unit, one in the other; on a third child, so that
    # they give none of the callers a basis on the own or the other person.
    third = ChildFactory(first_names="Kaisa", last_name="Kolmaslapsi")
    return World(
        callers=callers,
        own=own,
        other=other,
        own_consent=consent(worker, own, own_guardian, police_unit),
        other_consent=consent(other_worker, other, other_guardian, police_unit),
        own_emergency=emergency_access_open(actor=callers[Role.PROFESSIONAL], person=third, reason=reason),
        other_emergency=emergency_access_open(actor=other_worker, person=third, reason=reason),
        own_log_request=log_request(own),
        other_log_request=log_request(other),
        own_unit=own_unit,
        other_unit=other_unit,
        own_intake=intake(own, own_unit),
        other_intake=intake(other, other_unit),
        own_assessment=assessment_start(actor=worker, child=own, responsible_worker=worker),
        other_assessment=assessment_start(actor=other_worker, child=other, responsible_worker=other_worker),
        own_plan=plan_create(actor=worker, child=own),
        other_plan=plan_create(actor=other_worker, child=other),
    )


# --- Entries ---------------------------------------------------------------------------------------------------

Build = Callable[[World, str], dict[str, Any]]


@dataclasses.dataclass(frozen=True)
class Case:
    """One request to try: method, URL arguments and body built from the world, and who may."""

    allowed: Allowed
    method: str = "get"
    kwargs: Build | None = None
    data: Build | None = None
    query: str = ""
    ok: tuple[int, ...] = (200, 201, 302)
    refused: tuple[int, ...] = (403, 404)
    ends_session: bool = False  # logging out: a redirect to the login page is its success
    json: dict[str, Any] | None = None  # an API body, sent as JSON


def person(w: World, which: str) -> dict[str, Any]:
    return {"public_id": w.person(which).public_id}


def consent(w: World, which: str) -> dict[str, Any]:
    chosen = w.own_consent if which == "own" else w.other_consent
    return {"public_id": chosen.person.public_id, "consent_id": chosen.pk}


def emergency(w: World, which: str) -> dict[str, Any]:
    return {"pk": (w.own_emergency if which == "own" else w.other_emergency).pk}


def log_request(w: World, which: str) -> dict[str, Any]:
    return {"pk": (w.own_log_request if which == "own" else w.other_log_request).pk}


def code_of(w: World, which: str) -> dict[str, Any]:
    return {"identity_code": w.person(which).identity_code, "reason": "Lapsi päivystyksessä, tiedot heti"}


def intake(w: World, which: str) -> dict[str, Any]:
    return {"receipt_number": (w.own_intake if which == "own" else w.other_intake).receipt_number}


def intake_urgency(w: World, which: str) -> dict[str, Any]:
    return {**intake(w, which), "action": "kiireellisyys"}


def assessment(w: World, which: str) -> dict[str, Any]:
    return {"public_id": w.pick("assessment", which).public_id}


def plan(w: World, which: str) -> dict[str, Any]:
    return {"plan_id": w.pick("plan", which).pk}


def plan_version(w: World, which: str) -> dict[str, Any]:
    return {"plan_id": w.pick("plan", which).pk, "number": 1}


def indicator(w: World, which: str) -> dict[str, Any]:
    return {"key": "intakes_by_kind"}


def no_service(w: World, which: str) -> dict[str, Any]:
    return {"code": f"ei-palvelua-{which}"}


def no_invitation(w: World, which: str) -> dict[str, Any]:
    return {"pk": 999_000 + WHICH.index(which)}


def no_invitation_api(w: World, which: str) -> dict[str, Any]:
    return {"invitation_id": 999_000 + WHICH.index(which)}


def no_contact(w: World, which: str) -> dict[str, Any]:
    return {"public_id": f"00000000-0000-4000-8000-00000000000{WHICH.index(which)}"}


def urgency_form(w: World, which: str) -> dict[str, Any]:
    chosen = w.own_intake if which == "own" else w.other_intake
    return {"version": chosen.version, "urgent": "no", "urgency_notes": "Ei välitöntä vaaraa."}


def new_consent(w: World, which: str) -> dict[str, Any]:
    giver = w.person(which).relationships_to.get().person
    return {
        "given_by": giver.pk,
        "given_by_role": ConsentGiverRole.GUARDIAN,
        "recipient_units": [w.other_unit.pk],
        "information_kinds": ["school"],
        "purpose": "Koulun kanssa",
        "valid_from": "2026-11-24",
        "valid_until": "2027-01-31",
        "method": ConsentMethod.PAPER_SIGNED,
    }


def log_request_form(w: World, which: str) -> dict[str, Any]:
    return {
        "requester_description": "Huoltaja puhelimessa",
        "requested_on": "2026-11-24",
        "period_start": "2026-01-01",
        "period_end": "2026-11-24",
    }


URLS: dict[str, tuple[Case, ...]] = {
    # core: the start page and authentication
    "home": (Case(signed_in),),
    "login": (Case(public),),
    "otp_verify": (Case(signed_in),),
    "otp_setup": (Case(signed_in),),
    "logout": (Case(public, "post", ends_session=True),),
    "oidc_authentication_init": (Case(public, ok=(404,)),),  # 404 unless OpenID Connect is configured
    "oidc_authentication_callback": (Case(public, ok=(404,)),),
    "set_language": (Case(public, "post", data=lambda w, which: {"language": "sv", "next": "/"}),),
    # people: the person screens
    "people:list": (
        Case(signed_in),
        Case(
            signed_in,
            "post",
            data=lambda w, which: {"search": "name", "nimi-name": w.person(which).last_name},
        ),
        Case(
            signed_in,
            "post",
            data=lambda w, which: {
                "search": "identity_code",
                "hetu-identity_code": w.person(which).identity_code,
            },
        ),
    ),
    "people:detail": (Case(own_clients(*VIEWERS), kwargs=person),),
    "people:reveal_identity_code": (Case(own_clients(*VIEWERS), "post", kwargs=person),),
    "people:consent_create": (
        Case(own_clients(*CLINICIANS), kwargs=person),
        Case(own_clients(*CLINICIANS), "post", kwargs=person, data=new_consent),
    ),
    "people:consent_withdraw": (
        Case(own_clients(*CLINICIANS), kwargs=consent),
        Case(
            own_clients(*CLINICIANS),
            "post",
            kwargs=consent,
            data=lambda w, which: {"withdrawn_by_description": "Huoltaja"},
        ),
    ),
    # access: break the glass (allowed for another unit's client too: that is its point) and its review
    "access:emergency_open": (Case(roles(*CLINICIANS)), Case(roles(*CLINICIANS), "post", data=code_of)),
    "access:emergency_review_list": (Case(roles(Role.MANAGER)),),
    "access:emergency_review": (Case(own_clients(Role.MANAGER), "post", kwargs=emergency),),
    # audit: the registrar's log report (Asiakastietolaki 703/2023 11 §) for any person
    "audit:lookup": (Case(roles(*REGISTRARS)),),
    "audit:person": (Case(roles(*REGISTRARS), kwargs=person),),
    "audit:report": (Case(roles(*REGISTRARS), kwargs=person),),
    "audit:request_register": (Case(roles(*REGISTRARS), "post", kwargs=person, data=log_request_form),),
    "audit:decide": (Case(roles(*REGISTRARS), kwargs=log_request),),
    "audit:decision": (Case(roles(*REGISTRARS), kwargs=log_request),),
    # intake: trays, the professional's notification, the intake page and its handling actions, the public form
    "intake:team": (Case(signed_in),),
    "intake:mine": (Case(signed_in),),
    "intake:notify": (Case(signed_in),),
    "intake:receipt": (Case(signed_in, ok=(404,)),),  # 404 until a notification of this session is received
    "intake:detail": (Case(own_clients(*VIEWERS), kwargs=intake),),
    "intake:action": (Case(own_clients(*CLINICIANS), "post", kwargs=intake_urgency, data=urgency_form),),
    "intake_public:form": (Case(public),),
    "intake_public:thanks": (
        Case(public, ok=(404,)),
    ),  # 404 until a notification of this session is received
    # catalogue: the public service catalogue and its editors (services are not built in this world: an unknown
    # code is tried, which must be the same 404 for everyone)
    "catalogue:search": (Case(public),),
    "catalogue:service_detail": (Case(public, kwargs=no_service, ok=(404,)),),
    "catalogue:editor_list": (Case(signed_in),),
    "catalogue:service_edit": (Case(nobody, kwargs=no_service),),
    "catalogue:service_check": (Case(nobody, "post", kwargs=no_service),),
    # assessment: the service-need assessment (SHL 36 §, LSL 26 §)
    "assessment:list": (Case(signed_in),),
    "assessment:inbox": (Case(signed_in),),
    "assessment:respond": (Case(nobody, "post", kwargs=no_invitation),),  # invitations: not built here
    "assessment:start": (Case(own_clients(*VIEWERS), kwargs=intake),),  # GET shows the form; starting edits
    "assessment:detail": (Case(own_clients(*VIEWERS), kwargs=assessment),),
    "assessment:action": (
        Case(nobody, "post", kwargs=lambda w, which: {**assessment(w, which), "action": "ei-toimintoa"}),
    ),
    # plans: one child, one plan (SHL 39 §), and the child's page
    "child:page": (Case(own_clients(*VIEWERS), kwargs=person),),
    "plans:create": (Case(own_clients(*CLINICIANS), kwargs=person),),
    "plans:detail": (Case(own_clients(*VIEWERS), kwargs=plan),),
    "plans:print": (Case(own_clients(*VIEWERS), kwargs=plan),),
    "plans:edit": (Case(own_clients(*CLINICIANS), kwargs=plan),),
    "plans:goal_add": (Case(own_clients(*CLINICIANS), kwargs=plan),),
    "plans:action_add": (Case(own_clients(*CLINICIANS), kwargs=plan),),
    "plans:partner_add": (Case(own_clients(*CLINICIANS), kwargs=plan),),
    "plans:review": (Case(own_clients(*CLINICIANS), kwargs=plan),),
    "plans:close": (Case(own_clients(*CLINICIANS), kwargs=plan),),
    "plans:versions": (Case(own_clients(*VIEWERS), kwargs=plan),),
    "plans:version": (Case(own_clients(*VIEWERS), kwargs=plan_version),),
    "plans:compare": (Case(own_clients(*VIEWERS), kwargs=plan, query="a=1&b=1"),),
    # portal: the public electronic family centre (no login)
    "portal:home": (Case(public),),
    "portal:search": (Case(public),),
    "portal:service": (Case(public, kwargs=no_service, ok=(404,)),),
    "portal:meeting_places": (Case(public),),
    "portal:guide": (Case(public),),
    "portal:contact": (Case(public),),
    "portal:contact_thanks": (Case(public, ok=(200, 302, 404)),),
    # contact: the family counsellor network's one contact channel (contacts are not built in this world: an
    # unknown id is tried, which must be the same 404 for everyone)
    "contact:queue": (Case(roles(Role.FAMILY_COUNSELLOR)),),
    "contact:detail": (Case(nobody, kwargs=no_contact),),
    "contact:take": (Case(nobody, "post", kwargs=no_contact),),
    "contact:answer": (Case(nobody, "post", kwargs=no_contact),),
    "contact:route_service": (Case(nobody, "post", kwargs=no_contact),),
    "contact:route_appointment": (Case(nobody, "post", kwargs=no_contact),),
    "contact:route_intake": (Case(nobody, "post", kwargs=no_contact),),
    # statistics: the managers' dashboard and the cases behind a figure (the drill-down lists the own person's
    # November intake through the policy; the administrator's list is empty)
    "statistics:dashboard": (
        Case(roles(*STATISTICIANS)),
        Case(roles(*STATISTICIANS), query="start=2026-11-01"),
    ),
    "statistics:cases": (
        Case(roles(*STATISTICIANS), kwargs=indicator, query="start=2026-11-01&end=2026-11-30&row=2026-11"),
    ),
    # the API's own pages
    "api:openapi-json": (Case(public),),
    "api:openapi-view": (Case(public),),
    "api:api-root": (Case(public, ok=(200, 404)),),
    "api_docs": (Case(public, ok=(302,)),),
    "api_schema": (Case(public, ok=(302,)),),
}

# Django admin: one class, tried on representative pages; only the administrator (is_staff) gets in.
ADMIN_URLS = ("/admin/", "/admin/organisations/unit/", "/admin/organisations/professional/")

WRITE = Case(nobody, "post", json={}, refused=(400, 404, 422))
# An empty body from a caller who may change the case reaches the service's validation (400, a READ in the log); others 404.
REACHES_VALIDATION = Case(own_clients(*CLINICIANS), "post", json={}, kwargs=assessment, ok=(400, 422))
API: dict[str, tuple[Case, ...]] = {
    "GET /api/v1/health": (Case(public),),
    "GET /api/v1/people/": (Case(signed_in),),
    "GET /api/v1/people/{public_id}": (Case(own_clients(*VIEWERS), kwargs=person),),
    "GET /api/v1/people/{public_id}/consents": (Case(own_clients(*VIEWERS), kwargs=person),),
    "GET /api/v1/catalogue/search": (Case(public, query="q=perheneuvola"),),
    "GET /api/v1/intakes": (Case(signed_in),),
    "GET /api/v1/intakes/{receipt_number}": (Case(own_clients(*VIEWERS), kwargs=intake),),
    "GET /api/v1/assessments/invitations": (Case(signed_in),),
    "GET /api/v1/assessments/{public_id}": (Case(own_clients(*VIEWERS), kwargs=assessment),),
    "GET /api/v1/plans/{plan_id}": (Case(own_clients(*VIEWERS), kwargs=plan),),
    "GET /api/v1/plans/{plan_id}/versions": (Case(own_clients(*VIEWERS), kwargs=plan),),
    "GET /api/v1/plans/{plan_id}/versions/{number}": (Case(own_clients(*VIEWERS), kwargs=plan_version),),
    # Writes with an empty JSON body: refused for every caller (401 anonymous, 4xx otherwise) and nothing
    # changes; the owning apps' tests cover the policy on valid bodies.
    "POST /api/v1/intakes": (
        dataclasses.replace(WRITE, refused=(401,)),
    ),  # source systems' key, not a session
    "POST /api/v1/intakes/{receipt_number}/urgency": (
        Case(own_clients(*CLINICIANS), "post", json={"urgent": False}, kwargs=intake),
    ),
    "POST /api/v1/intakes/{receipt_number}/assign": (
        Case(own_clients(*CLINICIANS), "post", json={"worker": "ei-ketaan"}, kwargs=intake, ok=(400,)),
    ),
    "POST /api/v1/intakes/{receipt_number}/notice": (
        Case(
            own_clients(*CLINICIANS),
            "post",
            json={"child_informed_on": "2026-01-05"},
            kwargs=intake,
            ok=(200, 400),
        ),
    ),
    "POST /api/v1/intakes/{receipt_number}/decision": (
        Case(
            own_clients(*CLINICIANS),
            "post",
            json={"expected_version": 999, "outcome": "closed_unnecessary"},
            kwargs=intake,
            ok=(400, 409),
        ),
    ),
    "POST /api/v1/assessments/": (WRITE,),
    "POST /api/v1/assessments/invitations/{invitation_id}/respond": (
        dataclasses.replace(WRITE, kwargs=no_invitation_api),
    ),
    "POST /api/v1/assessments/{public_id}/invitations": (dataclasses.replace(WRITE, kwargs=assessment),),
    "POST /api/v1/assessments/{public_id}/meetings": (dataclasses.replace(WRITE, kwargs=assessment),),
    "POST /api/v1/assessments/{public_id}/child-views": (REACHES_VALIDATION,),
    "POST /api/v1/assessments/{public_id}/intakes": (dataclasses.replace(WRITE, kwargs=assessment),),
    "POST /api/v1/assessments/{public_id}/complete": (REACHES_VALIDATION,),
    "POST /api/v1/plans/": (WRITE,),
    "PATCH /api/v1/plans/{plan_id}": (Case(own_clients(*CLINICIANS), json={}, kwargs=plan),),  # empty patch
    "POST /api/v1/plans/{plan_id}/goals": (dataclasses.replace(WRITE, kwargs=plan),),
    "POST /api/v1/plans/{plan_id}/actions": (dataclasses.replace(WRITE, kwargs=plan),),
    "POST /api/v1/plans/{plan_id}/reviews": (dataclasses.replace(WRITE, kwargs=plan),),
    # statistics: the management figures (managers and administrators, their own county); the drill-down lists the
    # own person's November intake through the policy (the administrator's list is empty)
    "GET /api/v1/statistics/indicators": (Case(roles(*STATISTICIANS)),),
    "GET /api/v1/statistics/indicators/{key}": (
        Case(roles(*STATISTICIANS), kwargs=indicator, query="start=2026-11-01&end=2026-11-30"),
    ),
    "GET /api/v1/statistics/indicators/{key}/cases": (
        Case(roles(*STATISTICIANS), kwargs=indicator, query="start=2026-11-01&end=2026-11-30&row=2026-11"),
    ),
}

# Patterns that are not views of their own: the API's operations are in API, the admin is ADMIN_URLS.
NOT_VIEWS = ("api:",)


# --- Discovery -------------------------------------------------------------------------------------------------


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            found += _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            found.append((prefix + str(pattern.pattern), namespace + (pattern.name or "")))
    return found


def _project_url_names() -> set[str]:
    names = set()
    for route, name in _walk(get_resolver().url_patterns):
        if route.startswith("admin/") or name.startswith("admin:"):
            continue
        if name.startswith("api:") and name not in URLS:
            continue  # operations: checked against the OpenAPI schema below
        names.add(name or route)
    return names


def _api_operations() -> set[str]:
    from config.api import api

    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_every_url_has_an_entry():
    # given every URL pattern of the project
    names = _project_url_names()
    # then each one is in the table, and the table names no URL that is gone
    assert sorted(names - set(URLS)) == [], (
        "add these URL names to URLS in tests/test_authorization_matrix.py"
    )
    assert sorted(set(URLS) - names - {"api:openapi-json", "api:openapi-view", "api:api-root"}) == []


def test_every_api_operation_has_an_entry():
    # given every operation of the OpenAPI schema
    operations = _api_operations()
    # then each one is in the table, and the table names no operation that is gone
    assert sorted(operations - set(API)) == [], (
        "add these operations to API in tests/test_authorization_matrix.py"
    )
    assert sorted(set(API) - operations) == []


def test_the_admin_is_one_class_in_the_table():
    # given the admin's patterns
    admin_routes = [
        route for route, _name in _walk(get_resolver().url_patterns) if route.startswith("admin/")
    ]
    # then there are some, and the representative pages resolve
    assert admin_routes
    for url in ADMIN_URLS:
        assert get_resolver().resolve(url)


# --- The matrix ------------------------------------------------------------------------------------------------


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _secrets(world: World) -> list[str]:
    return [
        world.own.last_name,
        world.own.identity_code,
        world.other.last_name,
        world.other.identity_code,
    ]


def _check_access(case: Case, url: str, role: str, which: str, world: World, *, api: bool) -> None:
    client = Client()
    if role != ANONYMOUS:
        login(client, world.callers[role])
    data = case.data(world, which) if case.data else {}
    before = _counts()
    refused_before = AuditEntry.objects.filter(outcome=AuditOutcome.REFUSED).count()
    target = url + (f"?{case.query}" if case.query else "")
    if case.json is not None:
        response = client.generic(case.method.upper(), target, json.dumps(case.json), "application/json")
    elif case.method == "post":
        response = client.post(target, data)
    else:
        response = client.get(target)
    body = response.content.decode(errors="replace")
    location = response.get("Location", "")
    is_login_redirect = response.status_code == 302 and urlsplit(location).path in (
        reverse("login"),
        "/admin/login/",
    )
    # What the caller typed in (a searched name or code) may be shown back to them.
    typed = " ".join(str(value) for value in data.values())
    allowed = case.allowed(role, which)
    label = f"{case.method.upper()} {url} as {role} on {which}"
    if allowed:
        assert response.status_code in case.ok, (label, response.status_code, location)
        assert case.ends_session or not is_login_redirect, (label, location)
        # A page about the own person (or no person) never shows the other person.
        if which == "own" or case.kwargs is None:
            for secret in (world.other.last_name, world.other.identity_code):
                assert secret in typed or secret not in body, (label, "shows the other person")
        return
    if role == ANONYMOUS:
        expected = response.status_code == 401 if api else is_login_redirect
        assert expected, (label, response.status_code, location)
    else:
        assert response.status_code in case.refused, (label, response.status_code, location)
    for secret in _secrets(world):
        assert secret in typed or secret not in body, (label, "leaked client data")
    after = _counts()
    changed = {
        label_: (before[label_], after[label_]) for label_ in before if before[label_] != after[label_]
    }
    refused_after = AuditEntry.objects.filter(outcome=AuditOutcome.REFUSED).count()
    allowed_change = {"audit.AuditEntry": (before["audit.AuditEntry"], before["audit.AuditEntry"] + 1)}
    assert changed in ({}, allowed_change), (label, changed)
    assert refused_after - refused_before == after["audit.AuditEntry"] - before["audit.AuditEntry"], label


@pytest.fixture
def world():
    with time.frozen(NOW):
        yield build_world()


def _url_cases() -> list[Any]:
    return [
        pytest.param(name, index, id=f"{name}[{index}]")
        for name, cases in URLS.items()
        for index in range(len(cases))
    ]


@pytest.mark.parametrize("which", WHICH)
@pytest.mark.parametrize("role", CALLERS)
@pytest.mark.parametrize(("name", "index"), _url_cases())
def test_url_matrix(world, name, index, role, which):
    # given a caller of one role and an entry of the table
    case = URLS[name][index]
    kwargs = case.kwargs(world, which) if case.kwargs else {}
    # when the caller makes the request, then it is allowed or refused as the table says, leaking nothing
    with time.frozen(NOW):
        _check_access(case, reverse(name, kwargs=kwargs), role, which, world, api=False)


@pytest.mark.parametrize("which", WHICH)
@pytest.mark.parametrize("role", CALLERS)
@pytest.mark.parametrize(
    ("operation", "index"),
    [pytest.param(op, i, id=f"{op}[{i}]") for op, cases in API.items() for i in range(len(cases))],
)
def test_api_matrix(world, operation, index, role, which):
    # given a caller of one role and an API operation
    case = API[operation][index]
    method, path = operation.split(" ", 1)
    kwargs = case.kwargs(world, which) if case.kwargs else {}
    for key, value in kwargs.items():
        path = path.replace("{" + key + "}", str(value))
    # when the caller calls it, then it is allowed or refused as the table says, leaking nothing
    with time.frozen(NOW):
        _check_access(dataclasses.replace(case, method=method.lower()), path, role, which, world, api=True)


@pytest.mark.parametrize("which", WHICH)
@pytest.mark.parametrize("role", CALLERS)
@pytest.mark.parametrize("url", ADMIN_URLS)
def test_admin_matrix(world, url, role, which):
    # given a representative admin page: only the administrator (is_staff) may enter
    case = Case(roles(Role.ADMINISTRATOR), refused=(302, 403, 404))
    # when the caller opens it, then it is allowed or refused, leaking nothing
    with time.frozen(NOW):
        _check_access(case, url, role, which, world, api=False)


def test_login_url_setting_is_the_login_page():
    # given the settings: the matrix recognises a refusal of an anonymous caller by this redirect
    assert reverse(settings.LOGIN_URL) == reverse("login")
