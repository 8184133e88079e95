"""Writes of the service-need assessment (palvelutarpeen arviointi, SHL 36–37 §, 41 §, LSL 26–27 §) and of the
short multi-agency intervention at basic level.

Every function is atomic, takes the acting user and writes its audit row in the same transaction. Bad input
raises ``ValidationError`` keyed by field with a Finnish message. An actor without a basis gets
``AssessmentAccessDenied``; views and the API answer it as if the assessment did not exist (404).

Starting from an intake: the intake app cannot import this app (imports run intake → assessment), so
``assessment_start`` itself calls ``luukku.intake.services.intake_decide`` (outcome ``pta_started``) for each
open intake it is given, in the same transaction; an intake arriving while the assessment is open joins it with
``assessment_attach_intake`` (outcome ``attached_existing``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from luukku.access.models import AccessBasis, InformationKind, Involvement
from luukku.access.policy import decide
from luukku.access.services import involvement_end, involvement_grant, refusal_record
from luukku.assessment import instruments
from luukku.assessment.models import (
    Assessment,
    AssessmentIntake,
    AssessmentIntakeRole,
    AssessmentOutcome,
    AssessmentStatus,
    ChildView,
    ConcernZone,
    GasResult,
    GuardianView,
    HowHeard,
    InterventionResult,
    InterventionSession,
    Invitation,
    InvitationState,
    Meeting,
    ShortIntervention,
    WhoqolResult,
    WorkerConcern,
)
from luukku.audit.models import AuditAction
from luukku.audit.services import audit_record
from luukku.core import deadlines, time
from luukku.intake import services as intake_services
from luukku.intake.models import Intake, Outcome
from luukku.organisations.models import Professional, Unit
from luukku.organisations.selectors import area_of
from luukku.people.models import Person

SOURCE_TYPE = "assessment.Assessment"
INTERVENTION_SOURCE_TYPE = "assessment.ShortIntervention"
# Outcomes after which the responsible worker's task goes on (a client relationship or services follow).
RESPONSIBLE_WORKER_CONTINUES = (
    AssessmentOutcome.BASIC_FAMILY_CENTRE,
    AssessmentOutcome.SPECIAL_SERVICES,
    AssessmentOutcome.CHILD_PROTECTION_CLIENT,
    AssessmentOutcome.URGENT_MEASURES,
)
ASSESSMENT_KIND = InformationKind.ASSESSMENT.value


class AssessmentAccessDenied(Exception):
    """The actor has no basis for this write; callers log it with ``assessment_log_refusal`` (outside the
    rolled-back transaction) and answer as if the record did not exist (404)."""


def assessment_log_refusal(*, actor: Any, person: Person | None, channel: str = "ui") -> None:
    """Evätty käyttöyritys: one REFUSED row in the access log, written after the refused write rolled back."""
    refusal_record(
        actor=actor,
        person=person,
        summary=_g("Palvelutarpeen arviointi: ei käyttöperustetta"),
        channel=channel,
    )


def source_of(assessment: Assessment) -> str:
    return f"{SOURCE_TYPE}:{assessment.pk}"


# --- Helpers ---------------------------------------------------------------------------------------------------


def _sector(professional: Professional) -> str:
    return professional.sector or (professional.unit.sector if professional.unit_id else "")


def _lead_basis(*, actor: Any, child: Person) -> str:
    """The actor's basis to lead the assessment (owning unit, responsible worker, pair worker, intake handler)."""
    decision = decide(actor=actor, person=child, action="edit", information_kind=ASSESSMENT_KIND)
    if not decision.allowed:
        raise AssessmentAccessDenied(decision.reason)
    return str(decision.basis.value if decision.basis else "")


def _participant_basis(*, actor: Any, assessment: Assessment) -> str:
    """Leads, and members of an invited unit that has answered the invitation, take part in the work."""
    decision = decide(actor=actor, person=assessment.child, action="edit", information_kind=ASSESSMENT_KIND)
    if decision.allowed:
        return str(decision.basis.value if decision.basis else "")
    view = decide(actor=actor, person=assessment.child, action="view", information_kind=ASSESSMENT_KIND)
    answered = assessment.invitations.exclude(state=InvitationState.PENDING).filter(unit_id=actor.unit_id)
    if view.allowed and actor.unit_id is not None and answered.exists():
        return AccessBasis.INVITED_UNIT.value
    raise AssessmentAccessDenied(view.reason)


def _lock_open(assessment: Assessment) -> Assessment:
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    current = Assessment.objects.select_related("child", "owning_unit", "responsible_worker").get(
        pk=current.pk
    )
    if not current.is_open:
        raise ValidationError(
            {"assessment": [_("Arviointi on jo valmis; valmista arviointia ei voi enää muuttaa.")]},
            code="completed",
        )
    return current


