"""Screens of intake handling: the work trays, the intake page, and the two notification forms.

Views are thin: parse a form, call one service or selector, render. An intake the user may not see answers 404,
the same as one that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from luukku.audit.models import AuditAction
from luukku.audit.services import audit_deferred, audit_record
from luukku.core import deadlines, time
from luukku.intake import selectors, services
from luukku.intake.forms import (
    POLICE_DUTY_REMINDER,
    AssignForm,
    BirthForm,
    DecisionForm,
    NoticeForm,
    ProfessionalNotificationForm,
    PublicNotificationForm,
    UrgencyForm,
)
from luukku.intake.models import Channel, Intake, PoliceNotified

RECEIPTS_SESSION_KEY = "intake_receipts"
CONFLICT_MESSAGE = _(
    "Vireilletuloa on muutettu sillä välin. Alla on sen nykyinen tila; tarkista ja tee valintasi uudelleen."
)
RATE_LIMIT_MESSAGE = _(
    "Lomakkeelta on lähetetty liian monta ilmoitusta lyhyessä ajassa. Odota minuutti ja lähetä uudelleen. "
    "Hätätilanteessa soita 112."
)


def _apply_errors(form: Any, error: ValidationError) -> None:
    """Put a service's field errors next to the fields; unknown keys become form-wide errors."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def _log_reads(actor: Any, intakes: list[Intake], summary: str) -> None:
    """Käyttöloki: one READ row per child shown."""
    with transaction.atomic(), audit_deferred():
        for intake in intakes:
            audit_record(
                actor=actor,
                action=AuditAction.READ,
                person=intake.child,
                obj=intake,
                summary=summary,
                basis="",
            )


# --- Work trays ---------------------------------------------------------------------------------------------------


@login_required
def tray_team(request: HttpRequest) -> HttpResponse:
    """Tiimin työjono: the unit's open intakes, overdue first, then by the start deadline."""
    unit = request.user.unit
    rows = selectors.intake_tray(actor=request.user, unit=unit) if unit is not None else []
    _log_reads(request.user, [row.intake for row in rows], _g("Vireilletulot työjonossa"))
    return render(
        request, "intake/tray.html", {"rows": rows, "scope": "team", "unit": unit, "today": time.today()}
    )


@login_required
def tray_mine(request: HttpRequest) -> HttpResponse:
    """Omat vireilletulot: the open intakes assigned to the logged-in worker."""
    rows = selectors.intake_tray(actor=request.user, worker=request.user)
    _log_reads(request.user, [row.intake for row in rows], _g("Vireilletulot työjonossa"))
    return render(
        request,
        "intake/tray.html",
        {"rows": rows, "scope": "mine", "unit": request.user.unit, "today": time.today()},
    )


# --- The intake page ----------------------------------------------------------------------------------------------


def _get_visible(request: HttpRequest, receipt_number: str) -> Intake:
    intake = selectors.intake_get_for_actor(actor=request.user, receipt_number=receipt_number)
    if intake is None:
        raise Http404
    return intake


def _make_form(key: str, intake: Intake, data: Any = None) -> Any:
    """One handling form of the intake page, bound to ``data`` when given; ids are unique across the page."""
    common = {"intake": intake, "auto_id": f"id_{key}_%s"}
    if key == "assign":
        return AssignForm(data, workers=selectors.intake_assignable_workers(intake), **common)
    if key == "urgency":
        return UrgencyForm(data, **common)
    if key == "notice":
        initial = {
            "child_informed_on": intake.child_informed_on,
            "guardian_informed_on": intake.guardian_informed_on,
        }
        return NoticeForm(data, initial=initial, **common)
    if key == "decision":
        return DecisionForm(data, candidates=selectors.intake_attach_candidates(intake), **common)
    return BirthForm(data, **common)


