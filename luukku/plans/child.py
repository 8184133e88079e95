"""Lapsen sivu: one screen with everything about one child that the actor may see.

Details, guardians and household; open intakes; assessments and their meetings; the active plan; who is involved
from which sector (the network map); a chronology of everything, newest first; and the outcome instruments over
time. Each part is shown only when the access policy lets the actor see that kind of information (an action owner
invited to the plan sees the plan and nothing else). The whole page is one READ entry in the access log.

The number of queries does not grow with the child's history: every list is one query (with its prefetches).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

from django.db.models import Prefetch, Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _g

from luukku.access.models import AccessBasis, InformationKind
from luukku.access.policy import EDIT_BASES, Decision, decide
from luukku.access.services import refusal_record
from luukku.assessment.instruments import DOMAIN_LABELS, transform_100
from luukku.assessment.models import Assessment, GasResult, Invitation, Meeting, WhoqolResult
from luukku.audit.models import AuditAction
from luukku.audit.services import audit_record
from luukku.core import time
from luukku.intake.models import OPEN_STATUSES, Intake, IntakeEvent
from luukku.organisations.models import Sector
from luukku.people.models import Household, Person, Relationship, RelationshipKind
from luukku.plans.charts import Chart, Network, NetworkBuilder, build_chart
from luukku.plans.models import Plan, PlanReview, PlanStatus, PlanVersion
from luukku.plans.selectors import plan_detail_queryset

_SECTOR_LABELS = dict(Sector.choices)


@dataclasses.dataclass(frozen=True)
class ChronologyEntry:
    """One thing that happened, for the chronology: when, what kind, what, and where to read more."""

    at: dt.datetime
    category: str
    text: str
    url: str = ""


@dataclasses.dataclass
class ChildPage:
    child: Person
    decision: Decision
    sees_identity: bool
    sees_assessment: bool
    sees_plan: bool
    can_edit: bool
    guardians: list[Relationship]
    households: list[Household]
    intakes: list[Intake]
    assessments: list[Assessment]
    meetings: list[Meeting]
    plan: Plan | None
    closed_plans: list[Plan]
    network: Network
    chronology: list[ChronologyEntry]
    chart: Chart

    @property
    def open_intakes(self) -> list[Intake]:
        return [intake for intake in self.intakes if intake.status in OPEN_STATUSES]

    @property
    def may_create_plan(self) -> bool:
        return self.can_edit and self.plan is None


def _moment(day: dt.date) -> dt.datetime:
    """A date-only event (a meeting, a review) placed at noon of its day in the chronology."""
    return time.start_of_day(day) + dt.timedelta(hours=12)


def _sector_of(professional: Any) -> tuple[str, str]:
    sector = getattr(professional, "sector", "") or (professional.unit.sector if professional.unit_id else "")
    return sector, str(_SECTOR_LABELS.get(sector, _g("Sektori ei tiedossa")))


def _professional_label(professional: Any) -> str:
    organisation = professional.unit.organisation.name_fi if professional.unit_id else ""
    return f"{professional} ({organisation})" if organisation else str(professional)


def _add_professional(builder: NetworkBuilder, professional: Any, role: str) -> None:
    sector, label = _sector_of(professional)
    builder.add(
        key=f"p{professional.pk}",
        label=_professional_label(professional),
        sector=sector,
        sector_label=label,
        role=role,
    )


def _add_unit(builder: NetworkBuilder, unit: Any, role: str) -> None:
    builder.add(
        key=f"u{unit.pk}",
        label=f"{unit.name_fi} ({unit.organisation.name_fi})",
        sector=unit.sector,
        sector_label=str(_SECTOR_LABELS.get(unit.sector, unit.sector)),
        role=role,
    )


# Bases that cover every kind of the child's information (DOMAIN.md §4): a work task on the case and an emergency
# access. Only an invitation (SHL 41 §), a LASTA participation or a consent is limited to some kinds.
_WHOLE_RECORD_BASES = (*EDIT_BASES, AccessBasis.EMERGENCY)
_KINDS = (InformationKind.IDENTITY_CONTACT, InformationKind.ASSESSMENT, InformationKind.PLAN)


def _decide_all(actor: Any, child: Person) -> tuple[Decision, dict[str, bool], bool]:
    """The overall decision, which kinds the actor may see, and whether the actor may change the record.

    ``decide`` names the closest basis first and every edit basis comes before the limited ones, so the overall
    decision already answers the other questions when its basis covers the whole record; the policy is asked
    kind by kind only for a limited basis.
    """
    overall = decide(actor=actor, person=child)
    if not overall.allowed:
        return overall, dict.fromkeys(_KINDS, False), False
    if overall.basis in _WHOLE_RECORD_BASES:
        return overall, dict.fromkeys(_KINDS, True), overall.basis in EDIT_BASES
    kinds = {kind: decide(actor=actor, person=child, information_kind=kind).allowed for kind in _KINDS}
    return overall, kinds, False


def child_page_get(*, actor: Any, public_id: uuid.UUID | str, channel: str = "ui") -> ChildPage:
    """Lapsen sivu for ``actor``: ``Http404`` (and one REFUSED entry) when the actor may not see the child."""
    try:
        parsed = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError:
        parsed = None
    child = (
        Person.objects.select_related("home_municipality").filter(public_id=parsed).first()
        if parsed is not None
        else None
    )
    overall, kinds, can_edit = _decide_all(actor, child) if child is not None else (None, {}, False)
    if child is None or overall is None or not overall.allowed:
        refusal_record(actor=actor, person=child, summary=_g("Lapsen sivun katselu evätty"), channel=channel)
        raise Http404(_g("Henkilöä ei löydy."))
    sees_identity = kinds[InformationKind.IDENTITY_CONTACT]
    sees_assessment = kinds[InformationKind.ASSESSMENT]
    sees_plan = kinds[InformationKind.PLAN]
    seen = [
        part
        for part, allowed in (
            (_g("perustiedot ja huoltajat"), sees_identity),
            (_g("vireilletulot ja arvioinnit"), sees_assessment),
            (_g("asiakassuunnitelma"), sees_plan),
        )
        if allowed
    ]
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        person=child,
        obj=child,
        summary=_g("Lapsen sivu: %(parts)s") % {"parts": ", ".join(seen) or _g("ei sisältöä")},
        basis=overall.basis.value if overall.basis else "",
        channel=channel,
    )

    today = time.today()
    guardians: list[Relationship] = []
    households: list[Household] = []
    if sees_identity:
        guardians = list(
            Relationship.objects.filter(other=child, kind=RelationshipKind.GUARDIAN_OF)
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
            .select_related("person")
            .order_by("person__last_name", "person__first_names")
        )
        households = list(child.households.prefetch_related("members").order_by("pk"))

    builder = NetworkBuilder()
    chronology: list[ChronologyEntry] = []
    chart_series: list[tuple[str, str, list[tuple[dt.date, float]]]] = []

    intakes: list[Intake] = []
    assessments: list[Assessment] = []
    meetings: list[Meeting] = []
    if sees_assessment:
        intakes, assessments, meetings = _assessment_part(child, builder, chronology, chart_series)

    plan: Plan | None = None
    closed_plans: list[Plan] = []
    if sees_plan:
        plan, closed_plans = _plan_part(child, builder, chronology, chart_series)

    # Newest first; of entries at the same moment, the one recorded later (e.g. the higher version) first.
    order = {id(entry): index for index, entry in enumerate(chronology)}
    chronology.sort(key=lambda entry: (entry.at, order[id(entry)]), reverse=True)
    return ChildPage(
        child=child,
        decision=overall,
        sees_identity=sees_identity,
        sees_assessment=sees_assessment,
        sees_plan=sees_plan,
        can_edit=can_edit,
        guardians=guardians,
        households=households,
        intakes=intakes,
        assessments=assessments,
        meetings=meetings,
        plan=plan,
        closed_plans=closed_plans,
        network=builder.build(),
        chronology=chronology,
        chart=build_chart(chart_series),
    )


def _assessment_part(
    child: Person,
    builder: NetworkBuilder,
    chronology: list[ChronologyEntry],
    chart_series: list[tuple[str, str, list[tuple[dt.date, float]]]],
) -> tuple[list[Intake], list[Assessment], list[Meeting]]:
    intakes = list(
        Intake.objects.filter(child=child)
        .select_related("unit__organisation", "assigned_to__unit__organisation")
        .order_by("-received_at", "-pk")
    )
    for event in (
        IntakeEvent.objects.filter(intake__child=child).select_related("intake").order_by("at", "pk")
    ):
        chronology.append(
            ChronologyEntry(
                at=event.at,
                category=_g("Vireilletulo"),
                text=f"{event.intake.receipt_number}: {event.get_kind_display()}. {event.text}".strip(),
                url=reverse("intake:detail", args=[event.intake.receipt_number]),
            )
        )
    for intake in intakes:
        if intake.status in OPEN_STATUSES:
            _add_unit(builder, intake.unit, _g("Vireilletulon käsittely"))
            if intake.assigned_to_id:
                _add_professional(builder, intake.assigned_to, _g("Vireilletulon käsittelijä"))

    assessments = list(
        Assessment.objects.filter(child=child)
        .select_related(
            "owning_unit__organisation",
            "responsible_worker__unit__organisation",
            "pair_worker__unit__organisation",
        )
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=Invitation.objects.select_related("unit__organisation", "substitute").order_by(
                    "invited_at", "pk"
                ),
            )
        )
        .order_by("-started_on", "-pk")
    )
    for assessment in assessments:
        chronology.append(
            ChronologyEntry(
                at=_moment(assessment.started_on),
                category=_g("Palvelutarpeen arviointi"),
                text=_g("%(reference)s aloitettu, vastuutyöntekijä %(worker)s")
                % {"reference": assessment.reference, "worker": str(assessment.responsible_worker)},
            )
        )
        if assessment.completed_on:
            chronology.append(
                ChronologyEntry(
                    at=_moment(assessment.completed_on) + dt.timedelta(hours=4),
                    category=_g("Palvelutarpeen arviointi"),
                    text=_g("%(reference)s valmistui: %(outcome)s")
                    % {"reference": assessment.reference, "outcome": assessment.get_outcome_display()},
                )
            )
        for invitation in assessment.invitations.all():
            chronology.append(
                ChronologyEntry(
                    at=invitation.invited_at,
                    category=_g("Palvelutarpeen arviointi"),
                    text=_g("%(reference)s: kutsuttu %(unit)s (%(state)s)")
                    % {
                        "reference": assessment.reference,
                        "unit": invitation.unit.name_fi,
                        "state": invitation.get_state_display(),
                    },
                )
            )
        if assessment.is_open:
            _add_professional(builder, assessment.responsible_worker, _g("Arvioinnista vastaava"))
            if assessment.pair_worker_id:
                _add_professional(builder, assessment.pair_worker, _g("Työpari"))
            for invitation in assessment.invitations.all():
                _add_unit(
                    builder,
                    invitation.unit,
                    _g("Kutsuttu arviointiin (%(state)s)") % {"state": invitation.get_state_display()},
                )

    meetings = list(
        Meeting.objects.filter(assessment__child=child)
        .select_related("assessment")
        .prefetch_related(
            "participants",
            Prefetch("whoqol_results", queryset=WhoqolResult.objects.order_by("recorded_at", "pk")),
            Prefetch("gas_results", queryset=GasResult.objects.order_by("recorded_at", "pk")),
        )
        .order_by("-held_on", "-pk")
    )
    gas_points: list[tuple[dt.date, float]] = []
    domain_points: dict[str, list[tuple[dt.date, float]]] = {name: [] for name in DOMAIN_LABELS}
    for meeting in meetings:
        chronology.append(
            ChronologyEntry(
                at=_moment(meeting.held_on),
                category=_g("Tapaaminen"),
                text=_g("%(reference)s: tapaaminen, %(count)d ammattilaista%(child)s")
                % {
                    "reference": meeting.assessment.reference,
                    "count": len(meeting.participants.all()),
                    "child": _g(", lapsi tavattiin") if meeting.child_met_in_person else "",
                },
            )
        )
        for result in meeting.gas_results.all():
            gas_points.append((meeting.held_on, result.t_score))
        for result in meeting.whoqol_results.all():
            if result.discarded:
                continue
            for name in DOMAIN_LABELS:
                score = getattr(result, name, None)
                if score is not None:
                    domain_points[name].append((meeting.held_on, transform_100(score)))
    chart_series.append(("gas_meetings", _g("GAS T-luku (tapaamiset)"), gas_points))
    for name, label in DOMAIN_LABELS.items():
        chart_series.append(
            (
                f"whoqol_{name}",
                _g("WHOQOL-BREF %(domain)s (0–100)") % {"domain": str(label)},
                domain_points[name],
            )
        )
    return intakes, assessments, meetings


def _plan_part(
    child: Person,
    builder: NetworkBuilder,
    chronology: list[ChronologyEntry],
    chart_series: list[tuple[str, str, list[tuple[dt.date, float]]]],
) -> tuple[Plan | None, list[Plan]]:
    plan = plan_detail_queryset().filter(child=child, status=PlanStatus.ACTIVE).first()
    closed_plans = list(
        Plan.objects.filter(child=child, status=PlanStatus.CLOSED)
        .select_related("coordinator")
        .order_by("-closed_on")
    )
    if plan is not None:
        _add_professional(builder, plan.coordinator, _g("Asiakasvastaava"))
        for action in plan.actions.all():
            _add_professional(
                builder, action.owner, _g("Toimenpide: %(service)s") % {"service": action.service_label}
            )
    for version in (
        PlanVersion.objects.filter(plan__child=child)
        .defer("snapshot")
        .select_related("plan")
        .order_by("created_at", "pk")
    ):
        chronology.append(
            ChronologyEntry(
                at=version.created_at,
                category=_g("Asiakassuunnitelma"),
                text=_g("Versio %(number)d: %(summary)s (%(who)s)")
                % {
                    "number": version.number,
                    "summary": version.change_summary,
                    "who": version.created_by_name,
                },
                url=reverse("plans:version", args=[version.plan_id, version.number]),
            )
        )
    review_points: list[tuple[dt.date, float]] = []
    for review in PlanReview.objects.filter(plan__child=child).order_by("reviewed_on", "pk"):
        text = _g("Suunnitelma tarkistettu")
        if review.t_score is not None:
            text += " · " + _g("GAS T-luku %(t)s") % {"t": f"{review.t_score:.1f}".replace(".", ",")}
            review_points.append((review.reviewed_on, review.t_score))
        chronology.append(
            ChronologyEntry(
                at=_moment(review.reviewed_on) + dt.timedelta(hours=1),
                category=_g("Asiakassuunnitelma"),
                text=text,
                url=reverse("plans:detail", args=[review.plan_id]),
            )
        )
    chart_series.insert(0, ("gas_reviews", _g("GAS T-luku (suunnitelman tarkistukset)"), review_points))
    return plan, closed_plans
