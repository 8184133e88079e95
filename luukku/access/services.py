"""Writes to the access bases: involvements, consents and emergency accesses.

Every function is atomic, takes the acting user and writes its audit row (käyttöloki, Asiakastietolaki 703/2023
17 §) in the same transaction. Validation errors are ``ValidationError`` dictionaries keyed by field name with a
Finnish message. Intake and assessment call ``involvement_grant`` / ``involvement_end`` to open and close the
work-task bases; nothing in this module imports them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from luukku.access.models import (
    INVOLVEMENT_BASES,
    PROFESSIONAL_BASES,
    UNIT_BASES,
    AccessBasis,
    Consent,
    ConsentGiverRole,
    ConsentMethod,
    EmergencyAccess,
    InformationKind,
    Involvement,
)
from luukku.audit.models import AuditAction, AuditOutcome
from luukku.audit.services import audit_record
from luukku.core import time
from luukku.organisations.models import Organisation, Professional, Role, Unit
from luukku.people.models import Person, Relationship, RelationshipKind

logger = logging.getLogger(__name__)

EMERGENCY_REASON_MIN_LENGTH = 20
ADULT_AGE = 18
# Roles that may break the glass: the police see only through LASTA and administrators see no client data.
EMERGENCY_ROLES = (Role.SOCIAL_WORKER, Role.FAMILY_COUNSELLOR, Role.PROFESSIONAL, Role.MANAGER)


def _emergency_hours() -> int:
    return int(getattr(settings, "LUUKKU_EMERGENCY_ACCESS_HOURS", 4))


def _validate_kinds(kinds: Iterable[str], *, field: str) -> list[str]:
    kinds = list(dict.fromkeys(kinds))
    unknown = [kind for kind in kinds if kind not in InformationKind.values]
    if unknown:
        raise ValidationError({field: [_("Tuntematon tietoryhmä.")]}, code="information_kind")
    return sorted(kinds)


# --- Involvements ------------------------------------------------------------------------------------------------


@transaction.atomic
def involvement_grant(
    *,
    actor: Any,
    person: Person,
    basis: AccessBasis | str,
    unit: Unit | None = None,
    professional: Professional | None = None,
    source: str = "",
    information_kinds: Iterable[str] | None = None,
) -> Involvement:
    """Avaa käsittelyperuste: a work task or legal duty on ``person``'s case (SHL 41 §, LSL 25–27 §).

    ``source`` names the record that created it, e.g. ``"intake.Intake:42"``. ``information_kinds`` limits an
    invited unit or a LASTA participant to what the invitation allows (empty or None: everything). Granting the
    same active basis twice returns the existing involvement.
    """
    basis = AccessBasis(basis)
    if basis not in INVOLVEMENT_BASES:
        raise ValidationError({"basis": [_("Tätä perustetta ei myönnetä osallistumisena.")]}, code="basis")
    if basis in PROFESSIONAL_BASES and professional is None:
        raise ValidationError({"professional": [_("Peruste vaatii nimetyn ammattilaisen.")]}, code="required")
    if basis in UNIT_BASES and unit is None:
        raise ValidationError({"unit": [_("Peruste vaatii yksikön.")]}, code="required")
    kinds = _validate_kinds(information_kinds or [], field="information_kinds")
    source_type, _sep, source_id = source.rpartition(":") if ":" in source else (source, "", "")
    existing = Involvement.objects.filter(
        person=person,
        basis=basis,
        unit=unit,
        professional=professional,
        source_type=source_type,
        source_id=source_id,
        ended_at__isnull=True,
    ).first()
    if existing is not None and sorted(existing.information_kinds) == kinds:
        return existing
    involvement = Involvement.objects.create(
        person=person,
        basis=basis,
        unit=unit,
        professional=professional,
        source_type=source_type,
        source_id=source_id,
        information_kinds=kinds,
        started_at=time.now(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        person=person,
        obj=involvement,
        summary=_g("Käsittelyperuste avattu: %(basis)s") % {"basis": basis.label},
        basis=basis.value,
    )
    return involvement


@transaction.atomic
def involvement_end(*, actor: Any, involvement: Involvement) -> Involvement:
    """Päätä käsittelyperuste: from the next request on, it no longer lets anyone see the person's data."""
    involvement = Involvement.objects.select_for_update().get(pk=involvement.pk)
    if involvement.ended_at is not None:
        return involvement
    involvement.ended_at = max(time.now(), involvement.started_at)
    involvement.ended_by = actor if getattr(actor, "is_authenticated", False) else None
    involvement.save(update_fields=["ended_at", "ended_by"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        person=involvement.person,
        obj=involvement,
        summary=_g("Käsittelyperuste päättyi: %(basis)s") % {"basis": AccessBasis(involvement.basis).label},
        basis=involvement.basis,
    )
    return involvement


# --- Consents ------------------------------------------------------------------------------------------------------


def _guardian_is_active(*, guardian: Person, child: Person, day: dt.date) -> bool:
    return (
        Relationship.objects.filter(person=guardian, other=child, kind=RelationshipKind.GUARDIAN_OF)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .exists()
    )


def consent_validate(
    *,
    person: Person,
    given_by: Person | None,
    given_by_role: str,
    information_kinds: list[str],
    recipient_organisations: list[Organisation],
    recipient_units: list[Unit],
    purpose: str,
    valid_from: dt.date,
    valid_until: dt.date,
    method: str,
    maturity_note: str,
) -> None:
    """The rules of a consent (Asiakastietolaki 703/2023 15 §; laki lapsen huollosta 361/1983 4 §)."""
    errors: dict[str, list[Any]] = {}
    today = time.today()
    if given_by_role not in ConsentGiverRole.values:
        errors.setdefault("given_by_role", []).append(_("Valitse, kuka suostumuksen antoi."))
    if method not in ConsentMethod.values:
        errors.setdefault("method", []).append(_("Valitse antotapa."))
    if given_by is None:
        errors.setdefault("given_by", []).append(_("Valitse suostumuksen antaja."))
    elif given_by_role == ConsentGiverRole.GUARDIAN:
        if not _guardian_is_active(guardian=given_by, child=person, day=today):
            errors.setdefault("given_by", []).append(
                _("Suostumuksen antaja ei ole tällä hetkellä lapsen huoltaja.")
            )
    elif given_by_role == ConsentGiverRole.YOUNG_PERSON_SELF:
        age = person.age_on(today)
        if given_by.pk != person.pk:
            errors.setdefault("given_by", []).append(_("Täysi-ikäinen nuori antaa suostumuksen itse."))
        elif age is None or age < ADULT_AGE:
            errors.setdefault("given_by", []).append(
                _("Nuori voi antaa suostumuksen itse vasta täytettyään 18 vuotta.")
            )
    elif given_by_role == ConsentGiverRole.CHILD_BY_MATURITY:
        if given_by.pk != person.pk:
            errors.setdefault("given_by", []).append(
                _("Ikänsä ja kehitystasonsa perusteella suostumuksen antaa lapsi itse.")
            )
        if not maturity_note.strip():
            errors.setdefault("maturity_note", []).append(
                _("Kirjaa arviosi siitä, miksi lapsi voi ikänsä ja kehitystasonsa perusteella päättää itse.")
            )
    if not information_kinds:
        errors.setdefault("information_kinds", []).append(_("Valitse vähintään yksi tietoryhmä."))
    elif any(kind not in InformationKind.values for kind in information_kinds):
        errors.setdefault("information_kinds", []).append(_("Tuntematon tietoryhmä."))
    if not recipient_organisations and not recipient_units:
        errors.setdefault("recipient_organisations", []).append(
            _("Valitse vähintään yksi vastaanottava organisaatio tai yksikkö.")
        )
    if not purpose.strip():
        errors.setdefault("purpose", []).append(_("Kirjaa käyttötarkoitus."))
    if valid_until < valid_from:
        errors.setdefault("valid_until", []).append(_("Päättymispäivä on ennen alkamispäivää."))
    elif valid_until < today:
        errors.setdefault("valid_until", []).append(_("Suostumus on jo päättynyt."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def consent_record(
    *,
    actor: Any,
    person: Person,
    given_by: Person | None,
    given_by_role: ConsentGiverRole | str,
    information_kinds: Iterable[str],
    purpose: str,
    valid_from: dt.date,
    valid_until: dt.date,
    method: ConsentMethod | str,
    recipient_organisations: Iterable[Organisation] = (),
    recipient_units: Iterable[Unit] = (),
    maturity_note: str = "",
    channel: str = "ui",
) -> Consent:
    """Kirjaa suostumus (Asiakastietolaki 703/2023 15 §) from a signed paper form or an electronic consent.

    The actor must be allowed to change the person's record (``policy.decide(action="edit")``).
    """
    from luukku.access.policy import decide

    decision = decide(actor=actor, person=person, action="edit")
    if not decision.allowed:
        raise PermissionDenied(decision.reason)
    kinds = list(dict.fromkeys(information_kinds))
    organisations = list(recipient_organisations)
    units = list(recipient_units)
    consent_validate(
        person=person,
        given_by=given_by,
        given_by_role=str(given_by_role),
        information_kinds=kinds,
        recipient_organisations=organisations,
        recipient_units=units,
        purpose=purpose,
        valid_from=valid_from,
        valid_until=valid_until,
        method=str(method),
        maturity_note=maturity_note,
    )
    consent = Consent.objects.create(
        person=person,
        given_by=given_by,
        given_by_role=str(given_by_role),
        information_kinds=sorted(kinds),
        purpose=purpose.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        method=str(method),
        maturity_note=maturity_note.strip(),
        recorded_by=actor,
        recorded_at=time.now(),
    )
    consent.recipient_organisations.set(organisations)
    consent.recipient_units.set(units)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        person=person,
        obj=consent,
        summary=_g("Suostumus kirjattu, voimassa %(until)s asti") % {"until": f"{valid_until:%d.%m.%Y}"},
        basis=decision.basis.value if decision.basis else "",
        channel=channel,
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor: Any, consent: Consent, withdrawn_by_description: str, channel: str = "ui"
) -> Consent:
    """Suostumuksen peruminen: effective from the next request on; the consent row is kept for the log."""
    from luukku.access.policy import decide

    consent = Consent.objects.select_for_update(of=("self",)).select_related("person").get(pk=consent.pk)
    decision = decide(actor=actor, person=consent.person, action="edit")
    if not decision.allowed:
        raise PermissionDenied(decision.reason)
    if consent.withdrawn_at is not None:
        raise ValidationError({"consent": [_("Suostumus on jo peruttu.")]}, code="withdrawn")
    if not withdrawn_by_description.strip():
        raise ValidationError(
            {"withdrawn_by_description": [_("Kirjaa, kuka suostumuksen perui.")]}, code="required"
        )
    consent.withdrawn_at = time.now()
    consent.withdrawn_by_description = withdrawn_by_description.strip()[:300]
    consent.withdrawn_recorded_by = actor
    consent.save(update_fields=["withdrawn_at", "withdrawn_by_description", "withdrawn_recorded_by"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        person=consent.person,
        obj=consent,
        summary=_g("Suostumus peruttu"),
        basis=decision.basis.value if decision.basis else "",
        channel=channel,
    )
    return consent


# --- Emergency access --------------------------------------------------------------------------------------------


def _unit_managers(unit: Unit | None) -> list[Professional]:
    """The managers who review the unit's emergency accesses: those of the unit, else those of its parent."""
    while unit is not None:
        managers = list(
            Professional.objects.filter(unit=unit, role=Role.MANAGER, is_active=True).order_by("pk")
        )
        if managers:
            return managers
        unit = unit.parent
    return []


def _notify_managers(emergency_id: int) -> None:
    emergency = EmergencyAccess.objects.select_related("professional", "unit").get(pk=emergency_id)
    recipients = [m.email for m in _unit_managers(emergency.unit) if m.email]
    if not recipients:
        logger.warning("Emergency access %s opened in a unit without a manager to review it", emergency_id)
        return
    # The message names no client: the manager opens the review list in Luukku to see more.
    subject = _g("Luukku: hätäkäyttö odottaa tarkastusta")
    body = _g(
        "%(professional)s avasi hätäkäytön asiakastietoihin %(when)s.\n\n"
        "Tarkasta hätäkäytöt Luukussa: %(path)s"
    ) % {
        "professional": str(emergency.professional),
        "when": f"{time.local_date(emergency.started_at):%d.%m.%Y}",
        "path": reverse("access:emergency_review_list"),
    }
    send_mail(subject, body, None, recipients, fail_silently=False)


def emergency_may_open(actor: Any) -> bool:
    return bool(
        getattr(actor, "is_authenticated", False) and actor.is_active and actor.role in EMERGENCY_ROLES
    )


@transaction.atomic
def emergency_access_open(*, actor: Any, person: Person, reason: str, channel: str = "ui") -> EmergencyAccess:
    """Hätäkäyttö ("break the glass"): time-limited view access with a written reason, reviewed by a manager.

    Lasts ``LUUKKU_EMERGENCY_ACCESS_HOURS`` hours (default 4). The managers of the actor's unit get an e-mail
    after commit and see the access in their review list.
    """
    if not emergency_may_open(actor):
        raise PermissionDenied(_g("Roolillasi ei voi avata hätäkäyttöä."))
    reason = (reason or "").strip()
    if len(reason) < EMERGENCY_REASON_MIN_LENGTH:
        raise ValidationError(
            {
                "reason": [
                    _("Kirjaa peruste vähintään %(count)d merkillä.") % {"count": EMERGENCY_REASON_MIN_LENGTH}
                ]
            },
            code="too_short",
        )
    started = time.now()
    emergency = EmergencyAccess.objects.create(
        professional=actor,
        person=person,
        unit=actor.unit,
        reason=reason,
        started_at=started,
        expires_at=started + dt.timedelta(hours=_emergency_hours()),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        person=person,
        obj=emergency,
        summary=_g("Hätäkäyttö avattu"),
        basis=AccessBasis.EMERGENCY.value,
        channel=channel,
    )
    transaction.on_commit(lambda: _notify_managers(emergency.pk))
    return emergency


def emergency_reviewable_by(actor: Any):  # type: ignore[no-untyped-def]
    """The emergency accesses that ``actor`` reviews: those opened in the manager's unit or its sub-units."""
    if not (getattr(actor, "is_authenticated", False) and actor.is_active and actor.role == Role.MANAGER):
        return EmergencyAccess.objects.none()
    if actor.unit_id is None:
        return EmergencyAccess.objects.none()
    return EmergencyAccess.objects.filter(Q(unit_id=actor.unit_id) | Q(unit__parent_id=actor.unit_id))


@transaction.atomic
def emergency_access_review(*, actor: Any, emergency: EmergencyAccess, note: str = "") -> EmergencyAccess:
    """Hätäkäytön tarkastus: the manager confirms having looked at the access and its reason."""
    emergency = emergency_reviewable_by(actor).select_related("person").filter(pk=emergency.pk).first()
    if emergency is None:
        raise PermissionDenied(_g("Et voi tarkastaa tätä hätäkäyttöä."))
    reviewed_at = time.now()
    updated = EmergencyAccess.objects.filter(pk=emergency.pk, reviewed_at__isnull=True).update(
        reviewed_by=actor, reviewed_at=reviewed_at, review_note=note.strip()
    )
    if not updated:
        raise ValidationError({"emergency": [_("Hätäkäyttö on jo tarkastettu.")]}, code="reviewed")
    emergency.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        person=emergency.person,
        obj=emergency,
        summary=_g("Hätäkäyttö tarkastettu"),
        basis="",
    )
    return emergency


def refusal_record(*, actor: Any, person: Person | None = None, summary: str, channel: str = "ui") -> None:
    """Evätty käyttöyritys: one REFUSED entry in the access log, and nothing else."""
    audit_record(
        actor=actor,
        action=AuditAction.REFUSED,
        person=person,
        summary=summary,
        outcome=AuditOutcome.REFUSED,
        channel=channel,
    )
