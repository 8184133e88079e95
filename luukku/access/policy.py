"""Käyttöoikeuspolitiikka: the one place that decides who may see or change which client's data, and why.

A professional may process a client's data only on a basis (Asiakastietolaki 703/2023 4 §; SHL 41 §; LSL 25 §):

* an active ``Involvement`` naming the professional (responsible worker, intake handler, pair worker, LASTA
  participant) or the professional's unit (owning unit, unit invited under SHL 41 §);
* the client's ``Consent`` naming the professional's organisation or unit, in force today and covering the kind
  of information (view only);
* the professional's own unexpired ``EmergencyAccess`` (view only).

Roles grant nothing by themselves: the police see only through LASTA participation; an administrator
(pääkäyttäjä) manages users and catalogues and gets no client data through unit membership, consents or
emergency access; a manager sees the unit's cases like any member of the unit. Anonymous and inactive users see
nothing. Nothing is cached: every request asks the database, so an ended relationship or a withdrawn consent
takes effect on the next request.

``decide`` answers for one person; ``visible_to`` answers the same question for all persons in one query. The
two must always agree (``tests/test_access_properties.py``).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from django.db.models import Exists, OuterRef, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from luukku.access.models import (
    PROFESSIONAL_BASES,
    UNIT_BASES,
    AccessBasis,
    Consent,
    ConsentGiverRole,
    EmergencyAccess,
    InformationKind,
    Involvement,
)
from luukku.core import time
from luukku.organisations.models import Role
from luukku.people.models import Person, Relationship, RelationshipKind

Action = Literal["view", "edit"]

# Bases that let a professional change the client's record (consents, person data). Invited units, LASTA
# participants, consents and emergency accesses only let them see it; the assessment and plan services decide
# separately what an invited participant may write into their own contribution.
EDIT_BASES = (
    AccessBasis.OWNING_UNIT,
    AccessBasis.RESPONSIBLE_WORKER,
    AccessBasis.ASSIGNMENT,
    AccessBasis.PAIR_WORKER,
)
# The order in which a basis is named when several apply: the closest relationship first.
BASIS_ORDER = (
    AccessBasis.RESPONSIBLE_WORKER,
    AccessBasis.ASSIGNMENT,
    AccessBasis.PAIR_WORKER,
    AccessBasis.OWNING_UNIT,
    AccessBasis.LASTA_PARTICIPANT,
    AccessBasis.INVITED_UNIT,
    AccessBasis.CONSENT,
    AccessBasis.EMERGENCY,
)


@dataclasses.dataclass(frozen=True)
class Decision:
    """The policy's answer: allowed or not, on which basis, and why in words."""

    allowed: bool
    basis: AccessBasis | None
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


# --- Query building blocks, shared by decide() and visible_to() ------------------------------------------------


def _kinds_cover(field: str, information_kind: str | None, *, empty_means_all: bool) -> Q:
    """A JSON list of information kinds covers ``information_kind`` (None: any kind at all).

    The list is matched as text (``"kind"`` with its quotes), which works the same on SQLite and PostgreSQL;
    the kinds are plain slugs, so there is nothing to escape.
    """
    if information_kind is None:
        # Q() would vanish when OR-ed with another condition, so "always" is spelled out.
        return Q(pk__isnull=False) if empty_means_all else ~Q(**{f"{field}_text": "[]"})
    covered = Q(**{f"{field}_text__contains": f'"{information_kind}"'})
    if empty_means_all:
        covered |= Q(**{f"{field}_text": "[]"})
    return covered


def _is_active_user(actor: Any) -> bool:
    return bool(actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active)


def _role(actor: Any) -> str:
    return getattr(actor, "role", "")


def _involvement_q(actor: Any, bases: tuple[AccessBasis, ...], information_kind: str | None) -> Q | None:
    """Active involvements of ``actor`` (personally or through the unit) on one of ``bases``, as a filter."""
    role = _role(actor)
    personal = [b for b in bases if b in PROFESSIONAL_BASES]
    by_unit = [b for b in bases if b in UNIT_BASES]
    if role == Role.POLICE:
        personal = [b for b in personal if b == AccessBasis.LASTA_PARTICIPANT]
        by_unit = []
    if role == Role.ADMINISTRATOR:
        by_unit = []
    parts: list[Q] = []
    if personal:
        parts.append(Q(basis__in=personal, professional_id=actor.pk))
    if by_unit and actor.unit_id is not None:
        parts.append(Q(basis__in=by_unit, unit_id=actor.unit_id))
    if not parts:
        return None
    who = parts[0]
    for part in parts[1:]:
        who |= part
    # Only invitations (invited unit, LASTA) are limited to information kinds; other bases cover everything.
    condition = Q(ended_at__isnull=True) & who
    if information_kind is not None:
        limited = [AccessBasis.INVITED_UNIT, AccessBasis.LASTA_PARTICIPANT]
        condition &= ~Q(basis__in=limited) | _kinds_cover(
            "information_kinds", information_kind, empty_means_all=True
        )
    return condition


