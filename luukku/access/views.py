"""Hätäkäyttö ("break the glass") and the manager's review of emergency accesses. Thin views over the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _g
from django.views.decorators.http import require_http_methods, require_POST

from luukku.access import services
from luukku.access.forms import EmergencyAccessForm, EmergencyReviewForm
from luukku.access.policy import decide
from luukku.audit.models import AuditAction
from luukku.audit.services import audit_record
from luukku.core import identity
from luukku.people.models import Person


def _forbidden(request: HttpRequest, summary: str) -> HttpResponse:
    services.refusal_record(actor=request.user, summary=summary)
    return render(request, "access/forbidden.html", status=403)


@login_required
@require_http_methods(["GET", "POST"])
def emergency_open(request: HttpRequest) -> HttpResponse:
    """Hätäkäyttö: the identity code and a written reason open a time-limited view of the person's data."""
    if not services.emergency_may_open(request.user):
        return _forbidden(request, _g("Hätäkäytön avaaminen evätty"))
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["identity_code"]
        person = None
        if identity.is_valid(code):
            person = Person.objects.filter(identity_code_digest=identity.lookup_digest(code)).first()
        if person is None:
            audit_record(
                actor=request.user,
                action=AuditAction.SEARCH,
                summary=_g("Hätäkäyttö: henkilötunnuksella ei löytynyt henkilöä"),
            )
            form.add_error("identity_code", _g("Henkilötunnuksella ei löytynyt henkilöä."))
        elif decide(actor=request.user, person=person).allowed:
            return redirect("people:detail", public_id=person.public_id)
        else:
            try:
                services.emergency_access_open(
                    actor=request.user, person=person, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error("reason", error.message_dict.get("reason", error.messages))
            else:
                messages.warning(
                    request, _g("Hätäkäyttö avattu. Esihenkilösi saa siitä tiedon ja tarkastaa sen.")
                )
                return redirect("people:detail", public_id=person.public_id)
    return render(request, "access/emergency_form.html", {"form": form})


@login_required
@require_http_methods(["GET"])
def emergency_review_list(request: HttpRequest) -> HttpResponse:
    """Esihenkilön näkymä: the unreviewed emergency accesses of the manager's units, and recent reviewed ones."""
    if request.user.role != "manager":
        return _forbidden(request, _g("Hätäkäyttöjen tarkastuslista evätty"))
    accesses = services.emergency_reviewable_by(request.user).select_related(
        "professional", "unit", "person", "reviewed_by"
    )
    return render(
        request,
        "access/emergency_review_list.html",
        {
            "unreviewed": list(accesses.filter(reviewed_at__isnull=True).order_by("started_at")),
            "reviewed": list(accesses.filter(reviewed_at__isnull=False).order_by("-reviewed_at")[:50]),
            "form": EmergencyReviewForm(),
        },
    )


@login_required
@require_POST
def emergency_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Merkitse hätäkäyttö tarkastetuksi."""
    emergency = services.emergency_reviewable_by(request.user).filter(pk=pk).first()
    if emergency is None:
        services.refusal_record(actor=request.user, summary=_g("Hätäkäytön tarkastus evätty"))
        raise Http404(_g("Hätäkäyttöä ei löydy."))
    form = EmergencyReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.emergency_access_review(actor=request.user, emergency=emergency, note=note)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _g("Hätäkäyttö merkitty tarkastetuksi."))
    return redirect("access:emergency_review_list")
