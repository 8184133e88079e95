"""The plan screens under /suunnitelmat/ and the child's page under /lapsi/. Thin: parse, call, render."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _g
from django.views.decorators.http import require_http_methods

from luukku.access.policy import access_overview
from luukku.audit.models import AuditAction
from luukku.people import selectors as people_selectors
from luukku.plans import selectors, services
from luukku.plans.child import child_page_get
from luukku.plans.forms import ActionForm, CloseForm, GoalForm, PartnerForm, PlanItemsForm, ReviewForm
from luukku.plans.versions import snapshot_sections


def _apply_errors(form, error: ValidationError) -> None:  # type: ignore[no-untyped-def]
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET"])
def child_page(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Lapsen sivu: everything about the child that the professional may see, on one screen."""
    page = child_page_get(actor=request.user, public_id=public_id)
    return render(request, "plans/child_page.html", {"page": page, "child": page.child})


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Asiakassuunnitelman laatiminen (SHL 39 §) for the child, when the child has no active plan yet."""
    child = people_selectors.person_get_for_actor(
        actor=request.user,
        public_id=public_id,
        action="edit",
        information_kind="plan",
        summary=_g("Asiakassuunnitelman laatiminen"),
    )
    existing = selectors.plan_active_for_child(child=child)
    if existing is not None:
        messages.info(
            request, _g("Lapsella on jo voimassa oleva asiakassuunnitelma. Lisää toimenpiteet siihen.")
        )
        return redirect("plans:detail", plan_id=existing.pk)
    form = PlanItemsForm(request.POST or None, initial={"coordinator": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                actor=request.user,
                child=child,
                coordinator=form.cleaned_data["coordinator"],
                items=form.items(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _g("Asiakassuunnitelma laadittu."))
            return redirect("plans:detail", plan_id=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "child": child, "plan": None})


def _plan(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    plan_id: int,
    *,
    summary: str,
    action: str = "view",
    audit_action: str = AuditAction.READ,
):
    return selectors.plan_get_for_actor(
        actor=request.user, plan_id=plan_id, action=action, summary=summary, audit_action=audit_action
    )


@login_required
@require_http_methods(["GET"])
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Asiakassuunnitelma: the items, goals, actions of every sector, partners and reviews."""
    plan = _plan(request, plan_id, summary=_g("Asiakassuunnitelma"))
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "child": plan.child,
            "can_edit": selectors.plan_may_edit(actor=request.user, plan=plan),
            "overview": access_overview(person=plan.child),
        },
    )


