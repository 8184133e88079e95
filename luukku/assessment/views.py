"""Screens of the service-need assessment: my assessments, starting one from an intake, the assessment page with
its forms, and the invitation inbox of an invited unit.

Views are thin: parse a form, call one service or selector, render. An assessment the user may not see answers
404, the same as one that does not exist; a refused write is logged (REFUSED) and answers 404 too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from luukku.assessment import forms, instruments, selectors, services
from luukku.assessment.models import Assessment, Meeting
from luukku.intake import selectors as intake_selectors


def _apply_errors(form: Any, error: ValidationError) -> None:
    """Put a service's field errors next to the fields; unknown keys become form-wide errors."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def _get_visible(request: HttpRequest, public_id: Any) -> Assessment:
    assessment = selectors.assessment_get_for_actor(actor=request.user, public_id=public_id)
    if assessment is None:
        raise Http404
    return assessment


# --- Lists ----------------------------------------------------------------------------------------------------


@login_required
def assessment_list(request: HttpRequest) -> HttpResponse:
    """Arvioinnit: the open and completed assessments the user may see, open ones by deadline."""
    rows = list(selectors.assessments_visible_to(request.user).order_by("status", "complete_by")[:200])
    return render(request, "assessment/list.html", {"assessments": rows})


@login_required
def invitation_inbox(request: HttpRequest) -> HttpResponse:
    """Saapuneet kutsut (SHL 41 §): the unit's invitations; each unanswered one has its answer form."""
    invitations = selectors.invitation_inbox(actor=request.user)
    rows = [
        (
            invitation,
            forms.RespondForm(organisation=request.user.unit.organisation, auto_id=f"id_{invitation.pk}_%s"),
        )
        for invitation in invitations
    ]
    return render(request, "assessment/inbox.html", {"rows": rows})


@login_required
@require_POST
def invitation_respond(request: HttpRequest, pk: int) -> HttpResponse:
    """Vastaa kutsuun: the unit takes part, or names a substitute."""
    invitation = selectors.invitation_get_for_actor(actor=request.user, pk=pk)
    if invitation is None:
        raise Http404
    form = forms.RespondForm(request.POST, organisation=invitation.unit.organisation)
    if form.is_valid():
        try:
            services.invitation_respond(
                actor=request.user,
                invitation=invitation,
                state=form.cleaned_data["state"],
                substitute=form.cleaned_data["substitute"],
            )
        except services.AssessmentAccessDenied:
            services.assessment_log_refusal(actor=request.user, person=invitation.assessment.child)
            raise Http404 from None
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Vastaus kutsuun tallennettu."))
            return redirect("assessment:inbox")
    return render(
        request,
        "assessment/inbox.html",
        {"rows": [(invitation, form)], "error": True},
        status=400,
    )


# --- Starting an assessment -----------------------------------------------------------------------------------


@login_required
def assessment_start_from_intake(request: HttpRequest, receipt_number: str) -> HttpResponse:
    """Aloita arviointi vireilletulosta: decides the intake "PTA started" and starts the assessment together."""
    intake = intake_selectors.intake_get_for_actor(actor=request.user, receipt_number=receipt_number)
    if intake is None:
        raise Http404
    form = forms.StartForm(request.POST or None, initial={"responsible_worker": intake.assigned_to_id})
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(
                actor=request.user,
                child=intake.child,
                intakes=[intake],
                responsible_worker=form.cleaned_data["responsible_worker"],
                pair_worker=form.cleaned_data["pair_worker"],
                child_needs_special_support=form.cleaned_data["child_needs_special_support"],
            )
        except services.AssessmentAccessDenied:
            services.assessment_log_refusal(actor=request.user, person=intake.child)
            raise Http404 from None
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Palvelutarpeen arviointi aloitettu."))
            return redirect("assessment:detail", public_id=assessment.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "assessment/start.html", {"intake": intake, "form": form}, status=status)


# --- The assessment page --------------------------------------------------------------------------------------


def _make_form(key: str, assessment: Assessment, data: Any = None, *, actor: Any, meetings: Any = ()) -> Any:
    auto_id = f"id_{key}_%s"
    if key == "meeting":
        return forms.MeetingForm(data, auto_id=auto_id)
    if key == "attach":
        return forms.AttachForm(
            data, intakes=selectors.attachable_intakes(actor=actor, assessment=assessment), auto_id=auto_id
        )
    if key == "invite":
        return forms.InviteForm(data, auto_id=auto_id)
    if key == "child_view":
        return forms.ChildViewForm(data, auto_id=auto_id)
    if key == "guardian_view":
        return forms.GuardianViewForm(data, auto_id=auto_id)
    if key == "concern":
        return forms.ConcernForm(data, auto_id=auto_id)
    if key == "complete":
        return forms.CompleteForm(data, auto_id=auto_id)
    if key == "whoqol":
        labels = selectors.whoqol_wordings(organisation=assessment.owning_unit.organisation)
        return forms.WhoqolForm(data, meetings=meetings, labels=labels, auto_id=auto_id)
    return forms.GasForm(data, meetings=meetings, auto_id=auto_id)


FORM_KEYS = (
    "attach",
    "meeting",
    "invite",
    "child_view",
    "guardian_view",
    "concern",
    "complete",
    "whoqol",
    "gas",
)