def _involvements(
    actor: Any, bases: tuple[AccessBasis, ...], information_kind: str | None
) -> QuerySet | None:
    condition = _involvement_q(actor, bases, information_kind)
    if condition is None:
        return None
    return Involvement.objects.annotate(information_kinds_text=Cast("information_kinds", TextField())).filter(
        condition
    )


def _consents(actor: Any, information_kind: str | None) -> QuerySet | None:
    """Consents in force today that name the actor's organisation or unit and cover the information kind."""
    if _role(actor) in (Role.POLICE, Role.ADMINISTRATOR) or actor.unit_id is None:
        return None
    today = time.today()
    recipients = Q(recipient_units__id=actor.unit_id) | Q(
        recipient_organisations__id=actor.unit.organisation_id
    )
    # A guardian speaks for the child only while the guardianship lasts (laki lapsen huollosta 361/1983 4 §).
    guardianship = Relationship.objects.filter(
        person_id=OuterRef("given_by_id"),
        other_id=OuterRef("person_id"),
        kind=RelationshipKind.GUARDIAN_OF,
    ).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=today),
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
    )
    return (
        Consent.objects.annotate(information_kinds_text=Cast("information_kinds", TextField()))
        .filter(recipients, withdrawn_at__isnull=True, valid_from__lte=today, valid_until__gte=today)
        .filter(_kinds_cover("information_kinds", information_kind, empty_means_all=False))
        .filter(~Q(given_by_role=ConsentGiverRole.GUARDIAN) | Exists(guardianship))
    )


def _emergency_accesses(actor: Any) -> QuerySet | None:
    if _role(actor) in (Role.POLICE, Role.ADMINISTRATOR):
        return None
    return EmergencyAccess.objects.filter(professional_id=actor.pk, expires_at__gt=time.now())


# --- The interface ---------------------------------------------------------------------------------------------


def decide(
    *, actor: Any, person: Person, action: Action = "view", information_kind: str | None = None
) -> Decision:
    """Käyttöoikeuspäätös: may ``actor`` view (or edit) ``person``'s data of ``information_kind``?

    ``information_kind`` is one of ``InformationKind`` or None for "any of the person's data" (the basic
    question of whether the person is the actor's client at all). The basis named is the closest one that
    applies (see ``BASIS_ORDER``).
    """
    if not _is_active_user(actor):
        return Decision(False, None, str(_("Ei kirjautunut tai tunnus ei ole voimassa.")))
    if action not in ("view", "edit"):
        raise ValueError(f"unknown action {action!r}")
    if information_kind is not None and information_kind not in InformationKind.values:
        raise ValueError(f"unknown information kind {information_kind!r}")
    bases = EDIT_BASES if action == "edit" else (*PROFESSIONAL_BASES, *UNIT_BASES)
    found: set[str] = set()
    involvements = _involvements(actor, bases, information_kind)
    if involvements is not None:
        found.update(involvements.filter(person_id=person.pk).values_list("basis", flat=True))
    if action == "view":
        consents = _consents(actor, information_kind)
        if consents is not None and consents.filter(person_id=person.pk).exists():
            found.add(AccessBasis.CONSENT)
        emergencies = _emergency_accesses(actor)
        if emergencies is not None and emergencies.filter(person_id=person.pk).exists():
            found.add(AccessBasis.EMERGENCY)
    for basis in BASIS_ORDER:
        if basis in found:
            return Decision(True, basis, str(basis.label))
    if action == "edit" and decide(
        actor=actor, person=person, action="view", information_kind=information_kind
    ):
        return Decision(False, None, str(_("Käyttöperuste oikeuttaa vain katseluun.")))
    return Decision(False, None, str(_("Ei käyttöperustetta.")))