@login_required
@require_http_methods(["GET"])
def plan_print(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Suunnitelma perheelle: the plan in plain language, laid out for printing."""
    plan = _plan(
        request,
        plan_id,
        summary=_g("Asiakassuunnitelma perheelle tulostettavana"),
        audit_action=AuditAction.PRINT,
    )
    return render(request, "plans/plan_print.html", {"plan": plan, "child": plan.child})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Suunnitelman päivittäminen: each save is a new version."""
    plan = _plan(request, plan_id, summary=_g("Asiakassuunnitelman muokkaus"), action="edit")
    form = PlanItemsForm(request.POST or None, initial=PlanItemsForm.initial_for(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                actor=request.user,
                plan=plan,
                items=form.items(),
                coordinator=form.cleaned_data["coordinator"],
                expected_version=_int(request.POST.get("version")),
                summary=form.cleaned_data["summary"],
            )
        except services.PlanChanged as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _g("Muutokset tallennettu uutena versiona."))
            return redirect("plans:detail", plan_id=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "child": plan.child, "plan": plan})


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _sub_form(request: HttpRequest, plan_id: int, *, kind: str) -> HttpResponse:
    plan = _plan(request, plan_id, summary=_g("Asiakassuunnitelman muokkaus"), action="edit")
    if kind == "goal":
        form = GoalForm(request.POST or None)
    elif kind == "action":
        form = ActionForm(request.POST or None, plan=plan)
    else:
        form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "goal":
                services.plan_add_goal(actor=request.user, plan=plan, **data)
            elif kind == "action":
                services.plan_add_action(actor=request.user, plan=plan, **data)
            else:
                services.plan_add_partner(actor=request.user, plan=plan, **data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _g("Tallennettu uutena versiona."))
            return redirect("plans:detail", plan_id=plan.pk)
    titles = {
        "goal": _g("Uusi tavoite"),
        "action": _g("Uusi toimenpide"),
        "partner": _g("Uusi yhteistyötaho"),
    }
    return render(
        request,
        "plans/sub_form.html",
        {"form": form, "plan": plan, "child": plan.child, "title": titles[kind]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Yhteinen tavoite: a goal with a follow-up date and its GAS levels."""
    return _sub_form(request, plan_id, kind="goal")


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Toimenpide: one sector's part of the plan, with its owner."""
    return _sub_form(request, plan_id, kind="action")


@login_required
@require_http_methods(["GET", "POST"])
def partner_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Yhteistyötaho ja vastuunjako."""
    return _sub_form(request, plan_id, kind="partner")


@login_required
@require_http_methods(["GET", "POST"])
def plan_review(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Suunnitelman tarkistus: GAS scores of the goals, notes and the next review date."""
    plan = _plan(request, plan_id, summary=_g("Asiakassuunnitelman tarkistus"), action="edit")
    form = ReviewForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = services.plan_review(
                actor=request.user,
                plan=plan,
                reviewed_on=data["reviewed_on"],
                participants=data["participants"],
                notes=data["notes"],
                next_review_on=data["next_review_on"],
                scores=form.scores(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if review.t_score is not None:
                messages.success(
                    request,
                    _g("Tarkistus kirjattu. GAS T-luku %(t)s.")
                    % {"t": f"{review.t_score:.1f}".replace(".", ",")},
                )
            else:
                messages.success(request, _g("Tarkistus kirjattu."))
            return redirect("plans:detail", plan_id=plan.pk)
    return render(request, "plans/review_form.html", {"form": form, "plan": plan, "child": plan.child})


@login_required
@require_http_methods(["GET", "POST"])
def plan_close(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Suunnitelman päättäminen."""
    plan = _plan(request, plan_id, summary=_g("Asiakassuunnitelman päättäminen"), action="edit")
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_close(
                actor=request.user,
                plan=plan,
                reason=form.cleaned_data["reason"],
                closed_on=form.cleaned_data["closed_on"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _g("Suunnitelma päätetty."))
            return redirect("plans:detail", plan_id=plan.pk)
    return render(
        request,
        "plans/sub_form.html",
        {"form": form, "plan": plan, "child": plan.child, "title": _g("Päätä suunnitelma")},
    )


@login_required
@require_http_methods(["GET"])
def version_list(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Versiohistoria: every saved change, who and when; pick two to compare."""
    plan = _plan(request, plan_id, summary=_g("Asiakassuunnitelman versiohistoria"))
    return render(
        request,
        "plans/version_list.html",
        {"plan": plan, "child": plan.child, "versions": selectors.plan_versions(plan=plan)},
    )


@login_required
@require_http_methods(["GET"])
def version_detail(request: HttpRequest, plan_id: int, number: int) -> HttpResponse:
    """One saved version of the plan, as it was."""
    plan = _plan(request, plan_id, summary=_g("Asiakassuunnitelman versio"))
    version = selectors.plan_version_get(plan=plan, number=number)
    return render(
        request,
        "plans/version_detail.html",
        {
            "plan": plan,
            "child": plan.child,
            "version": version,
            "sections": snapshot_sections(version.snapshot),
        },
    )


@login_required
@require_http_methods(["GET"])
def version_compare(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Kahden version vertailu: the fields that differ, old and new side by side."""
    plan = _plan(request, plan_id, summary=_g("Asiakassuunnitelman versioiden vertailu"))
    old, new = _int(request.GET.get("a")), _int(request.GET.get("b"))
    if old is None or new is None:
        raise Http404(_g("Valitse kaksi versiota."))
    old_version, new_version, rows = selectors.plan_compare(plan=plan, old=old, new=new)
    return render(
        request,
        "plans/version_compare.html",
        {"plan": plan, "child": plan.child, "old": old_version, "new": new_version, "rows": rows},
    )
