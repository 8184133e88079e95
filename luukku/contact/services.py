"""Writes of the one contact channel: a family's contact, and the family-counsellor network's take, answer, route.

Every write is atomic and writes its audit row (Asiakastietolaki 703/2023 17 §) in the same transaction. The
contact's id is the audit row's object; there is no ``Person`` yet, so ``person`` is empty.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from luukku.audit.models import AuditAction
from luukku.audit.services import audit_record
from luukku.catalogue.models import Service
from luukku.contact.models import Contact, ContactStatus, PreferredLanguage, Route, WhoWorried
from luukku.contact.selectors import can_handle_contacts
from luukku.core import calendar, time
from luukku.intake.models import Channel, FamilyKnows, IntakeKind, NotifierSector
from luukku.intake.services import ChildData, Notifier, intake_register
from luukku.organisations.models import Municipality

AUDIT_BASIS = "perheneuvoverkosto"
MAX_WORRY_LENGTH = 4000
DEFAULT_ANSWER_HOURS = 24


def answer_hours() -> int:
    """``LUUKKU_CONTACT_ANSWER_HOURS`` (default 24): the promised answer time in working-day hours."""
    return int(getattr(settings, "LUUKKU_CONTACT_ANSWER_HOURS", DEFAULT_ANSWER_HOURS))


def contact_promised_by(*, received_at: dt.datetime, hours: int | None = None) -> dt.datetime:
    """Luvattu vastausaika: "vastaamme arkipäivisin 24 tunnin kuluessa".

    The promised hours run only on working days (``luukku.core.calendar``): the clock stops at midnight before a
    Saturday, Sunday or public holiday and starts again at midnight of the next working day. A contact sent on
    Friday at 15.00 is promised an answer by Monday 15.00; one sent on Saturday by Tuesday 00.00.
    """
    remaining = dt.timedelta(hours=answer_hours() if hours is None else hours)
    cursor = received_at
    while True:
        day = time.local_date(cursor)
        if not calendar.is_working_day(day):
            cursor = time.start_of_day(calendar.next_working_day(day))
            continue
        day_end = time.start_of_day(day + dt.timedelta(days=1))
        available = day_end - cursor
        if remaining <= available:
            return cursor + remaining
        remaining -= available
        cursor = day_end


def _next_reference(year: int) -> str:
    prefix = f"YT-{year}-"
    last = (
        Contact.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:05d}"


def _audit(*, actor: Any, contact: Contact, action: str, summary: Any, channel: str = "ui") -> None:
    audit_record(
        actor=actor, action=action, obj=contact, summary=str(summary), basis=AUDIT_BASIS, channel=channel
    )


def _validate_submission(
    *, who: str, child_age: int | None, worry: str, phone: str, email: str, language: str, consent: bool
) -> dict[str, list[Any]]:
    errors: dict[str, list[Any]] = {}
    if who not in WhoWorried.values:
        errors["who"] = [_("Valitse, kenestä olet huolissasi.")]
    if child_age is not None and not 0 <= child_age <= 29:
        errors["child_age"] = [_("Anna ikä vuosina (0–29).")]
    if not worry.strip():
        errors["worry"] = [_("Kerro omin sanoin, mikä huolettaa.")]
    elif len(worry) > MAX_WORRY_LENGTH:
        errors["worry"] = [_("Kerro lyhyemmin, enintään 4 000 merkillä.")]
    elif any(ord(ch) < 32 and ch not in "\n\r\t" for ch in worry):
        errors["worry"] = [_("Tekstissä on merkkejä, joita ei voi tallentaa. Kirjoita tavallisin kirjaimin.")]
    if not phone.strip() and not email.strip():
        errors["phone"] = [_("Anna puhelinnumero tai sähköpostiosoite, jotta voimme vastata sinulle.")]
    if phone.strip():
        digits = [ch for ch in phone if ch.isdigit()]
        if len(digits) < 5 or any(not (ch.isdigit() or ch in "+ -()") for ch in phone.strip()):
            errors["phone"] = [_("Tarkista puhelinnumero, esimerkiksi 040 123 4567.")]
    if email.strip():
        try:
            validate_email(email.strip())
        except ValidationError:
            errors["email"] = [_("Tarkista sähköpostiosoite, esimerkiksi nimi@esimerkki.fi.")]
    if language not in PreferredLanguage.values:
        errors["language"] = [_("Valitse kieli.")]
    if not consent:
        errors["consent_to_contact"] = [_("Tarvitsemme luvan ottaa sinuun yhteyttä, jotta voimme vastata.")]
    return errors


@transaction.atomic
def contact_submit(
    *,
    who: WhoWorried | str,
    worry: str,
    consent_to_contact: bool,
    child_age: int | None = None,
    contact_name: str = "",
    phone: str = "",
    email: str = "",
    language: PreferredLanguage | str = PreferredLanguage.FI,
    municipality: Municipality | None = None,
    received_at: dt.datetime | None = None,
) -> Contact:
    """Yhteydenotto perheneuvoon: a family's or young person's contact through the one channel, no referral.

    Raises ``ValidationError`` keyed by field; nothing is saved then. Logged as a write by no one (the public).
    """
    errors = _validate_submission(
        who=who,
        child_age=child_age,
        worry=worry,
        phone=phone,
        email=email,
        language=language,
        consent=consent_to_contact,
    )
    if len(contact_name) > 200:
        errors["contact_name"] = [_("Enintään 200 merkkiä.")]
    if errors:
        raise ValidationError(errors)
    received_at = received_at or time.now()
    contact = Contact(
        received_at=received_at,
        promised_by=contact_promised_by(received_at=received_at),
        who=who,
        child_age=child_age,
        worry=worry.strip(),
        contact_name=contact_name.strip(),
        phone=phone.strip(),
        email=email.strip(),
        language=language,
        consent_to_contact=True,
        municipality=municipality,
    )
    for _attempt in range(5):
        contact.reference = _next_reference(time.local_date(received_at).year)
        try:
            with transaction.atomic():
                contact.save()
            break
        except IntegrityError:
            if Contact.objects.filter(reference=contact.reference).exists():
                continue
            raise
    _audit(
        actor=None,
        contact=contact,
        action=AuditAction.CREATE,
        summary=_("Yhteydenotto perheneuvoon vastaanotettu: %(reference)s")
        % {"reference": contact.reference},
        channel="public",
    )
    return contact


def _require_handler(actor: Any) -> None:
    if not can_handle_contacts(actor):
        raise PermissionDenied


def _fresh(contact: Contact) -> Contact:
    return Contact.objects.select_for_update().get(pk=contact.pk)


def _require_open(contact: Contact) -> None:
    if contact.status == ContactStatus.ROUTED:
        raise ValidationError({"__all__": [_("Yhteydenotto on jo ohjattu eteenpäin.")]}, code="routed")


@transaction.atomic
def contact_take(*, actor: Any, contact: Contact) -> Contact:
    """Yhteydenoton ottaminen käsittelyyn: the worker becomes the contact's handler (a later take moves it)."""
    _require_handler(actor)
    current = _fresh(contact)
    _require_open(current)
    previous = current.assigned_to
    current.assigned_to = actor
    current.taken_at = time.now()
    if current.status == ContactStatus.WAITING:
        current.status = ContactStatus.TAKEN
    current.save(update_fields=["assigned_to", "taken_at", "status"])
    summary = _("Yhteydenotto %(reference)s otettu käsittelyyn") % {"reference": current.reference}
    if previous is not None and previous.pk != actor.pk:
        summary = _("Yhteydenotto %(reference)s siirretty käsittelijältä %(previous)s") % {
            "reference": current.reference,
            "previous": previous.get_full_name() or previous.username,
        }
    _audit(actor=actor, contact=current, action=AuditAction.UPDATE, summary=summary)
    return current


