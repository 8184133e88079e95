"""The person register in the JSON API (/api/v1/people/...): the same policy and the same access log as the screens.

Session authentication (``django_auth``): 401 without a session, 404 for a person who does not exist or whom the
caller may not see. The list never returns identity codes; a single person only in masked form.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from luukku.people import selectors

router = Router(tags=["people"], auth=django_auth)


class ErrorOut(Schema):
    detail: str


class PersonListItemOut(Schema):
    public_id: uuid.UUID
    first_names: str
    last_name: str
    age: int | None
    basis: str


class PersonOut(Schema):
    public_id: uuid.UUID
    first_names: str
    last_name: str
    birth_date: dt.date | None
    age: int | None
    identity_code_masked: str
    home_municipality: str | None
    basis: str


class ConsentOut(Schema):
    id: int
    given_by_role: str
    recipient_organisations: list[str]
    recipient_units: list[str]
    information_kinds: list[str]
    purpose: str
    valid_from: dt.date
    valid_until: dt.date
    method: str
    withdrawn: bool


def _person(request: HttpRequest, public_id: str, *, summary: str):  # type: ignore[no-untyped-def]
    return selectors.person_get_for_actor(
        actor=request.user, public_id=public_id, summary=summary, channel="api"
    )


@router.get("/", response={200: list[PersonListItemOut], 401: ErrorOut}, summary="Asiakkaani")
def person_list(request: HttpRequest, q: str = ""):  # type: ignore[no-untyped-def]
    """Asiakkaani: the persons the caller may see, optionally filtered by name (never by identity code)."""
    rows = selectors.person_list_visible(actor=request.user, query=q[:200], channel="api")
    return 200, [
        {
            "public_id": row.person.public_id,
            "first_names": row.person.first_names,
            "last_name": row.person.last_name,
            "age": row.person.age,
            "basis": row.basis.value,
        }
        for row in rows
    ]


@router.get(
    "/{public_id}", response={200: PersonOut, 401: ErrorOut, 404: ErrorOut}, summary="Henkilön perustiedot"
)
def person_detail(request: HttpRequest, public_id: str):  # type: ignore[no-untyped-def]
    """One person's basic details, if the caller has a basis."""
    try:
        person = _person(request, public_id, summary="Henkilön perustiedot (API)")
    except Http404:
        return 404, {"detail": "Not Found"}
    return 200, {
        "public_id": person.public_id,
        "first_names": person.first_names,
        "last_name": person.last_name,
        "birth_date": person.birth_date,
        "age": person.age,
        "identity_code_masked": person.masked_identity_code,
        "home_municipality": person.home_municipality.name_fi if person.home_municipality_id else None,
        "basis": person.access_decision.basis.value,
    }


@router.get(
    "/{public_id}/consents",
    response={200: list[ConsentOut], 401: ErrorOut, 404: ErrorOut},
    summary="Henkilön suostumukset",
)
def person_consents(request: HttpRequest, public_id: str):  # type: ignore[no-untyped-def]
    """The person's consents (Asiakastietolaki 703/2023 15 §), withdrawn and expired ones included."""
    try:
        person = _person(request, public_id, summary="Henkilön suostumukset (API)")
    except Http404:
        return 404, {"detail": "Not Found"}
    return 200, [
        {
            "id": consent.pk,
            "given_by_role": consent.given_by_role,
            "recipient_organisations": [o.name_fi for o in consent.recipient_organisations.all()],
            "recipient_units": [u.name_fi for u in consent.recipient_units.all()],
            "information_kinds": consent.information_kinds,
            "purpose": consent.purpose,
            "valid_from": consent.valid_from,
            "valid_until": consent.valid_until,
            "method": consent.method,
            "withdrawn": consent.withdrawn_at is not None,
        }
        for consent in selectors.person_consents(person=person)
    ]
