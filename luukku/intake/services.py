"""Writes of intake handling (vireilletulon käsittely, LSL 25–26 §, SHL 35–36 §).

Every function is atomic, takes the acting user (None for the public form and integrations), writes one audit
row per child in the same transaction and one timeline event (``IntakeEvent``). Bad input raises
``ValidationError`` keyed by the field; a write against a stale ``expected_version`` raises ``IntakeChanged``
with the fresh intake, so that the caller can show the new state instead of overwriting it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from luukku.access.models import AccessBasis, Involvement
from luukku.access.policy import decide
from luukku.access.services import involvement_end, involvement_grant, refusal_record
from luukku.audit.models import AuditAction
from luukku.audit.services import audit_record
from luukku.core import deadlines, identity, time
from luukku.intake.models import (
    NON_PROFESSIONAL_SECTORS,
    Channel,
    FamilyKnows,
    Intake,
    IntakeEvent,
    IntakeEventKind,
    IntakeKind,
    IntakeRouting,
    IntakeStatus,
    NotifierSector,
    Outcome,
    PoliceNotified,
    ReceiptCounter,
)
from luukku.organisations.models import Municipality, Professional, Unit
from luukku.organisations.selectors import area_of
from luukku.people.models import Person
from luukku.people.services import person_create, person_update

SOURCE_TYPE = "intake.Intake"
RECEIPT_PREFIX = "LS"
SYSTEM_BASIS = "system"


class IntakeChanged(Exception):
    """Vireilletuloa on muutettu sillä välin: the write was based on an old version and was not applied."""

    def __init__(self, intake: Intake) -> None:
        super().__init__(str(_("Vireilletuloa on muutettu sillä välin.")))
        self.intake = intake


class IntakeAccessDenied(Exception):
    """The actor has no basis to change this child's intake; callers answer as if it did not exist (404)."""


@dataclass(frozen=True)
class ChildData:
    """A child named in a notification, when the caller has no ``Person`` yet.

    Found by identity code (lookup digest), else by exact name and birth date, else created. An unborn child
    (anticipatory notification, LSL 25 c §) has only ``expected_birth_date``.
    """

    first_names: str = ""
    last_name: str = ""
    identity_code: str = ""
    birth_date: dt.date | None = None
    expected_birth_date: dt.date | None = None
    home_municipality: Municipality | None = None


@dataclass(frozen=True)
class Notifier:
    """Ilmoittaja: who made the notification (LSL 25 § list of sectors) and how to reach them.

    ``is_professional`` defaults from the sector; a professional may not be anonymous (LSL 25 §).
    """

    sector: str
    name: str = ""
    organisation: str = ""
    phone: str = ""
    email: str = ""
    is_professional: bool | None = None
    professional: Professional | None = None

    @property
    def professional_notifier(self) -> bool:
        if self.is_professional is not None:
            return self.is_professional
        return self.sector not in NON_PROFESSIONAL_SECTORS


def child_field(index: int, name: str) -> str:
    """The form field name of the ``index``-th child's ``name`` (``identity_code``, ``identity_code_2``, …)."""
    return name if index == 0 else f"{name}_{index + 1}"


# --- Helpers ---------------------------------------------------------------------------------------------------


