"""The registrar's screens for the client's log report (Asiakastietolaki 703/2023 11 §).

Only a registrar's worker (manager or administrator) may use them; anyone else gets the same 404 as for a page
that does not exist. The identity code used to find a person travels only in a POST body; pages address the
person by ``public_id``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from luukku.audit import selectors, services
from luukku.audit.forms import (
    LogReportDecisionForm,
    LogReportRequestForm,
    PersonLookupForm,
    ReportPeriodForm,
)
from luukku.audit.models import AuditAction, LogReportRequest
from luukku.core import time
from luukku.organisations.models import Role
from luukku.people.models import Person

REGISTRAR_ROLES = frozenset({Role.MANAGER, Role.ADMINISTRATOR})


def _require_registrar_worker(request: HttpRequest) -> None:
    """Rekisterinpitäjän tehtävä: managers and administrators only; the same 404 for everyone else."""
    if getattr(request.user, "role", None) not in REGISTRAR_ROLES:
        raise Http404


def _person_or_404(public_id: str) -> Person:
    return get_object_or_404(Person, public_id=public_id)


@login_required
@require_http_methods(["GET", "POST"])
def person_lookup(request: HttpRequest) -> HttpResponse:
    """Asiakkaan haku lokiraporttia varten henkilötunnuksella (POST only, looked up by digest)."""
    _require_registrar_worker(request)
    form = PersonLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        services.audit_record(
            actor=request.user,
            action=AuditAction.SEARCH,
            person=person,
            obj=person,
            summary=_("Haku henkilötunnuksella lokitietopyyntöä varten"),
            basis=services.LOG_REPORT_BASIS,
        )
        return redirect("audit:person", public_id=person.public_id)
    return render(request, "audit/lookup.html", {"form": form})


@login_required
def person_page(request: HttpRequest, public_id: str) -> HttpResponse:
    """Asiakkaan lokitietopyynnöt: choose the report period, register a request, see earlier requests."""
    _require_registrar_worker(request)
    person = _person_or_404(public_id)
    with transaction.atomic():
        requests = list(selectors.log_report_requests_for_person(person=person))
        services.audit_record(
            actor=request.user,
            action=AuditAction.READ,
            person=person,
            obj=person,
            summary=_("Lokitietopyyntöjen sivu"),
            basis=services.LOG_REPORT_BASIS,
        )
    start, end = selectors.default_report_period()
    return render(
        request,
        "audit/person.html",
        {
            "person": person,
            "requests": requests,
            "period_form": ReportPeriodForm(initial={"alku": start, "loppu": end}),
            "request_form": LogReportRequestForm(
                initial={"requested_on": time.today(), "period_start": start, "period_end": end}
            ),
        },
    )


@login_required
@require_http_methods(["GET"])
def report(request: HttpRequest, public_id: str) -> HttpResponse:
    """Lokiraportti (703/2023 11 §); ``?tulosta=1`` gives the print layout and is logged as a print."""
    _require_registrar_worker(request)
    person = _person_or_404(public_id)
    form = ReportPeriodForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "audit/person.html",
            {
                "person": person,
                "requests": list(selectors.log_report_requests_for_person(person=person)),
                "period_form": form,
                "request_form": LogReportRequestForm(),
            },
            status=400,
        )
    printed = request.GET.get("tulosta") == "1"
    result = services.audit_report_generate(
        actor=request.user,
        person=person,
        start=form.cleaned_data.get("alku"),
        end=form.cleaned_data.get("loppu"),
        printed=printed,
    )
    period = urlencode({"alku": result.start.isoformat(), "loppu": result.end.isoformat()})
    return render(
        request,
        "audit/report.html",
        {
            "report": result,
            "person": person,
            "print_layout": printed,
            "generated_at": time.now(),
            "print_url": f"{reverse('audit:report', args=[person.public_id])}?{period}&tulosta=1",
            "screen_url": f"{reverse('audit:report', args=[person.public_id])}?{period}",
        },
    )


@login_required
@require_POST
def request_register(request: HttpRequest, public_id: str) -> HttpResponse:
    """Lokitietopyynnön kirjaus."""
    _require_registrar_worker(request)
    person = _person_or_404(public_id)
    form = LogReportRequestForm(request.POST)
    if form.is_valid():
        try:
            log_request = services.log_report_request_register(
                actor=request.user,
                person=person,
                requester_description=form.cleaned_data["requester_description"],
                requested_on=form.cleaned_data["requested_on"],
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Lokitietopyyntö kirjattiin."))
            return redirect("audit:decide", pk=log_request.pk)
    return render(
        request,
        "audit/person.html",
        {
            "person": person,
            "requests": list(selectors.log_report_requests_for_person(person=person)),
            "period_form": ReportPeriodForm(),
            "request_form": form,
        },
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Ratkaisu lokitietopyyntöön: delivered, refused or partly refused (a refusal needs written reasoning)."""
    _require_registrar_worker(request)
    log_request = get_object_or_404(LogReportRequest.objects.select_related("person"), pk=pk)
    if log_request.is_decided:
        return redirect("audit:decision", pk=log_request.pk)
    form = LogReportDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_report_request_decide(
                actor=request.user,
                request=log_request,
                decision=form.cleaned_data["decision"],
                reasoning=form.cleaned_data["reasoning"],
                appeal_instructions=form.cleaned_data["appeal_instructions"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Ratkaisu tallennettiin."))
            return HttpResponseRedirect(reverse("audit:decision", args=[log_request.pk]))
    if request.method == "GET":
        services.audit_record(
            actor=request.user,
            action=AuditAction.READ,
            person=log_request.person,
            obj=log_request,
            summary=_("Lokitietopyynnön ratkaisusivu"),
            basis=services.LOG_REPORT_BASIS,
        )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "audit/decide.html",
        {"log_request": log_request, "person": log_request.person, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def request_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """Kirjallinen päätös lokitietopyyntöön, printable, with reasons and appeal instructions."""
    _require_registrar_worker(request)
    log_request = get_object_or_404(
        LogReportRequest.objects.select_related("person", "handled_by", "registered_by"), pk=pk
    )
    if not log_request.is_decided:
        return redirect("audit:decide", pk=log_request.pk)
    services.audit_record(
        actor=request.user,
        action=AuditAction.READ,
        person=log_request.person,
        obj=log_request,
        summary=_("Lokitietopyynnön päätös"),
        basis=services.LOG_REPORT_BASIS,
    )
    return render(
        request,
        "audit/decision.html",
        {"log_request": log_request, "person": log_request.person},
    )