def visible_to(
    actor: Any, *, action: Action = "view", information_kind: str | None = None
) -> QuerySet[Person]:
    """The persons whose data ``actor`` may view (or edit): exactly those for which ``decide`` allows it."""
    if not _is_active_user(actor):
        return Person.objects.none()
    if information_kind is not None and information_kind not in InformationKind.values:
        raise ValueError(f"unknown information kind {information_kind!r}")
    bases = EDIT_BASES if action == "edit" else (*PROFESSIONAL_BASES, *UNIT_BASES)
    # ``pk IN (the actor's involvements' persons)`` rather than ``EXISTS`` per person: the database starts from the
    # actor's few involvements (indexed by professional and unit) instead of testing every person in the register,
    # which at national scale (a million children) is the difference between milliseconds and a second.
    conditions = Q(pk__in=[])
    involvements = _involvements(actor, bases, information_kind)
    if involvements is not None:
        conditions |= Q(pk__in=involvements.values("person_id"))
    if action == "view":
        consents = _consents(actor, information_kind)
        if consents is not None:
            conditions |= Q(pk__in=consents.values("person_id"))
        emergencies = _emergency_accesses(actor)
        if emergencies is not None:
            conditions |= Q(pk__in=emergencies.values("person_id"))
    return Person.objects.filter(conditions)


@dataclasses.dataclass(frozen=True)
class AccessGrant:
    """One line of "kuka voi nähdä mitä ja millä perusteella": a recipient, the basis, the kinds and until when."""

    basis: AccessBasis
    recipient: str
    organisation: str
    information_kinds: tuple[str, ...]
    until: Any
    source: str
    object_id: int

    @property
    def basis_label(self) -> str:
        return str(self.basis.label)

    @property
    def information_kind_labels(self) -> list[str]:
        if not self.information_kinds:
            return [str(_("kaikki tiedot"))]
        labels = dict(InformationKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.information_kinds]


def access_overview(*, person: Person) -> list[AccessGrant]:
    """Who may see what of ``person`` and why, today: every active basis that the policy would honour.

    Shown on the person page and reused by the assessment and plan screens ("mitä kukin osallistuva
    organisaatio saa nähdä ja miksi"). Expired emergency accesses and consents out of force are left out.
    """
    today = time.today()
    grants: list[AccessGrant] = []
    involvements = (
        Involvement.objects.filter(person=person, ended_at__isnull=True)
        .select_related("unit__organisation", "professional__unit__organisation")
        .order_by("started_at", "pk")
    )
    for involvement in involvements:
        if involvement.professional_id is not None and involvement.basis in PROFESSIONAL_BASES:
            professional = involvement.professional
            recipient = str(professional)
            organisation = professional.organisation.name_fi if professional.organisation else ""
        else:
            recipient = involvement.unit.name_fi
            organisation = involvement.unit.organisation.name_fi
        grants.append(
            AccessGrant(
                basis=AccessBasis(involvement.basis),
                recipient=recipient,
                organisation=organisation,
                information_kinds=tuple(involvement.information_kinds or ()),
                until=None,
                source=involvement.source,
                object_id=involvement.pk,
            )
        )
    consents = (
        Consent.objects.filter(
            person=person, withdrawn_at__isnull=True, valid_from__lte=today, valid_until__gte=today
        )
        .prefetch_related("recipient_organisations", "recipient_units__organisation")
        .order_by("valid_from", "pk")
    )
    for consent in consents:
        if (
            consent.given_by_role == ConsentGiverRole.GUARDIAN
            and not Relationship.objects.filter(
                Q(valid_from__isnull=True) | Q(valid_from__lte=today),
                Q(valid_until__isnull=True) | Q(valid_until__gte=today),
                person_id=consent.given_by_id,
                other_id=person.pk,
                kind=RelationshipKind.GUARDIAN_OF,
            ).exists()
        ):
            continue
        for organisation in consent.recipient_organisations.all():
            grants.append(
                AccessGrant(
                    basis=AccessBasis.CONSENT,
                    recipient=organisation.name_fi,
                    organisation=organisation.name_fi,
                    information_kinds=tuple(consent.information_kinds),
                    until=consent.valid_until,
                    source=consent.purpose,
                    object_id=consent.pk,
                )
            )
        for unit in consent.recipient_units.all():
            grants.append(
                AccessGrant(
                    basis=AccessBasis.CONSENT,
                    recipient=unit.name_fi,
                    organisation=unit.organisation.name_fi,
                    information_kinds=tuple(consent.information_kinds),
                    until=consent.valid_until,
                    source=consent.purpose,
                    object_id=consent.pk,
                )
            )
    emergencies = EmergencyAccess.objects.filter(person=person, expires_at__gt=time.now()).select_related(
        "professional__unit__organisation"
    )
    for emergency in emergencies:
        professional = emergency.professional
        grants.append(
            AccessGrant(
                basis=AccessBasis.EMERGENCY,
                recipient=str(professional),
                organisation=professional.organisation.name_fi if professional.organisation else "",
                information_kinds=(),
                until=emergency.expires_at,
                source=emergency.reason,
                object_id=emergency.pk,
            )
        )
    return grants
