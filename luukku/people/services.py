"""Writes to the person register: persons, households and relationships.

Every function is atomic, takes the acting user and writes its audit row (käyttöloki, Asiakastietolaki 703/2023
17 §) in the same transaction, so that a refused or failed write leaves neither data nor log behind. Validation
errors are ``ValidationError`` dictionaries keyed by the field name with a Finnish message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from luukku.audit.models import AuditAction
from luukku.audit.services import audit_record
from luukku.core import identity, time
from luukku.organisations.models import Municipality
from luukku.people.models import Household, Person, Relationship, RelationshipKind

DUPLICATE_IDENTITY_CODE = _("Henkilö tällä henkilötunnuksella on jo rekisterissä.")

# Fields that person_update may change directly; the identity code has its own argument.
PERSON_UPDATABLE_FIELDS = frozenset(
    {
        "first_names",
        "last_name",
        "birth_date",
        "is_unborn",
        "expected_birth_date",
        "sex",
        "native_language",
        "home_municipality",
        "address",
        "phone",
        "email",
        "nationality",
        "deceased_on",
    }
)


class _Unchanged:
    """Marker: the identity code is left as it is."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()


def person_check_identity_code(raw: str, *, exclude: Person | None = None) -> identity.IdentityCode:
    """Validate a henkilötunnus and make sure no other person in the register has it.

    Raises ``ValidationError({"identity_code": ...})`` with the Finnish message of ``identity.parse``, or the
    duplicate message. Forms call this too, so that the admin shows the same message as the service.
    """
    try:
        parsed = identity.parse(raw)
    except identity.IdentityCodeError as error:
        raise ValidationError({"identity_code": error.messages}) from None
    duplicates = Person.objects.filter(identity_code_digest=identity.lookup_digest(parsed.code))
    if exclude is not None and exclude.pk is not None:
        duplicates = duplicates.exclude(pk=exclude.pk)
    if duplicates.exists():
        raise ValidationError({"identity_code": [DUPLICATE_IDENTITY_CODE]}, code="duplicate")
    return parsed


def person_validate(person: Person) -> None:
    """The rules of a person record that hold whatever the write: names, the unborn child, dates.

    Raises ``ValidationError`` keyed by field; forms call it too, so the admin shows the same messages.
    """
    errors: dict[str, list[Any]] = {}
    today = time.today()
    if not person.is_unborn and not person.last_name.strip():
        errors.setdefault("last_name", []).append(_("Anna henkilön sukunimi."))
    if person.is_unborn:
        if person.identity_code_digest:
            errors.setdefault("identity_code", []).append(
                _("Syntymättömällä lapsella ei voi olla henkilötunnusta.")
            )
        if person.birth_date is not None:
            errors.setdefault("birth_date", []).append(
                _("Syntymättömällä lapsella ei ole syntymäaikaa; anna laskettu aika.")
            )
        if person.expected_birth_date is None:
            errors.setdefault("expected_birth_date", []).append(
                _("Anna syntymättömän lapsen laskettu aika (LSL 25 c §).")
            )
    if person.birth_date is not None and person.birth_date > today:
        errors.setdefault("birth_date", []).append(_("Syntymäaika ei voi olla tulevaisuudessa."))
    if (
        person.deceased_on is not None
        and person.birth_date is not None
        and person.deceased_on < person.birth_date
    ):
        errors.setdefault("deceased_on", []).append(_("Kuolinpäivä ei voi olla ennen syntymäaikaa."))
    if errors:
        raise ValidationError(errors)


def _apply_identity_code(person: Person, raw: str | None, *, birth_date: dt.date | None) -> None:
    if not raw:
        person.set_identity_code(None)
        return
    parsed = person_check_identity_code(raw, exclude=person)
    if birth_date is not None and birth_date != parsed.birth_date:
        raise ValidationError(
            {"birth_date": [_("Syntymäaika ei vastaa henkilötunnuksen syntymäaikaa.")]}, code="mismatch"
        )
    person.set_identity_code(parsed.code)


