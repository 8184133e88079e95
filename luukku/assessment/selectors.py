"""Reads of service-need assessments. Every query of client data starts from the access policy (``visible_to``),
and every read of one assessment writes its READ row to the access log (käyttöloki)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _g

from luukku.access.models import InformationKind
from luukku.access.policy import AccessGrant, access_overview, decide, visible_to
from luukku.assessment.models import (
    Assessment,
    AssessmentIntake,
    ConcernZone,
    GasResult,
    InterventionResult,
    Invitation,
    InvitationState,
    Meeting,
    ShortIntervention,
    WhoqolItemWording,
    WhoqolResult,
    WorkerConcern,
)
from luukku.audit.models import AuditAction
from luukku.audit.services import audit_record
from luukku.core import deadlines, time
from luukku.intake.models import OPEN_STATUSES, Intake
from luukku.intake.selectors import intakes_visible_to
from luukku.people.models import Person

ASSESSMENT_KIND = InformationKind.ASSESSMENT.value
SHORT_INTERVENTION_MAX_SESSIONS = 5


def assessments_visible_to(actor: Any) -> QuerySet[Assessment]:
    """The assessments of the children whose assessment data the actor may see (an invitation limited to other
    information kinds does not show them)."""
    return Assessment.objects.filter(
        child__in=visible_to(actor, information_kind=ASSESSMENT_KIND)
    ).select_related("child", "owning_unit__organisation", "responsible_worker", "pair_worker")


def assessment_get_for_actor(
    *, actor: Any, public_id: Any, summary: str = "", channel: str = "ui"
) -> Assessment | None:
    """One assessment, or None when it does not exist or the actor may not see it; a READ row when shown."""
    assessment = assessments_visible_to(actor).filter(public_id=public_id).first()
    if assessment is None:
        return None
    decision = decide(actor=actor, person=assessment.child, information_kind=ASSESSMENT_KIND)
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        person=assessment.child,
        obj=assessment,
        summary=summary or _g("Palvelutarpeen arviointi"),
        basis=decision.basis.value if decision.basis else "",
        channel=channel,
    )
    assessment.access_decision = decision  # type: ignore[attr-defined]
    return assessment


def assessment_may_lead(*, actor: Any, assessment: Assessment) -> bool:
    """May the actor write the lead's parts (views, invitations, completion)?"""
    return bool(decide(actor=actor, person=assessment.child, action="edit", information_kind=ASSESSMENT_KIND))


def assessment_may_participate(*, actor: Any, assessment: Assessment) -> bool:
    """Leads, and members of an invited unit that has answered, add meetings and their own concern zone."""
    if assessment_may_lead(actor=actor, assessment=assessment):
        return True
    return bool(
        actor.unit_id is not None
        and assessment.invitations.exclude(state=InvitationState.PENDING)
        .filter(unit_id=actor.unit_id)
        .exists()
        and decide(actor=actor, person=assessment.child, information_kind=ASSESSMENT_KIND)
    )


def attachable_intakes(*, actor: Any, assessment: Assessment) -> QuerySet[Intake]:
    """The child's undecided intakes that the actor may handle: they can join the open assessment."""
    if not assessment.is_open:
        return Intake.objects.none()
    return intakes_visible_to(actor).filter(
        child_id=assessment.child_id, outcome="", status__in=OPEN_STATUSES, initiated_on__isnull=False
    )


def concern_zone_of(*, actor: Any, assessment: Assessment) -> WorkerConcern | None:
    """The actor's own zone of concern on this assessment; nobody sees anyone else's."""
    return WorkerConcern.objects.filter(assessment=assessment, worker_id=actor.pk).first()


@dataclass
class AssessmentPage:
    """Everything the assessment page shows, read in a bounded number of queries."""

    assessment: Assessment
    days_left: int | None
    intake_links: list[AssessmentIntake]
    invitations: list[Invitation]
    meetings: list[Meeting]
    child_views: list[Any]
    guardian_views: list[Any]
    own_concern: WorkerConcern | None
    access: list[AccessGrant]
    may_lead: bool
    may_participate: bool
    attachable: list[Intake] = field(default_factory=list)
    child_heard: bool = field(default=False)


def assessment_page(*, actor: Any, assessment: Assessment) -> AssessmentPage:
    """The assessment page's content for ``actor`` (already allowed to see the assessment)."""
    meetings = list(
        assessment.meetings.prefetch_related(
            "participants__unit__organisation",
            Prefetch("whoqol_results", queryset=WhoqolResult.objects.order_by("recorded_at", "pk")),
            Prefetch("gas_results", queryset=GasResult.objects.order_by("recorded_at", "pk")),
        )
    )
    child_views = list(assessment.child_views.select_related("recorded_by"))
    return AssessmentPage(
        assessment=assessment,
        days_left=(
            deadlines.working_days_left(assessment.complete_by, today=time.today())
            if assessment.is_open
            else None
        ),
        intake_links=list(assessment.intake_links.select_related("intake")),
        invitations=list(
            assessment.invitations.select_related(
                "unit__organisation", "substitute", "responded_by", "invited_by"
            )
        ),
        meetings=meetings,
        child_views=child_views,
        guardian_views=list(assessment.guardian_views.select_related("recorded_by")),
        own_concern=concern_zone_of(actor=actor, assessment=assessment),
        access=access_overview(person=assessment.child),
        may_lead=assessment_may_lead(actor=actor, assessment=assessment),
        may_participate=assessment_may_participate(actor=actor, assessment=assessment),
        attachable=list(attachable_intakes(actor=actor, assessment=assessment)),
        child_heard=bool(child_views),
    )


