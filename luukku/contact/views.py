"""The family-counsellor network's queue of the one contact channel: take, answer, route (staff only)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from luukku.contact import selectors, services
from luukku.contact.forms import AnswerForm, RouteAppointmentForm, RouteIntakeForm, RouteServiceForm
from luukku.contact.models import Contact


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Yhteydenottojono: waiting contacts, oldest first, with the waiting time running."""
    rows = selectors.contact_queue(actor=request.user)
    return render(request, "contact/queue.html", {"rows": rows})


def _forms(request: HttpRequest, **bound: Form) -> dict[str, Form]:
    forms: dict[str, Form] = {
        "answer_form": AnswerForm(),
        "service_form": RouteServiceForm(),
        "appointment_form": RouteAppointmentForm(),
        "intake_form": RouteIntakeForm(),
    }
    forms.update(bound)
    return forms


def _detail(request: HttpRequest, public_id: str, status: int = 200, **bound: Form) -> HttpResponse:
    contact = selectors.contact_for_handler(actor=request.user, public_id=public_id)
    context: dict[str, Any] = {
        "contact": contact,
        "waited": selectors.format_duration(selectors.waiting_for(contact)),
        **_forms(request, **bound),
    }
    return render(request, "contact/detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return _detail(request, public_id)


def _target(request: HttpRequest, public_id: str) -> Contact:
    if not selectors.can_handle_contacts(request.user):
        raise Http404
    try:
        return Contact.objects.get(public_id=public_id)
    except (Contact.DoesNotExist, ValueError):
        raise Http404 from None


def _apply(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
@require_POST
def take(request: HttpRequest, public_id: str) -> HttpResponse:
    contact = _target(request, public_id)
    try:
        services.contact_take(actor=request.user, contact=contact)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Otit yhteydenoton käsittelyyn."))
    return redirect("contact:detail", public_id=contact.public_id)


@login_required
@require_POST
def answer(request: HttpRequest, public_id: str) -> HttpResponse:
    contact = _target(request, public_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.contact_answer(actor=request.user, contact=contact, note=form.cleaned_data["note"])
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Ensimmäinen vastaus kirjattiin."))
            return redirect("contact:detail", public_id=contact.public_id)
    return _detail(request, public_id, status=400, answer_form=form)


def _route(
    request: HttpRequest,
    public_id: str,
    *,
    form: Any,
    form_key: str,
    perform: Callable[[Any, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """One routing step: validate the form, call the service, back to the queue; errors keep what was typed."""
    contact = _target(request, public_id)
    if form.is_valid():
        try:
            perform(contact, form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, done)
            return redirect("contact:queue")
    return _detail(request, public_id, status=400, **{form_key: form})


@login_required
@require_POST
def route_service(request: HttpRequest, public_id: str) -> HttpResponse:
    return _route(
        request,
        public_id,
        form=RouteServiceForm(request.POST),
        form_key="service_form",
        perform=lambda contact, data: services.contact_route_to_service(
            actor=request.user, contact=contact, service=data["service"], note=data["note"]
        ),
        done=_("Yhteydenotto ohjattiin palveluun."),
    )


@login_required
@require_POST
def route_appointment(request: HttpRequest, public_id: str) -> HttpResponse:
    return _route(
        request,
        public_id,
        form=RouteAppointmentForm(request.POST),
        form_key="appointment_form",
        perform=lambda contact, data: services.contact_route_appointment(
            actor=request.user, contact=contact, at=data["at"], with_whom=data["with_whom"], note=data["note"]
        ),
        done=_("Aika varattiin ja yhteydenotto merkittiin ohjatuksi."),
    )


@login_required
@require_POST
def route_intake(request: HttpRequest, public_id: str) -> HttpResponse:
    return _route(
        request,
        public_id,
        form=RouteIntakeForm(request.POST),
        form_key="intake_form",
        perform=lambda contact, data: services.contact_route_to_intake(
            actor=request.user,
            contact=contact,
            consent=data["consent"],
            child_first_names=data["first_names"],
            child_last_name=data["last_name"],
            child_birth_date=data["birth_date"],
            note=data["note"],
        ),
        done=_("Yhteydenotto välitettiin sosiaalihuoltoon (SHL 35 §)."),
    )