def _save_person(person: Person) -> None:
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        # Two writers with the same code at once: the unique constraint on the digest decides.
        if person.identity_code_digest:
            raise ValidationError({"identity_code": [DUPLICATE_IDENTITY_CODE]}, code="duplicate") from None
        raise


@transaction.atomic
def person_create(
    *,
    actor: Any,
    first_names: str,
    last_name: str,
    identity_code: str | None = None,
    birth_date: dt.date | None = None,
    is_unborn: bool = False,
    expected_birth_date: dt.date | None = None,
    home_municipality: Municipality | None = None,
    sex: str = "",
    native_language: str = "fi",
    address: str = "",
    phone: str = "",
    email: str = "",
    nationality: str = "",
    is_synthetic: bool = False,
    basis: str = "",
) -> Person:
    """Henkilön lisääminen rekisteriin: a child, young person, guardian or close person.

    A person may have no identity code: an unborn child (ennakollinen lastensuojeluilmoitus, LSL 25 c §) has an
    expected birth date; a foreign child may have only a birth date. A valid code fills the birth date and sex.
    """
    person = Person(
        first_names=first_names.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date,
        is_unborn=is_unborn,
        expected_birth_date=expected_birth_date,
        home_municipality=home_municipality,
        sex=sex,
        native_language=native_language,
        address=address,
        phone=phone,
        email=email,
        nationality=nationality,
        is_synthetic=is_synthetic,
    )
    if identity_code:
        if is_unborn:
            raise ValidationError(
                {"identity_code": [_("Syntymättömällä lapsella ei voi olla henkilötunnusta.")]}
            )
        _apply_identity_code(person, identity_code, birth_date=birth_date)
    person_validate(person)
    _save_person(person)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        person=person,
        obj=person,
        summary=str(_("Henkilö lisätty rekisteriin")),
        basis=basis,
    )
    return person


@transaction.atomic
def person_update(
    *,
    actor: Any,
    person: Person,
    identity_code: str | None = UNCHANGED,
    basis: str = "",
    **changes: Any,
) -> Person:
    """Henkilötietojen muutos: change the named fields (and, when given, the identity code: '' or None clears it).

    The audit row names the changed fields, never their values.
    """
    unknown = set(changes) - PERSON_UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"person_update cannot change {sorted(unknown)}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    changed: list[str] = []
    for field, value in changes.items():
        if isinstance(value, str):
            value = value.strip()
        if getattr(person, field) != value:
            setattr(person, field, value)
            changed.append(field)
    if identity_code is not UNCHANGED:
        new_digest = identity.lookup_digest(identity_code) if identity_code else ""
        if new_digest != person.identity_code_digest:
            _apply_identity_code(person, identity_code, birth_date=changes.get("birth_date"))
            changed.append("identity_code")
    person_validate(person)
    if not changed:
        return person
    _save_person(person)
    labels = ", ".join(
        str(Person._meta.get_field(name).verbose_name) if name != "identity_code" else str(_("henkilötunnus"))
        for name in changed
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        person=person,
        obj=person,
        summary=str(_("Henkilötietoja muutettu: %(fields)s") % {"fields": labels}),
        basis=basis,
    )
    return person


@transaction.atomic
def relationship_create(
    *,
    actor: Any,
    person: Person,
    other: Person,
    kind: RelationshipKind | str,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    note: str = "",
    basis: str = "",
) -> Relationship:
    """Suhteen kirjaaminen: ``person`` *kind* ``other`` (e.g. huoltaja, laki lapsen huollosta 361/1983)."""
    errors: dict[str, list[Any]] = {}
    if person.pk == other.pk:
        errors["other"] = [_("Henkilöllä ei voi olla suhdetta itseensä.")]
    if kind not in RelationshipKind.values:
        errors["kind"] = [_("Tuntematon suhteen laji.")]
    if valid_from and valid_until and valid_until < valid_from:
        errors["valid_until"] = [_("Päättymispäivä ei voi olla ennen alkamispäivää.")]
    if (
        not errors
        and Relationship.objects.filter(person=person, other=other, kind=kind, valid_from=valid_from).exists()
    ):
        errors["kind"] = [_("Sama suhde samasta päivästä alkaen on jo kirjattu.")]
    if errors:
        raise ValidationError(errors)
    relationship = Relationship.objects.create(
        person=person, other=other, kind=kind, valid_from=valid_from, valid_until=valid_until, note=note
    )
    summary = _("Suhde kirjattu: %(kind)s") % {"kind": relationship.get_kind_display()}
    for subject in (person, other):
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            person=subject,
            obj=relationship,
            summary=str(summary),
            basis=basis,
        )
    return relationship