def _record_first_answer(*, actor: Any, contact: Contact, note: str) -> None:
    moment = time.now()
    if contact.assigned_to_id is None:
        contact.assigned_to = actor
        contact.taken_at = moment
    contact.first_answered_at = moment
    contact.first_answered_by = actor
    contact.answer_note = note.strip()
    contact.waiting_seconds = max(0, int((moment - contact.received_at).total_seconds()))
    contact.status = ContactStatus.ANSWERED


@transaction.atomic
def contact_answer(*, actor: Any, contact: Contact, note: str) -> Contact:
    """Ensimmäinen vastaus: the worker has reached the family; the waiting time from contact to answer is stored."""
    _require_handler(actor)
    current = _fresh(contact)
    _require_open(current)
    if current.first_answered_at is not None:
        raise ValidationError({"note": [_("Yhteydenottoon on jo vastattu.")]}, code="answered")
    if not note.strip():
        raise ValidationError({"note": [_("Kirjaa lyhyesti, miten vastasit.")]}, code="required")
    _record_first_answer(actor=actor, contact=current, note=note)
    current.save()
    _audit(
        actor=actor,
        contact=current,
        action=AuditAction.UPDATE,
        summary=_("Yhteydenottoon %(reference)s vastattu") % {"reference": current.reference},
    )
    return current


def _route(*, actor: Any, contact: Contact, route: str, note: str) -> None:
    if contact.first_answered_at is None:
        # Routing on the first call is the first answer as well.
        _record_first_answer(actor=actor, contact=contact, note=note)
    contact.route = route
    contact.routed_at = time.now()
    contact.routed_by = actor
    contact.route_note = note.strip()
    contact.status = ContactStatus.ROUTED