def _actor_name(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    return actor.get_full_name() or actor.get_username()


def _event(
    *, intake: Intake, actor: Any, kind: IntakeEventKind, text: str = "", at: dt.datetime | None = None
):
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return IntakeEvent.objects.create(
        intake=intake,
        at=at or time.now(),
        actor=actor if authenticated else None,
        actor_name=_actor_name(actor),
        kind=kind,
        text=text,
    )


def _audit(
    *, actor: Any, intake: Intake, action: AuditAction, summary: str, basis: str, channel: str
) -> None:
    audit_record(
        actor=actor,
        action=action,
        person=intake.child,
        obj=intake,
        summary=summary,
        basis=basis,
        channel=channel,
    )


def _require_edit(*, actor: Any, intake: Intake) -> str:
    """The actor's basis to handle this child's intake (owning unit, assignment…).

    A refusal raises ``IntakeAccessDenied``; the caller logs it with ``intake_log_refusal`` (outside the
    rolled-back transaction) and answers as if the intake did not exist.
    """
    if actor is None:
        # A system task (the migration import, run from the command line by an administrator). Views always
        # pass the logged-in user, so no web request reaches this branch.
        return SYSTEM_BASIS
    decision = decide(actor=actor, person=intake.child, action="edit")
    if not decision.allowed:
        raise IntakeAccessDenied(decision.reason)
    return str(decision.basis)


def _next_receipt_number(year: int) -> str:
    """LS-2026-000123: a running number per year, allocated under a row lock (no gaps from parallel writers)."""
    counter, _created = ReceiptCounter.objects.select_for_update().get_or_create(year=year)
    ReceiptCounter.objects.filter(pk=year).update(last_number=F("last_number") + 1)
    counter.refresh_from_db()
    return f"{RECEIPT_PREFIX}-{year}-{counter.last_number:06d}"


def _apply_versioned(intake: Intake, expected_version: int, **changes: Any) -> Intake:
    """``UPDATE intake SET …, version = version + 1 WHERE id = ? AND version = ?``; 0 rows → ``IntakeChanged``."""
    updated = Intake.objects.filter(pk=intake.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=time.now(), **changes
    )
    if updated == 0:
        raise IntakeChanged(Intake.objects.select_related("child", "unit", "assigned_to").get(pk=intake.pk))
    return Intake.objects.select_related("child", "unit", "assigned_to").get(pk=intake.pk)


def _fresh(intake: Intake, expected_version: int | None) -> tuple[Intake, int]:
    current = Intake.objects.select_related("child", "unit", "assigned_to").get(pk=intake.pk)
    version = current.version if expected_version is None else expected_version
    if version != current.version:
        raise IntakeChanged(current)
    return current, version


def _require_urgency(intake: Intake, field: str) -> None:
    if intake.urgency_assessed_at is None:
        raise ValidationError(
            {
                field: [
                    _(
                        "Kiireellisen lastensuojelun tarve on arvioitava ensin (LSL 26 § 2 mom): kirjaa "
                        "kiireellisyyden arvio ennen muita vaiheita."
                    )
                ]
            },
            code="urgency_first",
        )


def _require_open(intake: Intake) -> None:
    if not intake.is_open:
        raise ValidationError(
            {"outcome": [_("Vireilletulo on jo ratkaistu; ratkaistua vireilletuloa ei voi muuttaa.")]},
            code="already_decided",
        )


def intake_route(*, municipality: Municipality | None) -> Unit:
    """Vastaanottava yksikkö: the unit routed for the municipality, else the default (county) intake unit."""
    routing = None
    if municipality is not None:
        routing = IntakeRouting.objects.select_related("unit").filter(municipality=municipality).first()
    if routing is None:
        routing = IntakeRouting.objects.select_related("unit").filter(is_default=True).first()
    if routing is None:
        raise ValidationError(
            {
                "municipality": [
                    _("Vireilletuloille ei ole määritelty vastaanottavaa yksikköä tälle kunnalle.")
                ]
            },
            code="no_route",
        )
    return routing.unit


# --- Children ---------------------------------------------------------------------------------------------------


def _validate_child_data(index: int, data: ChildData, *, kind: str, today: dt.date) -> dict[str, list[Any]]:
    errors: dict[str, list[Any]] = {}
    if kind == IntakeKind.ANTICIPATORY_NOTIFICATION:
        if data.identity_code:
            errors[child_field(index, "identity_code")] = [
                _("Syntymättömällä lapsella ei ole henkilötunnusta (ennakollinen ilmoitus, LSL 25 c §).")
            ]
        if data.expected_birth_date is None:
            errors[child_field(index, "expected_birth_date")] = [
                _("Anna syntymättömän lapsen laskettu aika (LSL 25 c §).")
            ]
        return errors
    if data.identity_code:
        try:
            parsed = identity.parse(data.identity_code)
        except identity.IdentityCodeError as error:
            errors[child_field(index, "identity_code")] = error.messages
        else:
            if data.birth_date is not None and data.birth_date != parsed.birth_date:
                errors[child_field(index, "birth_date")] = [
                    _("Syntymäaika ei vastaa henkilötunnuksen syntymäaikaa.")
                ]
        return errors
    if not data.last_name.strip():
        errors[child_field(index, "last_name")] = [
            _("Anna lapsen henkilötunnus tai nimi, jotta lapsi voidaan tunnistaa.")
        ]
    if data.birth_date is not None and data.birth_date > today:
        errors[child_field(index, "birth_date")] = [_("Syntymäaika ei voi olla tulevaisuudessa.")]
    return errors


def _resolve_child(*, actor: Any, index: int, data: ChildData, kind: str) -> Person:
    """Find the child by identity code, else by exact name and birth date; otherwise add them to the register."""
    if kind == IntakeKind.ANTICIPATORY_NOTIFICATION:
        return _create_child(
            actor=actor,
            index=index,
            first_names=data.first_names,
            last_name=data.last_name,
            is_unborn=True,
            expected_birth_date=data.expected_birth_date,
            home_municipality=data.home_municipality,
        )
    if data.identity_code:
        code = identity.parse(data.identity_code).code
        found = Person.objects.filter(identity_code_digest=identity.lookup_digest(code)).first()
        if found is not None:
            return found
        return _create_child(
            actor=actor,
            index=index,
            first_names=data.first_names,
            last_name=data.last_name,
            identity_code=code,
            home_municipality=data.home_municipality,
        )
    if data.birth_date is not None:
        matches = list(
            Person.objects.filter(
                first_names__iexact=data.first_names.strip(),
                last_name__iexact=data.last_name.strip(),
                birth_date=data.birth_date,
                is_unborn=False,
            )[:2]
        )
        if len(matches) == 1:
            return matches[0]
    return _create_child(
        actor=actor,
        index=index,
        first_names=data.first_names,
        last_name=data.last_name,
        birth_date=data.birth_date,
        home_municipality=data.home_municipality,
    )


def _create_child(*, actor: Any, index: int, **fields: Any) -> Person:
    try:
        return person_create(actor=actor, basis=AccessBasis.OWNING_UNIT.value, **fields)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise ValidationError(
                {child_field(index, key): value for key, value in error.message_dict.items()}
            ) from None
        raise


# --- Registration -----------------------------------------------------------------------------------------------


def _validate_registration(
    *,
    kind: str,
    children: Sequence[Person | ChildData],
    notifier: Notifier,
    received_at: dt.datetime,
    channel: str,
    concern: str,
    family_knows: str,
    made_with_family: bool,
    police_notified: str,
    police_notified_on: dt.date | None,
) -> None:
    errors: dict[str, list[Any]] = {}
    today = time.today()
    if kind not in IntakeKind.values:
        errors["kind"] = [_("Tuntematon vireilletulon laji.")]
    if not children:
        errors["children"] = [_("Ilmoituksesta puuttuu lapsi: anna vähintään yhden lapsen tiedot.")]
    for index, child in enumerate(children):
        if isinstance(child, ChildData):
            errors.update(_validate_child_data(index, child, kind=kind, today=today))
        elif kind == IntakeKind.ANTICIPATORY_NOTIFICATION and not child.is_unborn:
            errors[child_field(index, "expected_birth_date")] = [
                _("Ennakollinen ilmoitus koskee syntymätöntä lasta (LSL 25 c §).")
            ]
    if notifier.sector not in NotifierSector.values:
        errors["notifier_sector"] = [_("Valitse ilmoittajan taho.")]
    elif notifier.professional_notifier:
        if notifier.sector in NON_PROFESSIONAL_SECTORS:
            errors["notifier_sector"] = [
                _("Ammattilainen ei voi tehdä ilmoitusta nimettömänä eikä yksityishenkilönä (LSL 25 §).")
            ]
        if not notifier.name.strip():
            errors["notifier_name"] = [
                _("Ammattilaisen on ilmoitettava nimensä: lastensuojeluilmoitusta ei voi tehdä nimettömänä.")
            ]
    for field, value in (
        ("notifier_name", notifier.name),
        ("notifier_organisation", notifier.organisation),
        ("notifier_phone", notifier.phone),
        ("notifier_email", notifier.email),
    ):
        limit = Intake._meta.get_field(field).max_length
        if len(value or "") > limit:
            errors[field] = [_("Enintään %(limit)d merkkiä.") % {"limit": limit}]
    if notifier.email and "notifier_email" not in errors:
        try:
            validate_email(notifier.email.strip())
        except ValidationError:
            errors["notifier_email"] = [_("Sähköpostiosoite ei ole kelvollinen.")]
    if received_at is None:
        errors["received_at"] = [_("Anna vastaanottoaika.")]
    elif received_at > time.now():
        errors["received_at"] = [_("Vastaanottoaika ei voi olla tulevaisuudessa.")]
    if channel not in Channel.values:
        errors["channel"] = [_("Tuntematon saapumistapa.")]
    if not concern.strip():
        errors["concern"] = [_("Kerro, mistä olet huolissasi.")]
    if family_knows not in FamilyKnows.values:
        errors["family_knows"] = [_("Valitse, tietääkö perhe ilmoituksesta.")]
    if made_with_family and kind != IntakeKind.SOCIAL_CARE_CONTACT:
        errors["made_with_family"] = [
            _("Yhdessä perheen kanssa voi tehdä vain yhteydenoton sosiaalihuoltoon (LSL 25 a §).")
        ]
    if police_notified not in PoliceNotified.values:
        errors["police_notified"] = [_("Valitse, onko poliisille ilmoitettu.")]
    elif police_notified != PoliceNotified.YES and police_notified_on is not None:
        errors["police_notified_on"] = [_("Päivämäärä annetaan vain, kun poliisille on ilmoitettu.")]
    elif police_notified_on is not None and police_notified_on > today:
        errors["police_notified_on"] = [_("Päivämäärä ei voi olla tulevaisuudessa.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def intake_register(
    *,
    actor: Any | None,
    kind: IntakeKind | str,
    children: Sequence[Person | ChildData],
    notifier: Notifier,
    concern: str,
    received_at: dt.datetime | None = None,
    channel: Channel | str = Channel.E_FORM,
    unit: Unit | None = None,
    municipality: Municipality | None = None,
    family_knows: FamilyKnows | str = FamilyKnows.UNKNOWN,
    made_with_family: bool = False,
    flag_violence: bool = False,
    flag_sexual_offence: bool = False,
    flag_custody_dispute: bool = False,
    flag_substance_use: bool = False,
    police_notified: PoliceNotified | str = PoliceNotified.NOT_APPLICABLE,
    police_notified_on: dt.date | None = None,
    source_system: str = "",
    external_id: str = "",
    audit_channel: str = "ui",
) -> list[Intake]:
    """Vireilletulon kirjaaminen: lastensuojeluilmoitus (LSL 25 §), ennakollinen ilmoitus (LSL 25 c §),
    yhteydenotto (SHL 35 §, LSL 25 a §) tai perheen oma pyyntö.

    One intake per child; siblings of one notification share ``sibling_group``. The receiving unit is ``unit``,
    else the route of ``municipality`` (``intake_route``). The unit gets the owning-unit basis on each child.
    Deadlines are stored from ``luukku.core.deadlines`` (none for an unborn child). Raises ``ValidationError``
    keyed by field; nothing is saved then.
    """
    received_at = received_at or time.now()
    _validate_registration(
        kind=kind,
        children=children,
        notifier=notifier,
        received_at=received_at,
        channel=channel,
        concern=concern,
        family_knows=family_knows,
        made_with_family=made_with_family,
        police_notified=police_notified,
        police_notified_on=police_notified_on,
    )
    if len(source_system) > 100 or len(external_id) > 190:
        raise ValidationError(
            {"external_id": [_("Lähdejärjestelmän tunniste on liian pitkä.")]}, code="too_long"
        )
    if external_id and Intake.objects.filter(source_system=source_system, external_id=external_id).exists():
        raise ValidationError(
            {"external_id": [_("Vireilletulo tällä lähdejärjestelmän tunnisteella on jo kirjattu.")]},
            code="duplicate",
        )
    if unit is None:
        unit = intake_route(municipality=municipality)
    persons = [
        child
        if isinstance(child, Person)
        else _resolve_child(actor=actor, index=index, data=child, kind=kind)
        for index, child in enumerate(children)
    ]
    if len({person.pk for person in persons}) != len(persons):
        raise ValidationError(
            {"children": [_("Sama lapsi on ilmoituksessa kahdesti.")]}, code="duplicate_child"
        )

    received_on = time.local_date(received_at)
    anticipatory = kind == IntakeKind.ANTICIPATORY_NOTIFICATION
    due = None if anticipatory else deadlines.intake_deadlines(received_on)
    group = uuid.uuid4()
    intakes: list[Intake] = []
    for person in persons:
        area_municipality, area_county = area_of(
            municipality=person.home_municipality or municipality, unit=unit
        )
        intake = Intake(
            receipt_number=_next_receipt_number(received_on.year),
            kind=kind,
            made_with_family=made_with_family,
            child=person,
            sibling_group=group,
            notifier_sector=notifier.sector,
            notifier_is_professional=notifier.professional_notifier,
            notifier_organisation=notifier.organisation.strip(),
            notifier_name=notifier.name.strip(),
            notifier_phone=notifier.phone.strip(),
            notifier_email=notifier.email.strip(),
            notifier_professional=notifier.professional,
            channel=channel,
            received_at=received_at,
            received_on=received_on,
            initiated_on=None if anticipatory else received_on,
            pta_start_by=due.pta_start_by if due else None,
            pta_complete_by=due.pta_complete_by if due else None,
            concern=concern.strip(),
            family_knows=family_knows,
            flag_violence=flag_violence,
            flag_sexual_offence=flag_sexual_offence,
            flag_custody_dispute=flag_custody_dispute,
            flag_substance_use=flag_substance_use,
            police_notified=police_notified,
            police_notified_on=police_notified_on,
            source_system=source_system,
            external_id=external_id
            if len(persons) == 1
            else (f"{external_id}#{len(intakes) + 1}" if external_id else ""),
            unit=unit,
            municipality=area_municipality,
            wellbeing_county=area_county,
        )
        try:
            with transaction.atomic():
                intake.save()
        except IntegrityError:
            if external_id:
                raise ValidationError(
                    {"external_id": [_("Vireilletulo tällä lähdejärjestelmän tunnisteella on jo kirjattu.")]},
                    code="duplicate",
                ) from None
            raise
        involvement_grant(
            actor=actor,
            person=person,
            basis=AccessBasis.OWNING_UNIT,
            unit=unit,
            source=f"{SOURCE_TYPE}:{intake.pk}",
        )
        text = str(
            _("%(kind)s vastaanotettu (%(channel)s), vastaanottaja %(unit)s.")
            % {
                "kind": intake.get_kind_display(),
                "channel": intake.get_channel_display(),
                "unit": unit.name_fi,
            }
        )
        if len(persons) > 1:
            text += " " + str(_("Samassa ilmoituksessa %(count)d sisarusta.") % {"count": len(persons)})
        _event(intake=intake, actor=actor, kind=IntakeEventKind.REGISTERED, text=text, at=received_at)
        _audit(
            actor=actor,
            intake=intake,
            action=AuditAction.CREATE,
            summary=str(_("Vireilletulo kirjattu: %(receipt)s") % {"receipt": intake.receipt_number}),
            basis=AccessBasis.OWNING_UNIT.value,
            channel=audit_channel,
        )
        intakes.append(intake)
    return intakes


# --- Handling -----------------------------------------------------------------------------------------------------


@transaction.atomic
def intake_assign(
    *,
    actor: Any,
    intake: Intake,
    worker: Professional,
    expected_version: int | None = None,
    audit_channel: str = "ui",
) -> Intake:
    """Vastuutyöntekijän nimeäminen vireilletulolle: the worker gets the assignment basis, the previous one loses it."""
    current, version = _fresh(intake, expected_version)
    basis = _require_edit(actor=actor, intake=current)
    _require_open(current)
    if worker.unit_id != current.unit_id or not worker.is_active:
        raise ValidationError(
            {"worker": [_("Vastuutyöntekijän on oltava vastaanottavan yksikön työntekijä.")]},
            code="worker_unit",
        )
    if current.assigned_to_id == worker.pk:
        raise ValidationError({"worker": [_("Työntekijä on jo tämän vireilletulon vastuutyöntekijä.")]})
    previous = current.assigned_to
    updated = _apply_versioned(current, version, assigned_to=worker, assigned_at=time.now())
    source = f"{SOURCE_TYPE}:{current.pk}"
    if previous is not None:
        for involvement in Involvement.objects.filter(
            person=current.child,
            basis=AccessBasis.ASSIGNMENT,
            professional=previous,
            source_type=SOURCE_TYPE,
            source_id=str(current.pk),
            ended_at__isnull=True,
        ):
            involvement_end(actor=actor, involvement=involvement)
    involvement_grant(
        actor=actor, person=current.child, basis=AccessBasis.ASSIGNMENT, professional=worker, source=source
    )
    if previous is None:
        text = str(_("Vastuutyöntekijäksi nimetty %(worker)s.") % {"worker": worker})
    else:
        text = str(_("Vastuutyöntekijä vaihdettu: %(old)s → %(new)s.") % {"old": previous, "new": worker})
    _event(intake=updated, actor=actor, kind=IntakeEventKind.ASSIGNED, text=text)
    _audit(
        actor=actor,
        intake=updated,
        action=AuditAction.UPDATE,
        summary=str(
            _("Vireilletulon vastuutyöntekijä nimetty: %(receipt)s") % {"receipt": updated.receipt_number}
        ),
        basis=basis,
        channel=audit_channel,
    )
    return updated


@transaction.atomic
def intake_assess_urgency(
    *,
    actor: Any,
    intake: Intake,
    urgent: bool,
    notes: str = "",
    assessed_at: dt.datetime | None = None,
    expected_version: int | None = None,
    audit_channel: str = "ui",
) -> Intake:
    """Kiireellisen lastensuojelun tarpeen arviointi välittömästi (LSL 26 § 2 mom): who, when and the result.

    Required before notice and decision. ``assessed_at`` defaults to now (an import may give the historical one).
    """
    current, version = _fresh(intake, expected_version)
    basis = _require_edit(actor=actor, intake=current)
    _require_open(current)
    if current.urgency_assessed_at is not None:
        raise ValidationError({"urgent": [_("Kiireellisyys on jo arvioitu.")]}, code="already_assessed")
    moment = assessed_at or time.now()
    if moment > time.now() or moment < current.received_at:
        raise ValidationError(
            {"assessed_at": [_("Arvioinnin ajan on oltava vastaanoton ja nykyhetken välillä.")]}
        )
    if urgent and not notes.strip():
        raise ValidationError({"urgency_notes": [_("Kirjaa, mihin kiireellisiin toimiin ryhdyttiin.")]})
    updated = _apply_versioned(
        current,
        version,
        urgency_assessed_at=moment,
        urgency_assessed_by=actor if getattr(actor, "is_authenticated", False) else None,
        urgent=urgent,
        urgency_notes=notes.strip(),
        status=IntakeStatus.URGENCY_ASSESSED,
    )
    text = (
        str(_("Kiireellisiä toimia tarvitaan."))
        if urgent
        else str(_("Ei kiireellisen lastensuojelun tarvetta."))
    )
    if notes.strip():
        text += " " + notes.strip()
    _event(intake=updated, actor=actor, kind=IntakeEventKind.URGENCY_ASSESSED, text=text, at=moment)
    _audit(
        actor=actor,
        intake=updated,
        action=AuditAction.UPDATE,
        summary=str(_("Kiireellisyys arvioitu: %(receipt)s") % {"receipt": updated.receipt_number}),
        basis=basis,
        channel=audit_channel,
    )
    return updated


@transaction.atomic
def intake_record_notice(
    *,
    actor: Any,
    intake: Intake,
    child_informed_on: dt.date | None = None,
    guardian_informed_on: dt.date | None = None,
    expected_version: int | None = None,
    audit_channel: str = "ui",
) -> Intake:
    """Ilmoitus lapselle ja huoltajalle vireilletulosta: when the child and the guardian were told."""
    current, version = _fresh(intake, expected_version)
    basis = _require_edit(actor=actor, intake=current)
    _require_urgency(current, "child_informed_on")
    errors: dict[str, list[Any]] = {}
    if child_informed_on is None and guardian_informed_on is None:
        errors["child_informed_on"] = [_("Anna päivä, jona lapselle tai huoltajalle ilmoitettiin.")]
    for field, day in (
        ("child_informed_on", child_informed_on),
        ("guardian_informed_on", guardian_informed_on),
    ):
        if day is None:
            continue
        if day > time.today():
            errors[field] = [_("Päivä ei voi olla tulevaisuudessa.")]
        elif day < current.received_on:
            errors[field] = [_("Päivä ei voi olla ennen vireilletulon vastaanottoa.")]
    if errors:
        raise ValidationError(errors)
    changes: dict[str, Any] = {}
    parts = []
    if child_informed_on is not None:
        changes["child_informed_on"] = child_informed_on
        parts.append(str(_("lapselle %(day)s") % {"day": f"{child_informed_on:%-d.%-m.%Y}"}))
    if guardian_informed_on is not None:
        changes["guardian_informed_on"] = guardian_informed_on
        parts.append(str(_("huoltajalle %(day)s") % {"day": f"{guardian_informed_on:%-d.%-m.%Y}"}))
    updated = _apply_versioned(current, version, **changes)
    _event(
        intake=updated,
        actor=actor,
        kind=IntakeEventKind.NOTICE_RECORDED,
        text=str(_("Vireilletulosta ilmoitettu: %(whom)s.") % {"whom": ", ".join(parts)}),
    )
    _audit(
        actor=actor,
        intake=updated,
        action=AuditAction.UPDATE,
        summary=str(
            _("Vireilletulosta ilmoittaminen kirjattu: %(receipt)s") % {"receipt": updated.receipt_number}
        ),
        basis=basis,
        channel=audit_channel,
    )
    return updated


def on_pta_started(*, actor: Any, intake: Intake, started_on: dt.date) -> Intake:
    """Palvelutarpeen arvioinnin aloittaminen (SHL 36 §, LSL 26 §): the hook of a ``pta_started`` decision.

    Records the start date that the THL processing-time report (LSL 27 a §) counts. The assessment app creates
    the assessment itself from here; it runs inside the deciding transaction.
    """
    Intake.objects.filter(pk=intake.pk).update(pta_started_on=started_on)
    intake.pta_started_on = started_on
    _event(
        intake=intake,
        actor=actor,
        kind=IntakeEventKind.PTA_STARTED,
        text=str(_("Palvelutarpeen arviointi aloitettu %(day)s.") % {"day": f"{started_on:%-d.%-m.%Y}"}),
    )
    return intake


@transaction.atomic
def intake_decide(
    *,
    actor: Any,
    intake: Intake,
    expected_version: int,
    outcome: Outcome | str,
    reason: str = "",
    guidance: str = "",
    attach_to: Intake | None = None,
    attach_reference: str = "",
    decided_at: dt.datetime | None = None,
    audit_channel: str = "ui",
) -> Intake:
    """Vireilletulon ratkaisu 7 arkipäivän kuluessa (LSL 26 § 2 mom, SHL 36 §).

    Start the service-need assessment, attach to the child's existing assessment or client relationship, or
    close as obviously unnecessary (ilmeisen tarpeeton) with a reason and the guidance given. Optimistic
    locking: a stale ``expected_version`` raises ``IntakeChanged`` and changes nothing.
    """
    current, _version = _fresh(intake, expected_version)
    basis = _require_edit(actor=actor, intake=current)
    _require_urgency(current, "outcome")
    _require_open(current)
    errors: dict[str, list[Any]] = {}
    moment = decided_at or time.now()
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Valitse ratkaisu.")]
    if moment > time.now():
        errors["decided_at"] = [_("Ratkaisuaika ei voi olla tulevaisuudessa.")]
    elif moment < current.received_at:
        errors["decided_at"] = [_("Ratkaisuaika ei voi olla ennen vastaanottoa.")]
    if outcome == Outcome.CLOSED_UNNECESSARY:
        if not reason.strip():
            errors["reason"] = [_("Kirjaa perustelu, miksi arviointi on ilmeisen tarpeeton.")]
        if not guidance.strip():
            errors["guidance"] = [_("Kirjaa, mitä ohjausta ja neuvontaa perheelle annettiin.")]
    elif current.awaiting_birth:
        errors["outcome"] = [
            _(
                "Ennakollisen ilmoituksen asia tulee vireille vasta lapsen synnyttyä (LSL 25 c §): kirjaa syntymä ensin."
            )
        ]
    if outcome == Outcome.ATTACHED_EXISTING:
        if attach_to is None and not attach_reference.strip():
            errors["attach_to"] = [
                _("Valitse vireilletulo tai anna asiakkuuden viite, johon tämä liitetään.")
            ]
        elif attach_to is not None and (attach_to.pk == current.pk or attach_to.child_id != current.child_id):
            errors["attach_to"] = [_("Liittää voi vain saman lapsen toiseen vireilletuloon.")]
    if errors:
        raise ValidationError(errors)
    closed = outcome == Outcome.CLOSED_UNNECESSARY
    updated = _apply_versioned(
        current,
        expected_version,
        outcome=outcome,
        status=IntakeStatus.CLOSED if closed else IntakeStatus.DECIDED,
        decided_at=moment,
        decided_on=time.local_date(moment),
        decided_by=actor if getattr(actor, "is_authenticated", False) else None,
        decision_reason=reason.strip(),
        guidance_given=guidance.strip(),
        attached_to=attach_to if outcome == Outcome.ATTACHED_EXISTING else None,
        attached_reference=attach_reference.strip() if outcome == Outcome.ATTACHED_EXISTING else "",
        pta_started_on=time.local_date(moment) if outcome == Outcome.PTA_STARTED else None,
    )
    text = updated.get_outcome_display()
    if reason.strip():
        text += ". " + reason.strip()
    if outcome == Outcome.ATTACHED_EXISTING:
        text += ". " + str(attach_to or attach_reference.strip())
    _event(intake=updated, actor=actor, kind=IntakeEventKind.DECIDED, text=text, at=moment)
    if outcome == Outcome.PTA_STARTED:
        on_pta_started(actor=actor, intake=updated, started_on=time.local_date(moment))
    _audit(
        actor=actor,
        intake=updated,
        action=AuditAction.UPDATE,
        summary=str(
            _("Vireilletulo ratkaistu (%(outcome)s): %(receipt)s")
            % {"outcome": updated.get_outcome_display(), "receipt": updated.receipt_number}
        ),
        basis=basis,
        channel=audit_channel,
    )
    return updated


@transaction.atomic
def intake_record_birth(
    *,
    actor: Any,
    intake: Intake,
    birth_date: dt.date,
    identity_code: str = "",
    first_names: str = "",
    last_name: str = "",
    expected_version: int | None = None,
    audit_channel: str = "ui",
) -> Intake:
    """Lapsen syntymä ennakollisen ilmoituksen jälkeen (LSL 25 c §): the case is initiated on the birth date.

    The unborn child's person record becomes a born child; the deadlines start from the birth date.
    """
    current, version = _fresh(intake, expected_version)
    basis = _require_edit(actor=actor, intake=current)
    if not current.is_anticipatory:
        raise ValidationError({"birth_date": [_("Syntymä kirjataan vain ennakolliseen ilmoitukseen.")]})
    if current.initiated_on is not None:
        raise ValidationError({"birth_date": [_("Syntymä on jo kirjattu.")]}, code="already_born")
    if birth_date is None or birth_date > time.today():
        raise ValidationError({"birth_date": [_("Syntymäpäivä ei voi olla tulevaisuudessa.")]})
    changes: dict[str, Any] = {"is_unborn": False, "birth_date": birth_date, "expected_birth_date": None}
    if first_names.strip():
        changes["first_names"] = first_names.strip()
    if last_name.strip():
        changes["last_name"] = last_name.strip()
    if identity_code.strip():
        changes["identity_code"] = identity_code.strip()
    person_update(actor=actor, person=current.child, basis=basis, **changes)
    due = deadlines.intake_deadlines(birth_date)
    updated = _apply_versioned(
        current,
        version,
        initiated_on=birth_date,
        pta_start_by=due.pta_start_by,
        pta_complete_by=due.pta_complete_by,
    )
    _event(
        intake=updated,
        actor=actor,
        kind=IntakeEventKind.BIRTH_RECORDED,
        text=str(
            _("Lapsi syntynyt %(day)s; arviointi aloitettava viimeistään %(due)s.")
            % {"day": f"{birth_date:%-d.%-m.%Y}", "due": f"{due.pta_start_by:%-d.%-m.%Y}"}
        ),
    )
    _audit(
        actor=actor,
        intake=updated,
        action=AuditAction.UPDATE,
        summary=str(
            _("Syntymä kirjattu ennakolliseen ilmoitukseen: %(receipt)s")
            % {"receipt": updated.receipt_number}
        ),
        basis=basis,
        channel=audit_channel,
    )
    return updated


def intake_log_refusal(*, actor: Any, intake: Intake, audit_channel: str = "ui") -> None:
    """Evätty käyttöyritys: a refused attempt to handle an intake, logged after the write was rolled back."""
    refusal_record(
        actor=actor,
        person=intake.child,
        summary=str(_("Vireilletulon käsittely evätty: %(receipt)s") % {"receipt": intake.receipt_number}),
        channel=audit_channel,
    )
