"""Writes to the client plan (asiakassuunnitelma, SHL 39 §).

Every function is atomic, takes the acting user, needs an edit basis on the child (``policy.decide(action=
"edit")``: the owning unit, the responsible worker, the intake handler or the pair worker), saves a new immutable
``PlanVersion`` and writes its audit row in the same transaction. Bad input raises ``ValidationError`` keyed by
field with a Finnish message; nothing is saved then.

Action owners from other sectors (a school curator, a public-health nurse, a youth worker, an NGO worker, an
employment-services coach) get a view of the plan only: an ``invited_unit`` involvement of their unit limited
to the information kind ``plan`` (SHL 41 § cooperation, Asiakastietolaki 703/2023 4 §: only the data the task
needs). It ends when the plan is closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from luukku.access.models import AccessBasis, InformationKind, Involvement
from luukku.access.policy import decide
from luukku.access.services import involvement_end, involvement_grant
from luukku.assessment import instruments
from luukku.assessment.models import Assessment, AssessmentStatus
from luukku.audit.models import AuditAction
from luukku.audit.services import audit_record
from luukku.core import time
from luukku.organisations.models import Professional
from luukku.people.models import Person
from luukku.plans.models import (
    GAS_MAX,
    GAS_MIN,
    GoalScore,
    Plan,
    PlanAction,
    PlanGoal,
    PlanPartner,
    PlanReview,
    PlanStatus,
    PlanVersion,
)
from luukku.plans.versions import plan_snapshot

SOURCE_TYPE = "plans.Plan"

# The SHL 39 § items that plan_create and plan_update accept, with their types.
DATE_ITEMS = ("expected_end_on", "next_review_on")
TEXT_ITEMS = tuple(name for name in Plan.ITEM_FIELDS if name not in DATE_ITEMS)


class PlanChanged(Exception):
    """Someone else saved the plan after it was opened (optimistic locking): reload and try again."""


def _require_edit(*, actor: Any, child: Person) -> str:
    decision = decide(actor=actor, person=child, action="edit")
    if not decision.allowed or decision.basis is None:
        raise PermissionDenied(decision.reason)
    return decision.basis.value


def _active_professional(value: Any) -> bool:
    return isinstance(value, Professional) and value.is_active


def _clean_items(items: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(items) - set(Plan.ITEM_FIELDS))
    if unknown:
        raise ValueError(f"unknown plan items: {unknown}")
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[Any]] = {}
    for name, value in items.items():
        if name in DATE_ITEMS:
            if value is not None and not isinstance(value, dt.date):
                errors[name] = [_("Anna päivämäärä.")]
            cleaned[name] = value
        else:
            cleaned[name] = (value or "").strip()
            limit = Plan._meta.get_field(name).max_length
            if limit and len(cleaned[name]) > limit:
                errors[name] = [_("Teksti on liian pitkä (enintään %(limit)d merkkiä).") % {"limit": limit}]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _assessment_source(child: Person) -> str:
    """The child's latest completed service-need assessment, which the plan follows (SHL 37 §, 39 §)."""
    latest = (
        Assessment.objects.filter(child=child, status=AssessmentStatus.COMPLETED)
        .order_by("-completed_on", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return f"assessment.Assessment:{latest}" if latest is not None else ""


def _save_version(*, actor: Any, plan: Plan, summary: str) -> PlanVersion:
    """A new immutable version of the whole plan; the plan's version counter moves with it."""
    plan.version += 1
    Plan.objects.filter(pk=plan.pk).update(version=plan.version, updated_at=time.now())
    return PlanVersion.objects.create(
        plan=plan,
        number=plan.version,
        snapshot=plan_snapshot(plan),
        change_summary=summary[:300],
        created_by=actor,
        created_by_name=str(actor)[:300],
    )


def _audit(
    *, actor: Any, plan: Plan, action: AuditAction, summary: str, basis: str, channel: str, obj: Any = None
) -> None:
    audit_record(
        actor=actor,
        action=action,
        person=plan.child,
        obj=obj if obj is not None else plan,
        summary=summary,
        basis=basis,
        channel=channel,
    )


def _locked(plan: Plan, expected_version: int | None) -> Plan:
    current = Plan.objects.select_for_update().select_related("child", "unit", "coordinator").get(pk=plan.pk)
    if expected_version is not None and current.version != expected_version:
        raise PlanChanged(_g("Suunnitelmaa on muutettu sillä välin. Lataa sivu uudelleen."))
    return current


def _require_active(plan: Plan) -> None:
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationError(
            {"plan": [_("Suunnitelma on päättynyt; sitä ei voi enää muuttaa.")]}, code="closed"
        )


@transaction.atomic
def plan_create(
    *,
    actor: Any,
    child: Person,
    coordinator: Professional | None = None,
    source: str = "",
    items: Mapping[str, Any] | None = None,
    channel: str = "ui",
) -> Plan:
    """Asiakassuunnitelman laatiminen (SHL 39 §): the child's one shared plan.

    Refused when the child already has an active plan: other sectors add their actions to it (``plan_add_action``)
    instead of making plans of their own. The coordinator (asiakasvastaava) defaults to the actor; ``source``
    defaults to the child's latest completed service-need assessment.
    """
    basis = _require_edit(actor=actor, child=child)
    coordinator = coordinator or actor
    if not _active_professional(coordinator):
        raise ValidationError({"coordinator": [_("Nimeä asiakasvastaava.")]}, code="required")
    if actor.unit_id is None:
        raise ValidationError(
            {"unit": [_("Sinulla ei ole yksikköä, jolle suunnitelma kuuluisi.")]}, code="unit"
        )
    cleaned = _clean_items(items or {})
    source = source or _assessment_source(child)
    already = _g("Lapsella on jo voimassa oleva asiakassuunnitelma. Lisää toimenpiteet siihen.")
    if Plan.objects.filter(child=child, status=PlanStatus.ACTIVE).exists():
        raise ValidationError({"child": [already]}, code="active_plan_exists")
    plan = Plan(
        child=child,
        unit=actor.unit,
        coordinator=coordinator,
        source=source[:100],
        started_on=time.today(),
        created_by=actor,
        **cleaned,
    )
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        # Two workers saving the first plan at the same moment: the partial unique constraint decides.
        raise ValidationError({"child": [already]}, code="active_plan_exists") from None
    _grant_view(actor=actor, plan=plan, professional=coordinator)
    _save_version(actor=actor, plan=plan, summary=_g("Suunnitelma laadittu"))
    _audit(
        actor=actor,
        plan=plan,
        action=AuditAction.CREATE,
        summary=_g("Asiakassuunnitelma laadittu"),
        basis=basis,
        channel=channel,
    )
    return plan


@transaction.atomic
def plan_update(
    *,
    actor: Any,
    plan: Plan,
    items: Mapping[str, Any] | None = None,
    coordinator: Professional | None = None,
    expected_version: int | None = None,
    summary: str = "",
    channel: str = "ui",
) -> Plan:
    """Suunnitelman päivittäminen (SHL 39 §): changes items of the plan and saves them as a new version.

    A stale ``expected_version`` raises ``PlanChanged`` and changes nothing. Saving without a change makes no
    version.
    """
    current = _locked(plan, expected_version)
    basis = _require_edit(actor=actor, child=current.child)
    _require_active(current)
    cleaned = _clean_items(items or {})
    if coordinator is not None and not _active_professional(coordinator):
        raise ValidationError({"coordinator": [_("Nimeä asiakasvastaava.")]}, code="required")
    changed = [name for name, value in cleaned.items() if getattr(current, name) != value]
    for name in changed:
        setattr(current, name, cleaned[name])
    if coordinator is not None and coordinator.pk != current.coordinator_id:
        current.coordinator = coordinator
        changed.append("coordinator")
        _grant_view(actor=actor, plan=current, professional=coordinator)
    if not changed:
        return current
    current.save(update_fields=changed)
    labels = ", ".join(str(Plan._meta.get_field(name).verbose_name) for name in changed)
    text = summary.strip() or _g("Muutettu: %(fields)s") % {"fields": labels}
    _save_version(actor=actor, plan=current, summary=text)
    _audit(
        actor=actor,
        plan=current,
        action=AuditAction.UPDATE,
        summary=_g("Asiakassuunnitelmaa muutettu: %(fields)s") % {"fields": labels},
        basis=basis,
        channel=channel,
    )
    return current


@transaction.atomic
def plan_add_goal(
    *,
    actor: Any,
    plan: Plan,
    title: str,
    follow_up_on: dt.date | None,
    level_0: str,
    measure: str = "",
    gas_weight: int = 1,
    level_minus_2: str = "",
    level_minus_1: str = "",
    level_plus_1: str = "",
    level_plus_2: str = "",
    channel: str = "ui",
) -> PlanGoal:
    """Yhteinen tavoite (SHL 39 § 2 mom 6 k) with a follow-up date and its GAS levels (0 = the expected outcome)."""
    current = _locked(plan, None)
    basis = _require_edit(actor=actor, child=current.child)
    _require_active(current)
    errors: dict[str, list[Any]] = {}
    if not (title or "").strip():
        errors["title"] = [_("Kirjaa tavoite.")]
    elif len(title.strip()) > 300:
        errors["title"] = [_("Tavoite on liian pitkä (enintään 300 merkkiä).")]
    if follow_up_on is None:
        errors["follow_up_on"] = [_("Tavoitteella on oltava seurantapäivä.")]
    elif not isinstance(follow_up_on, dt.date):
        errors["follow_up_on"] = [_("Anna seurantapäivä päivämääränä.")]
    if not (level_0 or "").strip():
        errors["level_0"] = [_("Kuvaa odotettu tulos (GAS-taso 0).")]
    if not isinstance(gas_weight, int) or isinstance(gas_weight, bool) or not 1 <= gas_weight <= 100:
        errors["gas_weight"] = [_("GAS-painon on oltava kokonaisluku 1–100.")]
    if errors:
        raise ValidationError(errors)
    goal = PlanGoal.objects.create(
        plan=current,
        title=title.strip(),
        measure=(measure or "").strip(),
        follow_up_on=follow_up_on,
        gas_weight=gas_weight,
        level_minus_2=(level_minus_2 or "").strip(),
        level_minus_1=(level_minus_1 or "").strip(),
        level_0=level_0.strip(),
        level_plus_1=(level_plus_1 or "").strip(),
        level_plus_2=(level_plus_2 or "").strip(),
        position=current.goals.count(),
    )
    _save_version(actor=actor, plan=current, summary=_g("Tavoite lisätty: %(title)s") % {"title": goal.title})
    _audit(
        actor=actor,
        plan=current,
        action=AuditAction.CREATE,
        obj=goal,
        summary=_g("Asiakassuunnitelmaan lisätty tavoite"),
        basis=basis,
        channel=channel,
    )
    return goal


def _grant_view(*, actor: Any, plan: Plan, professional: Professional) -> Involvement | None:
    """Let a professional of another unit see the plan, and only the plan (invited unit, kind ``plan``).

    Nothing is granted when the professional can already change the child's record (the owning unit, the
    responsible worker, the pair worker): that basis is closer and already covers the plan.
    """
    if decide(actor=professional, person=plan.child, action="edit").allowed:
        return None
    if professional.unit_id is None:
        raise ValidationError(
            {"owner": [_("Vastuuhenkilöllä ei ole yksikköä, joten hän ei näkisi suunnitelmaa.")]}, code="unit"
        )
    return involvement_grant(
        actor=actor,
        person=plan.child,
        basis=AccessBasis.INVITED_UNIT,
        unit=professional.unit,
        source=f"{SOURCE_TYPE}:{plan.pk}",
        information_kinds=[InformationKind.PLAN],
    )


@transaction.atomic
def plan_add_action(
    *,
    actor: Any,
    plan: Plan,
    description: str,
    owner: Professional | None,
    start_on: dt.date | None,
    service: Any | None = None,
    service_name: str = "",
    end_on: dt.date | None = None,
    meeting_frequency: str = "",
    is_essential: bool = False,
    goal: PlanGoal | None = None,
    channel: str = "ui",
) -> PlanAction:
    """Toimenpide yhteiseen suunnitelmaan: one service's part, owned by a named professional of any sector.

    The owner's unit gets a view of this plan (``invited_unit`` limited to the plan) when it has no closer basis.
    """
    current = _locked(plan, None)
    basis = _require_edit(actor=actor, child=current.child)
    _require_active(current)
    errors: dict[str, list[Any]] = {}
    if not (description or "").strip():
        errors["description"] = [_("Kuvaa toimenpide.")]
    if owner is None:
        errors["owner"] = [_("Toimenpiteellä on oltava vastuuhenkilö.")]
    elif not _active_professional(owner):
        errors["owner"] = [_("Vastuuhenkilön on oltava Luukun käyttäjä, jonka tunnus on voimassa.")]
    if service is None and not (service_name or "").strip():
        errors["service_name"] = [_("Kerro, mikä palvelu toimenpiteestä vastaa.")]
    if start_on is None:
        errors["start_on"] = [_("Anna toimenpiteen alkamispäivä.")]
    elif end_on is not None and end_on < start_on:
        errors["end_on"] = [_("Päättymispäivä on ennen alkamispäivää.")]
    if goal is not None and goal.plan_id != current.pk:
        errors["goal"] = [_("Tavoite kuuluu toiseen suunnitelmaan.")]
    if len((service_name or "").strip()) > 300 or len((meeting_frequency or "").strip()) > 200:
        errors["service_name"] = [_("Teksti on liian pitkä.")]
    if errors:
        raise ValidationError(errors)
    assert owner is not None and start_on is not None
    sector = owner.sector or (owner.unit.sector if owner.unit_id else "")
    action = PlanAction.objects.create(
        plan=current,
        goal=goal,
        description=description.strip(),
        service=service,
        service_name=(service_name or "").strip(),
        owner=owner,
        unit=owner.unit,
        sector=sector,
        start_on=start_on,
        end_on=end_on,
        meeting_frequency=(meeting_frequency or "").strip(),
        is_essential=bool(is_essential),
        position=current.actions.count(),
    )
    _grant_view(actor=actor, plan=current, professional=owner)
    _save_version(
        actor=actor,
        plan=current,
        summary=_g("Toimenpide lisätty: %(service)s, %(owner)s")
        % {"service": action.service_label, "owner": str(owner)},
    )
    _audit(
        actor=actor,
        plan=current,
        action=AuditAction.CREATE,
        obj=action,
        summary=_g("Asiakassuunnitelmaan lisätty toimenpide"),
        basis=basis,
        channel=channel,
    )
    return action


@transaction.atomic
def plan_add_partner(
    *,
    actor: Any,
    plan: Plan,
    name: str,
    responsibility: str,
    unit: Any | None = None,
    contact: str = "",
    channel: str = "ui",
) -> PlanPartner:
    """Yhteistyötaho ja vastuunjako (SHL 39 § 2 mom 8 k)."""
    current = _locked(plan, None)
    basis = _require_edit(actor=actor, child=current.child)
    _require_active(current)
    errors: dict[str, list[Any]] = {}
    if not (name or "").strip():
        errors["name"] = [_("Nimeä yhteistyötaho.")]
    if not (responsibility or "").strip():
        errors["responsibility"] = [_("Kirjaa, mistä yhteistyötaho vastaa.")]
    if errors:
        raise ValidationError(errors)
    partner = PlanPartner.objects.create(
        plan=current,
        name=name.strip()[:300],
        unit=unit,
        contact=(contact or "").strip()[:300],
        responsibility=responsibility.strip(),
        position=current.partners.count(),
    )
    _save_version(
        actor=actor, plan=current, summary=_g("Yhteistyötaho lisätty: %(name)s") % {"name": partner.name}
    )
    _audit(
        actor=actor,
        plan=current,
        action=AuditAction.CREATE,
        obj=partner,
        summary=_g("Asiakassuunnitelmaan lisätty yhteistyötaho"),
        basis=basis,
        channel=channel,
    )
    return partner


def _parse_scores(current: Plan, scores: Mapping[Any, Any]) -> dict[PlanGoal, int]:
    goals = {goal.pk: goal for goal in current.goals.all()}
    parsed: dict[PlanGoal, int] = {}
    errors: list[Any] = []
    for key, raw in scores.items():
        goal_id = key.pk if isinstance(key, PlanGoal) else key
        try:
            goal = goals[int(goal_id)]
        except (KeyError, TypeError, ValueError):
            errors.append(_("Arvioitu tavoite ei kuulu tähän suunnitelmaan."))
            continue
        if raw is None or raw == "":
            continue
        try:
            value = int(raw)
            if isinstance(raw, float) and raw != value:
                raise ValueError
        except (TypeError, ValueError):
            value = GAS_MAX + 1
        if isinstance(raw, bool) or not GAS_MIN <= value <= GAS_MAX:
            errors.append(
                _("Tavoitteen ”%(goal)s” GAS-arvion on oltava kokonaisluku −2…+2.") % {"goal": goal.title}
            )
            continue
        parsed[goal] = value
    if errors:
        raise ValidationError({"scores": errors}, code="gas_range")
    return parsed


@transaction.atomic
def plan_review(
    *,
    actor: Any,
    plan: Plan,
    reviewed_on: dt.date,
    participants: str,
    scores: Mapping[Any, Any],
    notes: str = "",
    next_review_on: dt.date | None = None,
    channel: str = "ui",
) -> PlanReview:
    """Suunnitelman tarkistus (SHL 39 § 2 mom 9 k): GAS scores per goal → T-score, notes, the next review date.

    A score outside −2…+2 is refused. The T-score comes from ``luukku.assessment.instruments`` (DOMAIN.md §5).
    """
    current = _locked(plan, None)
    basis = _require_edit(actor=actor, child=current.child)
    _require_active(current)
    errors: dict[str, list[Any]] = {}
    if not isinstance(reviewed_on, dt.date):
        errors["reviewed_on"] = [_("Anna tarkistuspäivä.")]
    elif reviewed_on > time.today():
        errors["reviewed_on"] = [_("Tarkistuspäivä ei voi olla tulevaisuudessa.")]
    elif next_review_on is not None and next_review_on <= reviewed_on:
        errors["next_review_on"] = [_("Seuraavan tarkistuksen on oltava tarkistuspäivän jälkeen.")]
    if not (participants or "").strip():
        errors["participants"] = [_("Kirjaa tarkistukseen osallistuneet.")]
    try:
        parsed = _parse_scores(current, scores)
    except ValidationError as error:
        errors.update(error.message_dict)
        parsed = {}
    if errors:
        raise ValidationError(errors)
    t_score = None
    if parsed:
        goals = list(parsed)
        t_score = instruments.gas_t_score([parsed[g] for g in goals], [g.gas_weight for g in goals]).t_score
    review = PlanReview.objects.create(
        plan=current,
        reviewed_on=reviewed_on,
        participants=participants.strip(),
        notes=(notes or "").strip(),
        next_review_on=next_review_on,
        t_score=t_score,
        plan_version=current.version,
        created_by=actor,
    )
    GoalScore.objects.bulk_create(
        [
            GoalScore(review=review, goal=goal, score=value, weight=goal.gas_weight)
            for goal, value in parsed.items()
        ]
    )
    if next_review_on is not None and current.next_review_on != next_review_on:
        current.next_review_on = next_review_on
        current.save(update_fields=["next_review_on"])
        _save_version(
            actor=actor,
            plan=current,
            summary=_g("Tarkistettu %(day)s, seuraava tarkistus %(next)s")
            % {"day": f"{reviewed_on:%-d.%-m.%Y}", "next": f"{next_review_on:%-d.%-m.%Y}"},
        )
    _audit(
        actor=actor,
        plan=current,
        action=AuditAction.CREATE,
        obj=review,
        summary=_g("Asiakassuunnitelma tarkistettu"),
        basis=basis,
        channel=channel,
    )
    return review


@transaction.atomic
def plan_close(
    *, actor: Any, plan: Plan, reason: str, closed_on: dt.date | None = None, channel: str = "ui"
) -> Plan:
    """Suunnitelman päättäminen: the client relationship or the need has ended; the plan stays in the record.

    The views granted to other sectors' action owners through this plan end at once.
    """
    current = _locked(plan, None)
    basis = _require_edit(actor=actor, child=current.child)
    _require_active(current)
    closed_on = closed_on or time.today()
    errors: dict[str, list[Any]] = {}
    if not (reason or "").strip():
        errors["reason"] = [_("Kirjaa, miksi suunnitelma päättyy.")]
    if closed_on < current.started_on:
        errors["closed_on"] = [_("Päättymispäivä on ennen suunnitelman alkua.")]
    elif closed_on > time.today():
        errors["closed_on"] = [_("Päättymispäivä ei voi olla tulevaisuudessa.")]
    if errors:
        raise ValidationError(errors)
    current.status = PlanStatus.CLOSED
    current.closed_on = closed_on
    current.closed_reason = reason.strip()
    current.save(update_fields=["status", "closed_on", "closed_reason"])
    for involvement in Involvement.objects.filter(
        person=current.child, source_type=SOURCE_TYPE, source_id=str(current.pk), ended_at__isnull=True
    ):
        involvement_end(actor=actor, involvement=involvement)
    _save_version(actor=actor, plan=current, summary=_g("Suunnitelma päättyi"))
    _audit(
        actor=actor,
        plan=current,
        action=AuditAction.UPDATE,
        summary=_g("Asiakassuunnitelma päätetty"),
        basis=basis,
        channel=channel,
    )
    return current
