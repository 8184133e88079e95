"""The person screens: Asiakkaani, the person page, consents. Thin: parse, call one selector or service, render.

Identity codes travel only in POST bodies, never in URLs; persons are addressed by ``public_id``.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _g
from django.views.decorators.http import require_http_methods, require_POST

from luukku.access import services as access_services
from luukku.access.forms import (
    ConsentForm,
    ConsentWithdrawForm,
    EmergencyAccessForm,
    IdentityCodeSearchForm,
    NameSearchForm,
)
from luukku.access.policy import access_overview, decide
from luukku.people import selectors


def _apply_errors(form, error: ValidationError) -> None:  # type: ignore[no-untyped-def]
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET", "POST"])
def person_list(request: HttpRequest) -> HttpResponse:
    """Asiakkaani: the clients the professional may see, with a search by identity code (POST) and by name."""
    code_form = IdentityCodeSearchForm(prefix="hetu")
    name_form = NameSearchForm(prefix="nimi")
    emergency_form = None
    not_found = False
    query = ""
    if request.method == "POST" and request.POST.get("search") == "identity_code":
        code_form = IdentityCodeSearchForm(request.POST, prefix="hetu")
        if code_form.is_valid():
            code = code_form.cleaned_data["identity_code"]
            person = selectors.person_find_by_identity_code(actor=request.user, code=code)
            if person is not None:
                return redirect("people:detail", public_id=person.public_id)
            not_found = True
            if access_services.emergency_may_open(request.user):
                emergency_form = EmergencyAccessForm(initial={"identity_code": code})
    elif request.method == "POST" and request.POST.get("search") == "name":
        name_form = NameSearchForm(request.POST, prefix="nimi")
        if name_form.is_valid():
            query = name_form.cleaned_data["name"]
    rows = selectors.person_list_visible(actor=request.user, query=query)
    return render(
        request,
        "people/person_list.html",
        {
            "rows": rows,
            "code_form": code_form,
            "name_form": name_form,
            "emergency_form": emergency_form,
            "not_found": not_found,
            "query": query,
        },
    )


def _person_page(request: HttpRequest, public_id: uuid.UUID, *, reveal: bool) -> HttpResponse:
    person = selectors.person_get_for_actor(
        actor=request.user,
        public_id=public_id,
        information_kind="identity_contact",
        summary=_g("Henkilötunnus näytetty")
        if reveal
        else _g("Henkilön sivu: perustiedot, huoltajat, suostumukset"),
    )
    can_edit = decide(actor=request.user, person=person, action="edit").allowed
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "decision": person.access_decision,  # type: ignore[attr-defined]
            "identity_code": person.identity_code if reveal else "",
            "guardians": selectors.person_guardians(person=person),
            "households": selectors.person_households(person=person),
            "overview": access_overview(person=person),
            "consents": selectors.person_consents(person=person),
            "can_edit": can_edit,
        },
    )


@login_required
@require_http_methods(["GET"])
def person_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Henkilön sivu: details, guardians, household, who may see what and why, consents."""
    return _person_page(request, public_id, reveal=False)


@login_required
@require_POST
def person_reveal_identity_code(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Näytä henkilötunnus: an explicit action, logged as a READ of the identity code."""
    return _person_page(request, public_id, reveal=True)


@login_required
@require_http_methods(["GET", "POST"])
def consent_create(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Suostumuksen kirjaus (Asiakastietolaki 703/2023 15 §)."""
    person = selectors.person_get_for_actor(
        actor=request.user, public_id=public_id, action="edit", summary=_g("Suostumuksen kirjaus")
    )
    givers = selectors.person_consent_givers(person=person)
    form = ConsentForm(request.POST or None, givers=givers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            access_services.consent_record(
                actor=request.user,
                person=person,
                given_by=data["given_by"],
                given_by_role=data["given_by_role"],
                information_kinds=data["information_kinds"],
                purpose=data["purpose"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                method=data["method"],
                recipient_organisations=data["recipient_organisations"],
                recipient_units=data["recipient_units"],
                maturity_note=data["maturity_note"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _g("Suostumus kirjattu."))
            return redirect("people:detail", public_id=person.public_id)
    return render(request, "people/consent_form.html", {"person": person, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, public_id: uuid.UUID, consent_id: int) -> HttpResponse:
    """Suostumuksen peruminen: effective from the next request on."""
    person = selectors.person_get_for_actor(
        actor=request.user, public_id=public_id, action="edit", summary=_g("Suostumuksen peruminen")
    )
    consent = selectors.person_consent_get(person=person, consent_id=consent_id)
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access_services.consent_withdraw(
                actor=request.user,
                consent=consent,
                withdrawn_by_description=form.cleaned_data["withdrawn_by_description"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _g("Suostumus peruttu."))
            return redirect("people:detail", public_id=person.public_id)
    return render(
        request, "people/consent_withdraw.html", {"person": person, "consent": consent, "form": form}
    )