def _render_detail(
    request: HttpRequest, assessment: Assessment, *, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    page = selectors.assessment_page(actor=request.user, assessment=assessment)
    page_forms = {
        key: _make_form(key, assessment, actor=request.user, meetings=page.meetings) for key in FORM_KEYS
    }
    page_forms.update(bound or {})
    context = {
        "page": page,
        "assessment": assessment,
        "forms": page_forms,
        "whoqol_fields": [page_forms["whoqol"][f"q{n}"] for n in range(1, instruments.WHOQOL_ITEMS + 1)],
    }
    return render(request, "assessment/detail.html", context, status=status)


@login_required
def assessment_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Arviointi: deadline and days left, participants and invitations, meetings, views, the outcome form."""
    return _render_detail(request, _get_visible(request, public_id))


def _meeting(assessment: Assessment, pk: int) -> Meeting:
    meeting = assessment.meetings.filter(pk=pk).first()
    if meeting is None:
        raise ValidationError({"meeting": [_("Valitse tämän arvioinnin tapaaminen.")]})
    return meeting


def _do_attach(request: HttpRequest, assessment: Assessment, data: dict[str, Any]) -> Any:
    return services.assessment_attach_intake(actor=request.user, assessment=assessment, intake=data["intake"])


def _do_meeting(request: HttpRequest, assessment: Assessment, data: dict[str, Any]) -> Any:
    return services.assessment_add_meeting(actor=request.user, assessment=assessment, **data)


def _do_invite(request: HttpRequest, assessment: Assessment, data: dict[str, Any]) -> Any:
    return services.assessment_invite_unit(actor=request.user, assessment=assessment, **data)


def _do_child_view(request: HttpRequest, assessment: Assessment, data: dict[str, Any]) -> Any:
    return services.assessment_record_child_view(actor=request.user, assessment=assessment, **data)


def _do_guardian_view(request: HttpRequest, assessment: Assessment, data: dict[str, Any]) -> Any:
    return services.assessment_record_guardian_view(actor=request.user, assessment=assessment, **data)


def _do_concern(request: HttpRequest, assessment: Assessment, data: dict[str, Any]) -> Any:
    return services.assessment_set_concern_zone(actor=request.user, assessment=assessment, zone=data["zone"])


def _do_complete(request: HttpRequest, assessment: Assessment, data: dict[str, Any]) -> Any:
    return services.assessment_complete(actor=request.user, assessment=assessment, **data)


def _do_whoqol(request: HttpRequest, assessment: Assessment, data: dict[str, Any]) -> Any:
    answers = [data.get(f"q{number}") for number in range(1, instruments.WHOQOL_ITEMS + 1)]
    meeting = _meeting(assessment, data["meeting"])
    return services.meeting_record_whoqol_bref(actor=request.user, meeting=meeting, answers=answers)


def _do_gas(request: HttpRequest, assessment: Assessment, data: dict[str, Any]) -> Any:
    meeting = _meeting(assessment, data["meeting"])
    try:
        scores = instruments.parse_numbers(data["scores"], what=str(_("Pisteet")))
        weights = (
            instruments.parse_numbers(data["weights"], what=str(_("Painot")))
            if data["weights"].strip()
            else None
        )
    except instruments.InstrumentInputError as error:
        raise ValidationError({"scores": [str(error)]}) from None
    return services.meeting_record_gas(actor=request.user, meeting=meeting, scores=scores, weights=weights)


ACTIONS: dict[str, tuple[str, Any, Any]] = {
    "liita": ("attach", _do_attach, _("Vireilletulo liitetty arviointiin.")),
    "tapaaminen": ("meeting", _do_meeting, _("Tapaaminen kirjattu.")),
    "kutsu": ("invite", _do_invite, _("Yksikkö kutsuttu arviointiin.")),
    "lapsen-nakemys": ("child_view", _do_child_view, _("Lapsen näkemys kirjattu.")),
    "huoltajan-nakemys": ("guardian_view", _do_guardian_view, _("Huoltajan näkemys kirjattu.")),
    "huoli": ("concern", _do_concern, _("Oma huolen vyöhykkeesi tallennettu.")),
    "valmis": ("complete", _do_complete, _("Arviointi merkitty valmiiksi.")),
    "whoqol-bref": ("whoqol", _do_whoqol, _("WHOQOL-BREF kirjattu.")),
    "gas": ("gas", _do_gas, _("GAS-arvio kirjattu.")),
}


@login_required
@require_POST
def assessment_action(request: HttpRequest, public_id: Any, action: str) -> HttpResponse:
    """One write posted from the assessment page."""
    if action not in ACTIONS:
        raise Http404
    assessment = _get_visible(request, public_id)
    key, perform, done = ACTIONS[action]
    form = _make_form(
        key, assessment, request.POST, actor=request.user, meetings=list(assessment.meetings.all())
    )
    if not form.is_valid():
        return _render_detail(request, assessment, bound={key: form}, status=400)
    try:
        with transaction.atomic():
            perform(request, assessment, dict(form.cleaned_data))
    except services.AssessmentAccessDenied:
        services.assessment_log_refusal(actor=request.user, person=assessment.child)
        raise Http404 from None
    except ValidationError as error:
        _apply_errors(form, error)
        return _render_detail(request, assessment, bound={key: form}, status=400)
    messages.success(request, done)
    return redirect("assessment:detail", public_id=assessment.public_id)