def _audit(
    *,
    actor: Any,
    assessment: Assessment,
    obj: Any,
    action: AuditAction,
    summary: str,
    basis: str,
    channel: str,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        person=assessment.child,
        obj=obj,
        summary=summary,
        basis=basis,
        channel=channel,
    )


def _validate_workers(
    *,
    responsible_worker: Professional | None,
    pair_worker: Professional | None,
    child_needs_special_support: bool,
) -> dict[str, list[Any]]:
    errors: dict[str, list[Any]] = {}
    if responsible_worker is None:
        errors["responsible_worker"] = [_("Nimeä lapsen asioista vastaava työntekijä.")]
        return errors
    if not responsible_worker.is_active:
        errors["responsible_worker"] = [_("Työntekijän tunnus ei ole voimassa.")]
    elif child_needs_special_support and not responsible_worker.social_worker_qualified:
        errors["responsible_worker"] = [
            _(
                "Erityistä tukea tarvitsevan lapsen asioista vastaavalla työntekijällä on oltava "
                "sosiaalityöntekijän kelpoisuus (SHL 42 §, LSL 13 b §). Valitse laillistettu sosiaalityöntekijä."
            )
        ]
    if pair_worker is not None:
        if pair_worker.pk == responsible_worker.pk:
            errors["pair_worker"] = [_("Työpari ei voi olla sama henkilö kuin vastaava työntekijä.")]
        elif not pair_worker.is_active:
            errors["pair_worker"] = [_("Työparin tunnus ei ole voimassa.")]
        elif _sector(pair_worker) and _sector(pair_worker) == _sector(responsible_worker):
            errors["pair_worker"] = [
                _("Työparin on tultava toiselta sektorilta (esim. mielenterveys- tai päihdepalveluista).")
            ]
    return errors