@transaction.atomic
def contact_route_to_service(*, actor: Any, contact: Contact, service: Service, note: str = "") -> Contact:
    """Ohjaus palveluun: the family was guided to a service of the catalogue ("one call is enough")."""
    _require_handler(actor)
    current = _fresh(contact)
    _require_open(current)
    if service is None or not service.is_active:
        raise ValidationError({"service": [_("Valitse palvelu.")]}, code="required")
    _route(actor=actor, contact=current, route=Route.SERVICE, note=note)
    current.routed_service = service
    current.save()
    _audit(
        actor=actor,
        contact=current,
        action=AuditAction.UPDATE,
        summary=_("Yhteydenotto %(reference)s ohjattu palveluun %(service)s")
        % {"reference": current.reference, "service": service.name_fi},
    )
    return current


@transaction.atomic
def contact_route_appointment(
    *, actor: Any, contact: Contact, at: dt.datetime, with_whom: str, note: str = ""
) -> Contact:
    """Ajanvaraus: an appointment was booked for the family (when, with whom)."""
    _require_handler(actor)
    current = _fresh(contact)
    _require_open(current)
    errors: dict[str, list[Any]] = {}
    if at is None:
        errors["at"] = [_("Anna varatun ajan päivä ja kellonaika.")]
    elif at < time.now():
        errors["at"] = [_("Varattu aika ei voi olla menneisyydessä.")]
    if not with_whom.strip():
        errors["with_whom"] = [_("Kerro, kenen luo aika on varattu.")]
    elif len(with_whom) > 200:
        errors["with_whom"] = [_("Enintään 200 merkkiä.")]
    if errors:
        raise ValidationError(errors)
    _route(actor=actor, contact=current, route=Route.APPOINTMENT, note=note)
    current.appointment_at = at
    current.appointment_with = with_whom.strip()
    current.save()
    _audit(
        actor=actor,
        contact=current,
        action=AuditAction.UPDATE,
        summary=_("Yhteydenotolle %(reference)s varattu aika") % {"reference": current.reference},
    )
    return current


@transaction.atomic
def contact_route_to_intake(
    *,
    actor: Any,
    contact: Contact,
    consent: bool,
    child_first_names: str,
    child_last_name: str,
    child_birth_date: dt.date | None = None,
    note: str = "",
) -> Contact:
    """Yhteydenotto sosiaalihuoltoon (SHL 35 §, LSL 25 a §): with the family's consent, passed on to the intake tray.

    The family-counsellor worker makes the contact together with the family (``made_with_family``) through
    ``luukku.intake.services.intake_register``; the intake's own deadlines and audit rows follow from there.
    Raises ``ValidationError`` keyed by field (the child's name fields are ``first_names`` and ``last_name``).
    """
    _require_handler(actor)
    current = _fresh(contact)
    _require_open(current)
    if not consent:
        raise ValidationError(
            {"consent": [_("Yhteydenotto sosiaalihuoltoon tehdään vain perheen suostumuksella (SHL 35 §).")]},
            code="consent",
        )
    organisation = actor.organisation
    concern = current.worry
    if note.strip():
        concern = f"{concern}\n\n{_('Perheneuvoverkoston lisätieto')}: {note.strip()}"
    intakes = intake_register(
        actor=actor,
        kind=IntakeKind.SOCIAL_CARE_CONTACT,
        children=[
            ChildData(
                first_names=child_first_names,
                last_name=child_last_name,
                birth_date=child_birth_date,
                home_municipality=current.municipality,
            )
        ],
        notifier=Notifier(
            sector=NotifierSector.SOCIAL_SERVICES,
            name=actor.get_full_name() or actor.username,
            organisation=organisation.name_fi if organisation else "",
            phone=current.phone,
            email=current.email,
            is_professional=True,
            professional=actor,
        ),
        concern=concern,
        received_at=time.now(),
        channel=Channel.E_FORM,
        municipality=current.municipality,
        family_knows=FamilyKnows.YES,
        made_with_family=True,
    )
    _route(actor=actor, contact=current, route=Route.SOCIAL_CARE_CONTACT, note=note)
    current.intake_consent = True
    current.intake = intakes[0]
    current.save()
    _audit(
        actor=actor,
        contact=current,
        action=AuditAction.UPDATE,
        summary=_("Yhteydenotto %(reference)s välitetty sosiaalihuoltoon perheen suostumuksella: %(receipt)s")
        % {"reference": current.reference, "receipt": intakes[0].receipt_number},
    )
    return current