def _forms_for(intake: Intake, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    forms = {key: _make_form(key, intake) for key in ("assign", "urgency", "notice", "decision", "birth")}
    forms.update(bound or {})
    return forms


def _render_detail(
    request: HttpRequest,
    intake: Intake,
    *,
    bound: dict[str, Any] | None = None,
    conflict: bool = False,
    status: int = 200,
) -> HttpResponse:
    siblings = list(selectors.intake_siblings(intake, actor=request.user))
    _log_reads(request.user, [intake, *siblings], _g("Vireilletulon tiedot"))
    today = time.today()
    context = {
        "intake": intake,
        "siblings": siblings,
        "timeline": selectors.intake_timeline(intake),
        "repeats": selectors.intake_repeats_for_child(intake.child, exclude=intake),
        "days_left": (
            deadlines.working_days_left(intake.pta_start_by, today=today) if intake.pta_start_by else None
        ),
        "forms": _forms_for(intake, bound),
        "conflict": conflict,
        "conflict_message": CONFLICT_MESSAGE,
    }
    return render(request, "intake/detail.html", context, status=status)


@login_required
def intake_detail(request: HttpRequest, receipt_number: str) -> HttpResponse:
    """Vireilletulon sivu: facts, deadlines, the timeline, repeat notifications and the handling forms."""
    return _render_detail(request, _get_visible(request, receipt_number))


def _do_assign(request: HttpRequest, intake: Intake, form: Any) -> Intake:
    return services.intake_assign(
        actor=request.user,
        intake=intake,
        worker=form.cleaned_data["worker"],
        expected_version=form.cleaned_data["version"],
    )


def _do_urgency(request: HttpRequest, intake: Intake, form: Any) -> Intake:
    return services.intake_assess_urgency(
        actor=request.user,
        intake=intake,
        urgent=form.cleaned_data["urgent"],
        notes=form.cleaned_data["urgency_notes"],
        expected_version=form.cleaned_data["version"],
    )


def _do_notice(request: HttpRequest, intake: Intake, form: Any) -> Intake:
    return services.intake_record_notice(
        actor=request.user,
        intake=intake,
        child_informed_on=form.cleaned_data["child_informed_on"],
        guardian_informed_on=form.cleaned_data["guardian_informed_on"],
        expected_version=form.cleaned_data["version"],
    )


def _do_decision(request: HttpRequest, intake: Intake, form: Any) -> Intake:
    return services.intake_decide(
        actor=request.user,
        intake=intake,
        expected_version=form.cleaned_data["version"],
        outcome=form.cleaned_data["outcome"],
        reason=form.cleaned_data["reason"],
        guidance=form.cleaned_data["guidance"],
        attach_to=form.cleaned_data["attach_to"],
        attach_reference=form.cleaned_data["attach_reference"],
    )


def _do_birth(request: HttpRequest, intake: Intake, form: Any) -> Intake:
    return services.intake_record_birth(
        actor=request.user,
        intake=intake,
        birth_date=form.cleaned_data["birth_date"],
        identity_code=form.cleaned_data["identity_code"],
        first_names=form.cleaned_data["first_names"],
        last_name=form.cleaned_data["last_name"],
        expected_version=form.cleaned_data["version"],
    )


ACTIONS: dict[str, tuple[str, Any, str]] = {
    "vastuutyontekija": ("assign", _do_assign, _("Vastuutyöntekijä nimetty.")),
    "kiireellisyys": ("urgency", _do_urgency, _("Kiireellisyyden arvio tallennettu.")),
    "tiedoksianto": ("notice", _do_notice, _("Ilmoitus lapselle ja huoltajalle kirjattu.")),
    "ratkaisu": ("decision", _do_decision, _("Ratkaisu tallennettu.")),
    "syntyma": ("birth", _do_birth, _("Syntymä kirjattu; määräajat alkoivat.")),
}


@login_required
@require_POST
def intake_action(request: HttpRequest, receipt_number: str, action: str) -> HttpResponse:
    """One handling step (assign, urgency, notice, decision, birth) posted from the intake page."""
    if action not in ACTIONS:
        raise Http404
    intake = _get_visible(request, receipt_number)
    if not selectors.intake_may_edit(actor=request.user, intake=intake):
        # Seeing is not handling (a consent or a LASTA participation lets one only view): the same 404.
        services.intake_log_refusal(actor=request.user, intake=intake)
        raise Http404
    key, perform, done = ACTIONS[action]
    form = _make_form(key, intake, request.POST)
    if not form.is_valid():
        return _render_detail(request, intake, bound={key: form}, status=400)
    try:
        perform(request, intake, form)
    except services.IntakeChanged as changed:
        # Never overwrite: show the fresh state with the conflict message; the worker decides again.
        return _render_detail(request, changed.intake, conflict=True, status=409)
    except services.IntakeAccessDenied:
        services.intake_log_refusal(actor=request.user, intake=intake)
        raise Http404 from None
    except ValidationError as error:
        _apply_errors(form, error)
        return _render_detail(request, intake, bound={key: form}, status=400)
    messages.success(request, done)
    return redirect("intake:detail", receipt_number=intake.receipt_number)


# --- Notification forms -------------------------------------------------------------------------------------------


def _remember_receipts(request: HttpRequest, intakes: list[Intake]) -> None:
    request.session[RECEIPTS_SESSION_KEY] = {
        "receipts": [intake.receipt_number for intake in intakes],
        "police_reminder": any(
            intake.notifier_is_professional
            and intake.police_duty_applies
            and intake.police_notified == PoliceNotified.NO
            for intake in intakes
        ),
        "anticipatory": any(intake.is_anticipatory for intake in intakes),
    }


@login_required
def notify_professional(request: HttpRequest) -> HttpResponse:
    """Ammattilaisen sähköinen ilmoituslomake (LSL 25 §, 25 a §, 25 c §; SHL 35 §)."""
    user = request.user
    initial = {
        "notifier_name": user.get_full_name(),
        "notifier_organisation": user.unit.organisation.name_fi if user.unit_id else "",
        "notifier_email": user.email,
        "notifier_phone": getattr(user, "phone", ""),
    }
    if request.method != "POST":
        form = ProfessionalNotificationForm(initial=initial)
        return render(
            request,
            "intake/notify_professional.html",
            {"form": form, "police_reminder": POLICE_DUTY_REMINDER},
        )
    form = ProfessionalNotificationForm(request.POST, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        children = form.children()
        try:
            intakes = services.intake_register(
                actor=user,
                kind=data["kind"],
                children=children,
                notifier=form.notifier(user),
                concern=data["concern"],
                received_at=data.get("received_at") or time.now(),
                channel=data["channel"],
                municipality=data.get("municipality"),
                family_knows=data["family_knows"],
                made_with_family=data["made_with_family"],
                flag_violence=data["flag_violence"],
                flag_sexual_offence=data["flag_sexual_offence"],
                flag_custody_dispute=data["flag_custody_dispute"],
                flag_substance_use=data["flag_substance_use"],
                police_notified=data["police_notified"],
                police_notified_on=data.get("police_notified_on"),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            _remember_receipts(request, intakes)
            return redirect("intake:receipt")
    return render(
        request,
        "intake/notify_professional.html",
        {"form": form, "police_reminder": POLICE_DUTY_REMINDER},
        status=400,
    )


@login_required
def receipt(request: HttpRequest) -> HttpResponse:
    """Vastaanottokuittaus for a professional's notification."""
    return render(request, "intake/receipt.html", _receipt_context(request))


def _receipt_context(request: HttpRequest) -> dict[str, Any]:
    stored = request.session.get(RECEIPTS_SESSION_KEY)
    if not stored:
        raise Http404
    return {
        "receipts": stored["receipts"],
        "police_reminder": POLICE_DUTY_REMINDER if stored.get("police_reminder") else "",
        "anticipatory": stored.get("anticipatory", False),
    }


# --- The public form ----------------------------------------------------------------------------------------------


def _client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _over_rate_limit(request: HttpRequest) -> bool:
    """At most ``LUUKKU_PUBLIC_FORM_PER_MINUTE`` (default 5) submissions a minute from one address."""
    limit = getattr(settings, "LUUKKU_PUBLIC_FORM_PER_MINUTE", 5)
    key = f"intake-public-form:{_client_address(request)}"
    if cache.add(key, 1, timeout=60):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60)
        return False
    return count > limit


def _language_from_query(request: HttpRequest) -> str | None:
    lang = request.GET.get("lang", "")
    if lang in dict(settings.LANGUAGES):
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        return lang
    return None


def _with_language_cookie(response: HttpResponse, lang: str | None) -> HttpResponse:
    if lang:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, samesite="Lax")
    return response


def notify_public(request: HttpRequest) -> HttpResponse:
    """Yksityishenkilön lastensuojeluilmoitus tai perheen avunpyyntö verkossa: no login, no JavaScript needed."""
    lang = _language_from_query(request)
    context: dict[str, Any] = {"routes_exist": selectors.intake_has_route()}
    if request.method != "POST":
        context["form"] = PublicNotificationForm()
        return _with_language_cookie(render(request, "intake/notify_public.html", context), lang)
    form = PublicNotificationForm(request.POST)
    context["form"] = form
    if _over_rate_limit(request):
        context["rate_limited"] = RATE_LIMIT_MESSAGE
        return render(request, "intake/notify_public.html", context, status=429)
    if form.is_valid():
        data = form.cleaned_data
        try:
            intakes = services.intake_register(
                actor=None,
                kind=data["kind"],
                children=form.children(),
                notifier=form.notifier(),
                concern=data["concern"],
                received_at=time.now(),
                channel=Channel.E_FORM,
                municipality=data.get("municipality"),
                family_knows=data["family_knows"],
                flag_violence=data["flag_violence"],
                flag_sexual_offence=data["flag_sexual_offence"],
                flag_substance_use=data["flag_substance_use"],
                audit_channel="public",
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            _remember_receipts(request, intakes)
            return redirect("intake_public:thanks")
    return render(request, "intake/notify_public.html", context, status=400)


def notify_public_thanks(request: HttpRequest) -> HttpResponse:
    """Kiitos: the receipt number(s) and what happens next."""
    lang = _language_from_query(request)
    context = _receipt_context(request)
    context["public"] = True
    return _with_language_cookie(render(request, "intake/receipt.html", context), lang)