def _intake_errors(error: ValidationError) -> list[Any]:
    if hasattr(error, "error_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)


# --- The assessment ---------------------------------------------------------------------------------------------


@transaction.atomic
def assessment_start(
    *,
    actor: Any,
    child: Person,
    responsible_worker: Professional,
    intakes: Sequence[Intake] = (),
    pair_worker: Professional | None = None,
    child_needs_special_support: bool = False,
    owning_unit: Unit | None = None,
    channel: str = "ui",
) -> Assessment:
    """Palvelutarpeen arvioinnin aloittaminen, SHL 36 §, LSL 26 §: from intakes of the child, or directly.

    Open intakes are decided ``pta_started`` (``intake_decide``) in this transaction; intakes already decided
    ``pta_started`` without an assessment are linked as they are. The completion deadline runs from the earliest
    intake's initiation (receipt) day, or from today when started directly. The owning unit is the initiating
    intake's unit, else ``owning_unit``, else the actor's unit. The responsible worker, the pair worker and the
    owning unit get their access bases with the assessment as source.
    """
    intakes = sorted(intakes, key=lambda intake: (intake.received_at, intake.pk))
    basis = _lead_basis(actor=actor, child=child)
    errors = _validate_workers(
        responsible_worker=responsible_worker,
        pair_worker=pair_worker,
        child_needs_special_support=child_needs_special_support,
    )
    if Assessment.objects.filter(child=child, status=AssessmentStatus.OPEN).exists():
        errors.setdefault("child", []).append(
            _("Lapsella on jo avoin palvelutarpeen arviointi; liitä uusi vireilletulo siihen.")
        )
    for intake in intakes:
        if intake.child_id != child.pk:
            errors.setdefault("intakes", []).append(_("Vireilletulo koskee toista lasta."))
        elif AssessmentIntake.objects.filter(intake=intake).exists():
            errors.setdefault("intakes", []).append(
                _("Vireilletulo %(receipt)s kuuluu jo arviointiin.") % {"receipt": intake.receipt_number}
            )
        elif intake.outcome not in ("", Outcome.PTA_STARTED):
            errors.setdefault("intakes", []).append(
                _("Vireilletulo %(receipt)s on ratkaistu toisin (%(outcome)s).")
                % {"receipt": intake.receipt_number, "outcome": intake.get_outcome_display()}
            )
        elif intake.initiated_on is None:
            errors.setdefault("intakes", []).append(
                _("Ennakollisen ilmoituksen asia tulee vireille vasta lapsen synnyttyä (LSL 25 c §).")
            )
    if owning_unit is None and not intakes and getattr(actor, "unit_id", None) is None:
        errors.setdefault("owning_unit", []).append(_("Valitse arvioinnista vastaava yksikkö."))
    if errors:
        raise ValidationError(errors)

    today = time.today()
    # An intake decided "PTA started" earlier (e.g. through the intake API) keeps its start day.
    started_on = min([intake.pta_started_on for intake in intakes if intake.pta_started_on] + [today])
    for intake in intakes:
        if intake.outcome:
            continue
        try:
            intake_services.intake_decide(
                actor=actor,
                intake=intake,
                expected_version=Intake.objects.get(pk=intake.pk).version,
                outcome=Outcome.PTA_STARTED,
                audit_channel=channel,
            )
        except intake_services.IntakeAccessDenied as denied:
            raise AssessmentAccessDenied(str(denied)) from None
        except ValidationError as error:
            raise ValidationError({"intakes": _intake_errors(error)}) from None
    initiating = intakes[0] if intakes else None
    initiated = initiating.initiated_on if initiating is not None else today
    unit = initiating.unit if initiating is not None else (owning_unit or actor.unit)
    if initiating is not None and initiating.wellbeing_county_id is not None:
        area_municipality, area_county = initiating.municipality, initiating.wellbeing_county
    else:
        area_municipality, area_county = area_of(municipality=child.home_municipality, unit=unit)
    assessment = Assessment.objects.create(
        municipality=area_municipality,
        wellbeing_county=area_county,
        child=child,
        owning_unit=unit,
        responsible_worker=responsible_worker,
        pair_worker=pair_worker,
        child_needs_special_support=child_needs_special_support,
        started_on=started_on,
        started_by=actor,
        complete_by=deadlines.pta_completion_deadline(initiated),
    )
    for intake in intakes:
        AssessmentIntake.objects.create(
            assessment=assessment, intake=intake, role=AssessmentIntakeRole.STARTED
        )
    source = source_of(assessment)
    involvement_grant(actor=actor, person=child, basis=AccessBasis.OWNING_UNIT, unit=unit, source=source)
    involvement_grant(
        actor=actor,
        person=child,
        basis=AccessBasis.RESPONSIBLE_WORKER,
        professional=responsible_worker,
        source=source,
    )
    if pair_worker is not None:
        involvement_grant(
            actor=actor, person=child, basis=AccessBasis.PAIR_WORKER, professional=pair_worker, source=source
        )
    _audit(
        actor=actor,
        assessment=assessment,
        obj=assessment,
        action=AuditAction.CREATE,
        summary=_g("Palvelutarpeen arviointi aloitettu, valmis viimeistään %(due)s")
        % {"due": f"{assessment.complete_by:%d.%m.%Y}"},
        basis=basis,
        channel=channel,
    )
    return assessment


@transaction.atomic
def assessment_attach_intake(
    *, actor: Any, assessment: Assessment, intake: Intake, channel: str = "ui"
) -> AssessmentIntake:
    """Vireilletulo avoimeen arviointiin: a new intake about the child joins the open assessment
    (intake outcome ``attached_existing``; the THL report does not count it as a new start)."""
    assessment = _lock_open(assessment)
    basis = _lead_basis(actor=actor, child=assessment.child)
    if intake.child_id != assessment.child_id:
        raise ValidationError({"intake": [_("Vireilletulo koskee toista lasta.")]})
    if AssessmentIntake.objects.filter(intake=intake).exists():
        raise ValidationError({"intake": [_("Vireilletulo kuuluu jo arviointiin.")]})
    if intake.outcome:
        raise ValidationError({"intake": [_("Vireilletulo on jo ratkaistu.")]})
    initiating = (
        assessment.intake_links.filter(role=AssessmentIntakeRole.STARTED).select_related("intake").first()
    )
    try:
        intake_services.intake_decide(
            actor=actor,
            intake=intake,
            expected_version=Intake.objects.get(pk=intake.pk).version,
            outcome=Outcome.ATTACHED_EXISTING,
            attach_to=initiating.intake if initiating is not None else None,
            attach_reference="" if initiating is not None else assessment.reference,
            audit_channel=channel,
        )
    except intake_services.IntakeAccessDenied as denied:
        raise AssessmentAccessDenied(str(denied)) from None
    except ValidationError as error:
        raise ValidationError({"intake": _intake_errors(error)}) from None
    link = AssessmentIntake.objects.create(
        assessment=assessment, intake=intake, role=AssessmentIntakeRole.JOINED
    )
    _audit(
        actor=actor,
        assessment=assessment,
        obj=assessment,
        action=AuditAction.UPDATE,
        summary=_g("Vireilletulo %(receipt)s liitetty arviointiin") % {"receipt": intake.receipt_number},
        basis=basis,
        channel=channel,
    )
    return link


@transaction.atomic
def assessment_invite_unit(
    *,
    actor: Any,
    assessment: Assessment,
    unit: Unit,
    information_kinds: Iterable[str],
    message: str = "",
    channel: str = "ui",
) -> Invitation:
    """Kutsu monialaiseen arviointiin, SHL 41 §: the invited unit must take part; it sees the child's data only
    of the information kinds the invitation allows (an ``invited_unit`` basis)."""
    assessment = _lock_open(assessment)
    basis = _lead_basis(actor=actor, child=assessment.child)
    kinds = sorted(dict.fromkeys(information_kinds))
    errors: dict[str, list[Any]] = {}
    if not kinds:
        errors["information_kinds"] = [_("Valitse, mitä tietoja kutsuttu yksikkö saa nähdä.")]
    elif any(kind not in InformationKind.values for kind in kinds):
        errors["information_kinds"] = [_("Tuntematon tietoryhmä.")]
    if unit.pk == assessment.owning_unit_id:
        errors["unit"] = [_("Arvioinnista vastaavaa yksikköä ei kutsuta; se osallistuu jo.")]
    elif not unit.is_active:
        errors["unit"] = [_("Yksikkö ei ole toiminnassa.")]
    elif assessment.invitations.filter(unit=unit).exists():
        errors["unit"] = [_("Yksikkö on jo kutsuttu tähän arviointiin.")]
    if errors:
        raise ValidationError(errors)
    invitation = Invitation.objects.create(
        assessment=assessment,
        unit=unit,
        invited_by=actor,
        invited_at=time.now(),
        message=message.strip(),
        information_kinds=kinds,
    )
    involvement_grant(
        actor=actor,
        person=assessment.child,
        basis=AccessBasis.INVITED_UNIT,
        unit=unit,
        source=source_of(assessment),
        information_kinds=kinds,
    )
    _audit(
        actor=actor,
        assessment=assessment,
        obj=invitation,
        action=AuditAction.CREATE,
        summary=_g("Yksikkö %(unit)s kutsuttu arviointiin (SHL 41 §)") % {"unit": unit.name_fi},
        basis=basis,
        channel=channel,
    )
    audit_record(
        actor=actor,
        action=AuditAction.DISCLOSE,
        person=assessment.child,
        obj=invitation,
        summary=_g("Tietoja luovutettu arviointiin kutsutulle yksikölle"),
        basis="SHL 41 §",
        recipient_organisation=unit.organisation,
        channel=channel,
    )
    return invitation


@transaction.atomic
def invitation_respond(
    *,
    actor: Any,
    invitation: Invitation,
    state: InvitationState | str,
    substitute: Professional | None = None,
    channel: str = "ui",
) -> Invitation:
    """Vastaus kutsuun (SHL 41 §): the invited unit takes part, or names a substitute professional.

    Declining is not possible: an invited authority must take part. A substitute from another unit of the same
    organisation brings that unit in with the same information kinds.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation = Invitation.objects.select_related("assessment__child", "unit").get(pk=invitation.pk)
    assessment = invitation.assessment
    if getattr(actor, "unit_id", None) != invitation.unit_id or not getattr(actor, "is_active", False):
        raise AssessmentAccessDenied(_g("Vain kutsutun yksikön jäsen voi vastata kutsuun."))
    errors: dict[str, list[Any]] = {}
    if state not in (InvitationState.ACCEPTED, InvitationState.SUBSTITUTE_NAMED):
        errors["state"] = [
            _(
                "Kutsuun vastataan osallistumalla tai nimeämällä sijainen; kutsutun on osallistuttava (SHL 41 §)."
            )
        ]
    if invitation.state != InvitationState.PENDING:
        errors["state"] = [_("Kutsuun on jo vastattu.")]
    if not assessment.is_open:
        errors["state"] = [_("Arviointi on jo valmis.")]
    if state == InvitationState.SUBSTITUTE_NAMED:
        if substitute is None:
            errors["substitute"] = [_("Nimeä sijainen.")]
        elif not substitute.is_active or substitute.unit_id is None:
            errors["substitute"] = [_("Sijaisen tunnus ei ole voimassa.")]
        elif substitute.unit.organisation_id != invitation.unit.organisation_id:
            errors["substitute"] = [_("Sijaisen on oltava saman organisaation ammattilainen.")]
    if errors:
        raise ValidationError(errors)
    invitation.state = state
    invitation.responded_at = time.now()
    invitation.responded_by = actor
    invitation.substitute = substitute if state == InvitationState.SUBSTITUTE_NAMED else None
    invitation.save(update_fields=["state", "responded_at", "responded_by", "substitute"])
    if invitation.substitute is not None and invitation.substitute.unit_id != invitation.unit_id:
        involvement_grant(
            actor=actor,
            person=assessment.child,
            basis=AccessBasis.INVITED_UNIT,
            unit=invitation.substitute.unit,
            source=source_of(assessment),
            information_kinds=invitation.information_kinds,
        )
        Invitation.objects.get_or_create(
            assessment=assessment,
            unit=invitation.substitute.unit,
            defaults={
                "invited_by": actor,
                "invited_at": invitation.responded_at,
                "information_kinds": invitation.information_kinds,
                "state": InvitationState.ACCEPTED,
                "responded_at": invitation.responded_at,
                "responded_by": actor,
            },
        )
    if state == InvitationState.ACCEPTED:
        summary = _g("Kutsuun vastattu: %(unit)s osallistuu") % {"unit": invitation.unit.name_fi}
    else:
        summary = _g("Kutsuun vastattu: %(unit)s nimesi sijaisen") % {"unit": invitation.unit.name_fi}
    _audit(
        actor=actor,
        assessment=assessment,
        obj=invitation,
        action=AuditAction.UPDATE,
        summary=summary,
        basis=AccessBasis.INVITED_UNIT.value,
        channel=channel,
    )
    return invitation


@transaction.atomic
def assessment_add_meeting(
    *,
    actor: Any,
    assessment: Assessment,
    held_on: dt.date,
    participants: Iterable[Professional] = (),
    other_participants: str = "",
    child_met_in_person: bool = False,
    notes: str = "",
    channel: str = "ui",
) -> Meeting:
    """Arviointitapaaminen: date, the professionals and others present, whether the child was met in person."""
    assessment = _lock_open(assessment)
    basis = _participant_basis(actor=actor, assessment=assessment)
    if held_on is None:
        raise ValidationError({"held_on": [_("Anna tapaamisen päivä.")]})
    if held_on > time.today():
        raise ValidationError(
            {"held_on": [_("Tapaamista ei voi kirjata etukäteen: päivä on tulevaisuudessa.")]}
        )
    if held_on < assessment.started_on:
        raise ValidationError({"held_on": [_("Tapaaminen ei voi olla ennen arvioinnin aloittamista.")]})
    people = list(participants)
    if not people and not other_participants.strip():
        raise ValidationError({"participants": [_("Kirjaa, ketkä tapaamisessa olivat.")]})
    meeting = Meeting.objects.create(
        assessment=assessment,
        held_on=held_on,
        other_participants=other_participants.strip()[:500],
        child_met_in_person=child_met_in_person,
        notes=notes.strip(),
        recorded_by=actor,
        recorded_at=time.now(),
    )
    meeting.participants.set(people)
    _audit(
        actor=actor,
        assessment=assessment,
        obj=meeting,
        action=AuditAction.CREATE,
        summary=_g("Arviointitapaaminen kirjattu %(day)s") % {"day": f"{held_on:%d.%m.%Y}"},
        basis=basis,
        channel=channel,
    )
    return meeting


@transaction.atomic
def assessment_record_child_view(
    *,
    actor: Any,
    assessment: Assessment,
    text: str = "",
    how_heard: HowHeard | str = "",
    could_not_be_heard_reason: str = "",
    channel: str = "ui",
) -> ChildView:
    """Lapsen mielipide omin sanoin (LSL 20 §, SHL 36 §), with how the child was heard; or the reason the child
    could not be heard. One of the two, not both."""
    assessment = _lock_open(assessment)
    basis = _lead_basis(actor=actor, child=assessment.child)
    text, reason = text.strip(), could_not_be_heard_reason.strip()
    if text and reason:
        raise ValidationError(
            {
                "could_not_be_heard_reason": [
                    _("Kirjaa joko lapsen näkemys tai syy, miksi lasta ei voitu kuulla.")
                ]
            }
        )
    if not text and not reason:
        raise ValidationError(
            {"text": [_("Kirjaa lapsen näkemys hänen omin sanoin tai syy, miksi lasta ei voitu kuulla.")]}
        )
    if text and how_heard not in HowHeard.values:
        raise ValidationError({"how_heard": [_("Valitse, miten lasta kuultiin.")]})
    view = ChildView.objects.create(
        assessment=assessment,
        text=text,
        how_heard=how_heard if text else "",
        could_not_be_heard_reason=reason,
        recorded_by=actor,
        recorded_at=time.now(),
    )
    _audit(
        actor=actor,
        assessment=assessment,
        obj=view,
        action=AuditAction.CREATE,
        summary=_g("Lapsen näkemys kirjattu") if text else _g("Kirjattu syy, miksi lasta ei voitu kuulla"),
        basis=basis,
        channel=channel,
    )
    return view


@transaction.atomic
def assessment_record_guardian_view(
    *,
    actor: Any,
    assessment: Assessment,
    text: str,
    guardian: Person | None = None,
    guardian_description: str = "",
    channel: str = "ui",
) -> GuardianView:
    """Huoltajan näkemys (SHL 37 §)."""
    assessment = _lock_open(assessment)
    basis = _lead_basis(actor=actor, child=assessment.child)
    if not text.strip():
        raise ValidationError({"text": [_("Kirjaa huoltajan näkemys.")]})
    view = GuardianView.objects.create(
        assessment=assessment,
        guardian=guardian,
        guardian_description=guardian_description.strip()[:200],
        text=text.strip(),
        recorded_by=actor,
        recorded_at=time.now(),
    )
    _audit(
        actor=actor,
        assessment=assessment,
        obj=view,
        action=AuditAction.CREATE,
        summary=_g("Huoltajan näkemys kirjattu"),
        basis=basis,
        channel=channel,
    )
    return view


@transaction.atomic
def assessment_set_concern_zone(
    *, actor: Any, assessment: Assessment, zone: ConcernZone | int, channel: str = "ui"
) -> WorkerConcern:
    """Huolen vyöhykkeistö: the worker's own concern (I–IV), stored per worker and shown to its author only.

    The audit row names no zone: the zone is the worker's own tool, not a label on the family.
    """
    assessment = _lock_open(assessment)
    basis = _participant_basis(actor=actor, assessment=assessment)
    if zone not in ConcernZone.values:
        raise ValidationError({"zone": [_("Valitse huolen vyöhyke I–IV.")]})
    concern, _created = WorkerConcern.objects.update_or_create(
        assessment=assessment, worker=actor, defaults={"zone": int(zone), "set_at": time.now()}
    )
    _audit(
        actor=actor,
        assessment=assessment,
        obj=concern,
        action=AuditAction.UPDATE,
        summary=_g("Työntekijä kirjasi oman huolen vyöhykkeensä"),
        basis=basis,
        channel=channel,
    )
    return concern


@transaction.atomic
def assessment_complete(
    *,
    actor: Any,
    assessment: Assessment,
    outcome: AssessmentOutcome | str,
    completed_on: dt.date | None,
    summary: str,
    professional_conclusion: str,
    client_view: str = "",
    needs_responsible_worker: bool | None = None,
    late_explanation: str = "",
    channel: str = "ui",
) -> Assessment:
    """Palvelutarpeen arvioinnin valmistuminen, SHL 37 §, LSL 26–27 §.

    Refused without an outcome, a completion date, and the child's views or the recorded reason the child could
    not be heard. A completion after the deadline is allowed, marked late, and needs an explanation. The invited
    units' and the pair worker's bases end; the owning unit keeps access; the responsible worker keeps it when
    services or a client relationship follow.
    """
    assessment = _lock_open(assessment)
    basis = _lead_basis(actor=actor, child=assessment.child)
    errors: dict[str, list[Any]] = {}
    if outcome not in AssessmentOutcome.values:
        errors["outcome"] = [_("Valitse arvioinnin lopputulos.")]
    if completed_on is None:
        errors["completed_on"] = [_("Anna valmistumispäivä.")]
    elif completed_on > time.today():
        errors["completed_on"] = [_("Valmistumispäivä ei voi olla tulevaisuudessa.")]
    elif completed_on < assessment.started_on:
        errors["completed_on"] = [_("Valmistumispäivä ei voi olla ennen arvioinnin aloittamista.")]
    if not assessment.child_views.exists():
        errors["child_view"] = [
            _(
                "Lapsen näkemys puuttuu: kirjaa lapsen mielipide omin sanoin tai syy, miksi lasta ei voitu "
                "kuulla, ennen kuin arviointi merkitään valmiiksi."
            )
        ]
    if not summary.strip():
        errors["summary"] = [_("Kirjoita yhteenveto (SHL 37 §).")]
    if not professional_conclusion.strip():
        errors["professional_conclusion"] = [
            _("Kirjaa ammatillinen johtopäätös asiakkuuden tarpeesta (SHL 37 §).")
        ]
    late = completed_on is not None and completed_on > assessment.complete_by
    if late and not late_explanation.strip():
        errors["late_explanation"] = [
            _("Arviointi valmistuu määräajan %(due)s jälkeen: kirjaa selvitys myöhästymisestä.")
            % {"due": f"{assessment.complete_by:%d.%m.%Y}"}
        ]
    if errors:
        raise ValidationError(errors)
    assessment.status = AssessmentStatus.COMPLETED
    assessment.outcome = outcome
    assessment.completed_on = completed_on
    assessment.completed_by = actor
    assessment.completed_late = late
    assessment.late_explanation = late_explanation.strip() if late else ""
    assessment.summary = summary.strip()
    assessment.professional_conclusion = professional_conclusion.strip()
    assessment.client_view = client_view.strip()
    assessment.needs_responsible_worker = needs_responsible_worker
    assessment.save()
    ending = [AccessBasis.INVITED_UNIT, AccessBasis.PAIR_WORKER]
    if outcome not in RESPONSIBLE_WORKER_CONTINUES:
        ending.append(AccessBasis.RESPONSIBLE_WORKER)
    for involvement in Involvement.objects.filter(
        person=assessment.child,
        source_type=SOURCE_TYPE,
        source_id=str(assessment.pk),
        basis__in=ending,
        ended_at__isnull=True,
    ):
        involvement_end(actor=actor, involvement=involvement)
    text = _g("Palvelutarpeen arviointi valmis: %(outcome)s") % {"outcome": assessment.get_outcome_display()}
    if late:
        text += " " + _g("(myöhässä)")
    _audit(
        actor=actor,
        assessment=assessment,
        obj=assessment,
        action=AuditAction.UPDATE,
        summary=text,
        basis=basis,
        channel=channel,
    )
    return assessment


# --- Instruments ----------------------------------------------------------------------------------------------


def _instrument_error(error: instruments.InstrumentInputError, field: str) -> ValidationError:
    return ValidationError({field: [str(error)]}, code="instrument")


@transaction.atomic
def meeting_record_whoqol_bref(
    *, actor: Any, meeting: Meeting, answers: Sequence[int | None], channel: str = "ui"
) -> WhoqolResult:
    """WHOQOL-BREF tapaamisessa (nelikantatapaaminen): the answers 1–5 (None: unanswered) and their scores."""
    assessment = _lock_open(meeting.assessment)
    basis = _participant_basis(actor=actor, assessment=assessment)
    try:
        scored = instruments.whoqol_bref(answers)
    except instruments.InstrumentInputError as error:
        raise _instrument_error(error, "answers") from None
    padded = list(answers) + [None] * (instruments.WHOQOL_ITEMS - len(answers))
    result = WhoqolResult.objects.create(
        meeting=meeting,
        answers=padded,
        answered=scored.answered,
        discarded=scored.discarded,
        q1=scored.q1,
        q2=scored.q2,
        physical=scored.physical.score if scored.physical else None,
        psychological=scored.psychological.score if scored.psychological else None,
        social=scored.social.score if scored.social else None,
        environment=scored.environment.score if scored.environment else None,
        recorded_by=actor,
        recorded_at=time.now(),
    )
    _audit(
        actor=actor,
        assessment=assessment,
        obj=result,
        action=AuditAction.CREATE,
        summary=_g("WHOQOL-BREF kirjattu tapaamiseen %(day)s") % {"day": f"{meeting.held_on:%d.%m.%Y}"},
        basis=basis,
        channel=channel,
    )
    return result


@transaction.atomic
def meeting_record_gas(
    *,
    actor: Any,
    meeting: Meeting,
    scores: Sequence[int],
    weights: Sequence[float] | None = None,
    goals: Sequence[str] = (),
    channel: str = "ui",
) -> GasResult:
    """Goal Attainment Scaling tapaamisessa: goal scores −2…+2 with optional weights, and the T-score."""
    assessment = _lock_open(meeting.assessment)
    basis = _participant_basis(actor=actor, assessment=assessment)
    try:
        scored = instruments.gas_t_score(scores, weights)
    except instruments.InstrumentInputError as error:
        raise _instrument_error(error, "scores") from None
    goals = [goal.strip() for goal in goals]
    if goals and len(goals) != len(scored.scores):
        raise ValidationError({"goals": [_("Anna yksi tavoite kullekin pisteelle.")]})
    result = GasResult.objects.create(
        meeting=meeting,
        goals=goals,
        scores=list(scored.scores),
        weights=list(scored.weights),
        t_score=scored.t_score,
        recorded_by=actor,
        recorded_at=time.now(),
    )
    _audit(
        actor=actor,
        assessment=assessment,
        obj=result,
        action=AuditAction.CREATE,
        summary=_g("GAS-arvio kirjattu tapaamiseen %(day)s") % {"day": f"{meeting.held_on:%d.%m.%Y}"},
        basis=basis,
        channel=channel,
    )
    return result


# --- Short multi-agency intervention (Etelä-Savo model) ----------------------------------------------------------


@transaction.atomic
def short_intervention_start(
    *,
    actor: Any,
    child: Person,
    basic_worker: Professional,
    special_worker: Professional,
    planned_sessions: int = 5,
    assessment: Assessment | None = None,
    channel: str = "ui",
) -> ShortIntervention:
    """Lyhyt monialainen interventio peruspalveluissa: a special-level worker joins a basic-level client's
    worker for a planned number of pair-work sessions (default five). The special-level worker gets a pair-work
    basis for the duration."""
    basis = _lead_basis(actor=actor, child=child)
    errors: dict[str, list[Any]] = {}
    if basic_worker.unit_id is None:
        errors["basic_worker"] = [_("Peruspalvelun työntekijällä ei ole yksikköä.")]
    if special_worker.pk == basic_worker.pk:
        errors["special_worker"] = [
            _("Erityistason työntekijän on oltava eri henkilö kuin peruspalvelun työntekijä.")
        ]
    elif not special_worker.is_active:
        errors["special_worker"] = [_("Työntekijän tunnus ei ole voimassa.")]
    if not isinstance(planned_sessions, int) or not 1 <= planned_sessions <= 20:
        errors["planned_sessions"] = [_("Suunniteltuja tapaamiskertoja on oltava 1–20.")]
    if assessment is not None and assessment.child_id != child.pk:
        errors["assessment"] = [_("Arviointi koskee toista lasta.")]
    if ShortIntervention.objects.filter(child=child, ended_on__isnull=True).exists():
        errors["child"] = [_("Lapsella on jo käynnissä oleva lyhytinterventio.")]
    if errors:
        raise ValidationError(errors)
    intervention = ShortIntervention.objects.create(
        child=child,
        unit=basic_worker.unit,
        basic_worker=basic_worker,
        special_worker=special_worker,
        assessment=assessment,
        planned_sessions=planned_sessions,
        started_on=time.today(),
    )
    involvement_grant(
        actor=actor,
        person=child,
        basis=AccessBasis.PAIR_WORKER,
        professional=special_worker,
        source=f"{INTERVENTION_SOURCE_TYPE}:{intervention.pk}",
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        person=child,
        obj=intervention,
        summary=_g("Lyhytinterventio aloitettu, %(count)d tapaamiskertaa suunniteltu")
        % {"count": planned_sessions},
        basis=basis,
        channel=channel,
    )
    return intervention


def _open_intervention(intervention: ShortIntervention) -> ShortIntervention:
    current = ShortIntervention.objects.select_for_update().get(pk=intervention.pk)
    current = ShortIntervention.objects.select_related("child").get(pk=current.pk)
    if not current.is_open:
        raise ValidationError({"intervention": [_("Lyhytinterventio on jo päättynyt.")]}, code="ended")
    return current


@transaction.atomic
def short_intervention_record_session(
    *, actor: Any, intervention: ShortIntervention, held_on: dt.date, notes: str = "", channel: str = "ui"
) -> InterventionSession:
    """Lyhytintervention työparitapaaminen: numbered in order; more than planned is allowed and visible."""
    intervention = _open_intervention(intervention)
    basis = _lead_basis(actor=actor, child=intervention.child)
    if held_on is None or held_on > time.today():
        raise ValidationError({"held_on": [_("Tapaamispäivä ei voi olla tulevaisuudessa.")]})
    if held_on < intervention.started_on:
        raise ValidationError({"held_on": [_("Tapaaminen ei voi olla ennen intervention alkua.")]})
    number = intervention.sessions.count() + 1
    session = InterventionSession.objects.create(
        intervention=intervention,
        number=number,
        held_on=held_on,
        notes=notes.strip(),
        recorded_by=actor,
        recorded_at=time.now(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        person=intervention.child,
        obj=session,
        summary=_g("Lyhytintervention %(number)d. tapaaminen kirjattu") % {"number": number},
        basis=basis,
        channel=channel,
    )
    return session


@transaction.atomic
def short_intervention_end(
    *,
    actor: Any,
    intervention: ShortIntervention,
    result: InterventionResult | str,
    ended_on: dt.date | None = None,
    notes: str = "",
    channel: str = "ui",
) -> ShortIntervention:
    """Lyhytintervention päättäminen: the family continues at basic level or moves to special level. The
    special-level worker's pair-work basis ends."""
    intervention = _open_intervention(intervention)
    basis = _lead_basis(actor=actor, child=intervention.child)
    ended_on = ended_on or time.today()
    errors: dict[str, list[Any]] = {}
    if result not in InterventionResult.values:
        errors["result"] = [_("Valitse, jatkaako perhe peruspalveluissa vai siirtyykö erityistasolle.")]
    if ended_on > time.today():
        errors["ended_on"] = [_("Päättymispäivä ei voi olla tulevaisuudessa.")]
    elif ended_on < intervention.started_on:
        errors["ended_on"] = [_("Päättymispäivä ei voi olla ennen alkua.")]
    if not intervention.sessions.exists():
        errors["sessions"] = [_("Kirjaa vähintään yksi tapaaminen ennen intervention päättämistä.")]
    if errors:
        raise ValidationError(errors)
    intervention.result = result
    intervention.ended_on = ended_on
    intervention.result_notes = notes.strip()
    intervention.save(update_fields=["result", "ended_on", "result_notes", "updated_at"])
    for involvement in Involvement.objects.filter(
        person=intervention.child,
        source_type=INTERVENTION_SOURCE_TYPE,
        source_id=str(intervention.pk),
        ended_at__isnull=True,
    ):
        involvement_end(actor=actor, involvement=involvement)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        person=intervention.child,
        obj=intervention,
        summary=_g("Lyhytinterventio päättyi: %(result)s") % {"result": intervention.get_result_display()},
        basis=basis,
        channel=channel,
    )
    return intervention