def invitation_inbox(*, actor: Any, channel: str = "ui") -> list[Invitation]:
    """Kutsut yksikölle (SHL 41 §): the invitations of the actor's unit, unanswered first; a READ row per child."""
    if not getattr(actor, "is_authenticated", False) or actor.unit_id is None:
        return []
    invitations = list(
        Invitation.objects.filter(unit_id=actor.unit_id, assessment__child__in=visible_to(actor))
        .select_related(
            "assessment__child", "assessment__owning_unit__organisation", "invited_by", "substitute"
        )
        .order_by(F("responded_at").desc(nulls_first=True), "-invited_at")
    )
    with transaction.atomic():
        for invitation in invitations:
            audit_record(
                actor=actor,
                action=AuditAction.READ,
                person=invitation.assessment.child,
                obj=invitation,
                summary=_g("Arviointikutsu (SHL 41 §)"),
                basis="invited_unit",
                channel=channel,
            )
    return invitations


def invitation_get_for_actor(*, actor: Any, pk: int) -> Invitation | None:
    """An invitation of the actor's unit, or None."""
    if not getattr(actor, "is_authenticated", False) or actor.unit_id is None:
        return None
    return (
        Invitation.objects.filter(pk=pk, unit_id=actor.unit_id)
        .select_related("assessment__child", "unit__organisation")
        .first()
    )


def assessments_of_child(*, actor: Any, child: Person) -> list[Assessment]:
    """The child's assessments that the actor may see, newest first (for the child's page)."""
    return list(assessments_visible_to(actor).filter(child=child).annotate(meeting_count=Count("meetings")))


def whoqol_wordings(*, organisation: Any, language: str = "fi") -> list[str]:
    """The 26 item labels: the organisation's licensed wording where loaded, else "kysymys N"."""
    loaded = {}
    if organisation is not None:
        loaded = dict(
            WhoqolItemWording.objects.filter(organisation=organisation, language=language).values_list(
                "item", "text"
            )
        )
    return [loaded.get(item) or _g("kysymys %(number)d") % {"number": item} for item in range(1, 27)]


@dataclass(frozen=True)
class InstrumentPoint:
    """One instrument result on a date, for the chart of scores over time on the child's page."""

    day: dt.date
    instrument: str
    values: dict[str, float | None]


def instrument_results_of_child(*, child: Person) -> list[InstrumentPoint]:
    """WHOQOL-BREF domain scores (0–100) and GAS T-scores of the child's assessment meetings, oldest first.

    The caller has already checked the actor's access to the child's assessment data.
    """
    points: list[InstrumentPoint] = []
    for result in WhoqolResult.objects.filter(
        meeting__assessment__child=child, discarded=False
    ).select_related("meeting"):
        points.append(
            InstrumentPoint(
                day=result.meeting.held_on,
                instrument="whoqol_bref",
                values={
                    name: WhoqolResult.to_100(getattr(result, name))
                    for name in ("physical", "psychological", "social", "environment")
                },
            )
        )
    for result in GasResult.objects.filter(meeting__assessment__child=child).select_related("meeting"):
        points.append(
            InstrumentPoint(day=result.meeting.held_on, instrument="gas", values={"t_score": result.t_score})
        )
    points.sort(key=lambda point: (point.day, point.instrument))
    return points


@dataclass(frozen=True)
class ShortInterventionOutcomes:
    """ "Autettiin lyhyellä interventiolla": short interventions that ended in the period."""

    ended: int
    continues_basic: int
    moves_special: int
    helped_within_five: int
    sessions_total: int

    @property
    def helped_share(self) -> float | None:
        """Share (%) of ended interventions where the family continued at basic level within five sessions."""
        if not self.ended:
            return None
        return round(100 * self.helped_within_five / self.ended, 1)


def short_intervention_outcomes(*, start: dt.date, end: dt.date) -> ShortInterventionOutcomes:
    """Counts of short interventions that ended between ``start`` and ``end`` (inclusive), without identifiers.

    ``helped_within_five``: continued at basic level after at most five sessions (DOMAIN.md §6).
    """
    ended = ShortIntervention.objects.filter(ended_on__gte=start, ended_on__lte=end)
    rows = ended.annotate(session_count=Count("sessions"))
    totals = ended.aggregate(
        ended=Count("pk"),
        continues_basic=Count("pk", filter=Q(result=InterventionResult.CONTINUES_BASIC)),
        moves_special=Count("pk", filter=Q(result=InterventionResult.MOVES_SPECIAL)),
    )
    helped = 0
    sessions_total = 0
    for result, count in rows.values_list("result", "session_count"):
        sessions_total += count
        if result == InterventionResult.CONTINUES_BASIC and count <= SHORT_INTERVENTION_MAX_SESSIONS:
            helped += 1
    return ShortInterventionOutcomes(
        ended=totals["ended"],
        continues_basic=totals["continues_basic"],
        moves_special=totals["moves_special"],
        helped_within_five=helped,
        sessions_total=sessions_total,
    )


ZONE_CHOICES = ConcernZone.choices
