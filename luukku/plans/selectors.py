"""Reads of client plans (asiakassuunnitelma, SHL 39 §). Every read starts from the access policy and is logged.

A plan that does not exist and a plan whose child the actor may not see give the same ``Http404`` (and one
REFUSED entry in the access log), so that nobody can probe for plans.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _g

from luukku.access.models import InformationKind
from luukku.access.policy import decide, visible_to
from luukku.access.services import refusal_record
from luukku.audit.models import AuditAction
from luukku.audit.services import audit_record
from luukku.organisations.models import Professional
from luukku.people.models import Person
from luukku.plans.models import GoalScore, Plan, PlanAction, PlanReview, PlanStatus, PlanVersion
from luukku.plans.versions import DiffRow, snapshot_diff


def plans_visible_to(actor: Any) -> QuerySet[Plan]:
    """The plans whose child the actor may see the plan of (the plan information kind)."""
    return Plan.objects.filter(child__in=visible_to(actor, information_kind=InformationKind.PLAN))


def plan_detail_queryset() -> QuerySet[Plan]:
    """A plan with everything its page shows, in a fixed number of queries."""
    return Plan.objects.select_related(
        "child", "unit__organisation", "coordinator__unit__organisation"
    ).prefetch_related(
        "goals",
        Prefetch(
            "actions",
            queryset=PlanAction.objects.select_related(
                "owner__unit__organisation", "unit__organisation", "service", "goal"
            ),
        ),
        "partners",
        Prefetch(
            "reviews",
            queryset=PlanReview.objects.select_related("created_by").prefetch_related(
                Prefetch("scores", queryset=GoalScore.objects.select_related("goal"))
            ),
        ),
    )


def plan_get_for_actor(
    *,
    actor: Any,
    plan_id: int | str,
    action: str = "view",
    summary: str = "",
    channel: str = "ui",
    audit_action: str = AuditAction.READ,
) -> Plan:
    """One plan, if the policy lets the actor see (or change) its child's plan; else ``Http404`` and a REFUSED row.

    The read is logged as one READ (or PRINT) entry naming the basis; the decision is left on the plan as
    ``access_decision``.
    """
    try:
        plan = plan_detail_queryset().filter(pk=int(plan_id)).first()
    except (TypeError, ValueError):
        plan = None
    decision = (
        decide(actor=actor, person=plan.child, action=action, information_kind=InformationKind.PLAN)  # type: ignore[arg-type]
        if plan is not None
        else None
    )
    if plan is None or decision is None or not decision.allowed:
        refusal_record(
            actor=actor,
            person=plan.child if plan is not None else None,
            summary=summary or _g("Asiakassuunnitelman katselu evätty"),
            channel=channel,
        )
        raise Http404(_g("Suunnitelmaa ei löydy."))
    audit_record(
        actor=actor,
        action=audit_action,
        person=plan.child,
        obj=plan,
        summary=summary or _g("Asiakassuunnitelma"),
        basis=decision.basis.value if decision.basis else "",
        channel=channel,
    )
    plan.access_decision = decision  # type: ignore[attr-defined]
    return plan


def plan_active_for_child(*, child: Person) -> Plan | None:
    """The child's one active plan, if any (for a page already allowed by the policy)."""
    return plan_detail_queryset().filter(child=child, status=PlanStatus.ACTIVE).first()


def plan_may_edit(*, actor: Any, plan: Plan) -> bool:
    return bool(decide(actor=actor, person=plan.child, action="edit"))


def plan_versions(*, plan: Plan) -> list[PlanVersion]:
    """Every version of the plan, newest first, without their snapshots (the list shows who, when and what)."""
    return list(plan.versions.defer("snapshot").select_related("created_by").order_by("-number"))


def plan_version_get(*, plan: Plan, number: int) -> PlanVersion:
    version = PlanVersion.objects.filter(plan=plan, number=number).first()
    if version is None:
        raise Http404(_g("Versiota ei löydy."))
    return version


def plan_compare(*, plan: Plan, old: int, new: int) -> tuple[PlanVersion, PlanVersion, list[DiffRow]]:
    """Two versions of one plan and their field-by-field differences (old first)."""
    if old > new:
        old, new = new, old
    versions = {v.number: v for v in PlanVersion.objects.filter(plan=plan, number__in=[old, new])}
    if old not in versions or new not in versions:
        raise Http404(_g("Versiota ei löydy."))
    return versions[old], versions[new], snapshot_diff(versions[old].snapshot, versions[new].snapshot)


def plan_action_owner_choices() -> QuerySet[Professional]:
    """Professionals of every sector who can own an action: active users with a unit."""
    return Professional.objects.filter(is_active=True, unit__isnull=False).order_by("last_name", "first_name")