@transaction.atomic
def relationship_end(
    *, actor: Any, relationship: Relationship, valid_until: dt.date | None = None, basis: str = ""
) -> Relationship:
    """Suhteen päättäminen: the relationship stops counting after ``valid_until`` (default today)."""
    relationship = Relationship.objects.select_for_update().get(pk=relationship.pk)
    end = valid_until or time.today()
    if relationship.valid_from and end < relationship.valid_from:
        raise ValidationError({"valid_until": [_("Päättymispäivä ei voi olla ennen alkamispäivää.")]})
    if relationship.valid_until is not None and relationship.valid_until <= end:
        raise ValidationError({"valid_until": [_("Suhde on jo päättynyt.")]})
    relationship.valid_until = end
    relationship.save(update_fields=["valid_until"])
    summary = _("Suhde päätetty: %(kind)s") % {"kind": relationship.get_kind_display()}
    for subject in (relationship.person, relationship.other):
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            person=subject,
            obj=relationship,
            summary=str(summary),
            basis=basis,
        )
    return relationship


@transaction.atomic
def household_create(
    *,
    actor: Any,
    name: str = "",
    address: str = "",
    municipality: Municipality | None = None,
    members: Iterable[Person] = (),
    basis: str = "",
) -> Household:
    """Kotitalouden kirjaaminen: the people who live at one address."""
    if not name.strip() and not address.strip():
        raise ValidationError({"address": [_("Anna kotitaloudelle nimi tai osoite.")]})
    household = Household.objects.create(
        name=name.strip(), address=address.strip(), municipality=municipality
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=household,
        summary=str(_("Kotitalous kirjattu")),
        basis=basis,
    )
    for member in members:
        household_add_member(actor=actor, household=household, person=member, basis=basis)
    return household


@transaction.atomic
def household_update(
    *,
    actor: Any,
    household: Household,
    name: str,
    address: str,
    municipality: Municipality | None,
    basis: str = "",
) -> Household:
    """Kotitalouden tietojen muutos (name, address, municipality); members change with add/remove."""
    if not name.strip() and not address.strip():
        raise ValidationError({"address": [_("Anna kotitaloudelle nimi tai osoite.")]})
    household.name, household.address, household.municipality = name.strip(), address.strip(), municipality
    household.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=household,
        summary=str(_("Kotitalouden tietoja muutettu")),
        basis=basis,
    )
    return household


@transaction.atomic
def household_add_member(*, actor: Any, household: Household, person: Person, basis: str = "") -> Household:
    """Henkilön lisääminen kotitalouteen."""
    if household.members.filter(pk=person.pk).exists():
        raise ValidationError({"members": [_("Henkilö on jo tämän kotitalouden jäsen.")]})
    household.members.add(person)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        person=person,
        obj=household,
        summary=str(_("Henkilö lisätty kotitalouteen")),
        basis=basis,
    )
    return household


@transaction.atomic
def household_remove_member(
    *, actor: Any, household: Household, person: Person, basis: str = ""
) -> Household:
    """Henkilön poistaminen kotitaloudesta (muutto pois)."""
    if not household.members.filter(pk=person.pk).exists():
        raise ValidationError({"members": [_("Henkilö ei ole tämän kotitalouden jäsen.")]})
    household.members.remove(person)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        person=person,
        obj=household,
        summary=str(_("Henkilö poistettu kotitaloudesta")),
        basis=basis,
    )
    return household
