"""Reads of the person register. Every read starts from the access policy and is written to the access log.

A person who does not exist and a person whom the actor may not see give the same ``Http404``, so that nobody
can probe the register (Asiakastietolaki 703/2023 4 §, 17 §).
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _g

from luukku.access.models import AccessBasis, Consent
from luukku.access.policy import Decision, decide, visible_to
from luukku.access.services import refusal_record
from luukku.audit.models import AuditAction
from luukku.audit.services import audit_record
from luukku.core import identity, time
from luukku.people.models import Household, Person, Relationship, RelationshipKind


@dataclasses.dataclass(frozen=True)
class VisiblePerson:
    """One line of "Asiakkaani": the person and the basis on which the actor sees them."""

    person: Person
    basis: AccessBasis

    @property
    def basis_label(self) -> str:
        return str(self.basis.label)


def person_list_visible(*, actor: Any, query: str = "", channel: str = "ui") -> list[VisiblePerson]:
    """Asiakkaani: the persons the actor may see, filtered by name, each with the basis that applies.

    Each person shown gets one READ entry (name and age seen) with the basis, so that the person's own
    "who has seen my data" report includes the list.
    """
    persons = visible_to(actor).order_by("last_name", "first_names", "pk")
    # NUL cannot be stored or searched in PostgreSQL text; nobody types it in a name.
    query = (query or "").replace("\x00", "").strip()
    if query:
        for word in query.split():
            persons = persons.filter(Q(first_names__icontains=word) | Q(last_name__icontains=word))
    rows: list[VisiblePerson] = []
    for person in persons[:500]:
        decision = decide(actor=actor, person=person)
        if decision.allowed and decision.basis is not None:
            rows.append(VisiblePerson(person=person, basis=decision.basis))
            audit_record(
                actor=actor,
                action=AuditAction.READ,
                person=person,
                obj=person,
                summary=_g("Nimi ja ikä asiakaslistalla"),
                basis=decision.basis.value,
                channel=channel,
            )
    return rows


def person_visible_queryset(*, actor: Any) -> QuerySet[Person]:
    """The persons ``actor`` may see, for other selectors to build on."""
    return visible_to(actor)


def person_get_for_actor(
    *,
    actor: Any,
    public_id: uuid.UUID | str,
    information_kind: str | None = "identity_contact",
    action: str = "view",
    summary: str = "",
    channel: str = "ui",
) -> Person:
    """One person, if the policy allows; otherwise ``Http404`` and one REFUSED entry in the access log.

    A successful read writes one READ entry naming the basis used; the decision is left on the returned person
    as ``access_decision`` for the page to show.
    """
    try:
        parsed = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError:
        parsed = None
    person = Person.objects.filter(public_id=parsed).first() if parsed is not None else None
    decision = (
        decide(actor=actor, person=person, action=action, information_kind=information_kind)  # type: ignore[arg-type]
        if person is not None
        else Decision(False, None, _g("Henkilöä ei löydy."))
    )
    if not decision.allowed or person is None:
        refusal_record(
            actor=actor,
            person=person,
            summary=summary or _g("Henkilön tietojen katselu evätty"),
            channel=channel,
        )
        raise Http404(_g("Henkilöä ei löydy."))
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        person=person,
        obj=person,
        summary=summary or _g("Henkilön perustiedot"),
        basis=decision.basis.value if decision.basis else "",
        channel=channel,
    )
    person.access_decision = decision  # type: ignore[attr-defined]
    return person


def person_find_by_identity_code(*, actor: Any, code: str, channel: str = "ui") -> Person | None:
    """Haku henkilötunnuksella: the person with this code if the actor may see them, else None.

    The code is looked up by its keyed digest and never logged. A hit the policy refuses is logged as one
    REFUSED entry; a miss as one SEARCH entry without a person.
    """
    try:
        parsed = identity.parse(code)
    except identity.IdentityCodeError:
        return None
    person = Person.objects.filter(identity_code_digest=identity.lookup_digest(parsed.code)).first()
    if person is not None:
        decision = decide(actor=actor, person=person)
        if decision.allowed:
            audit_record(
                actor=actor,
                action=AuditAction.SEARCH,
                person=person,
                obj=person,
                summary=_g("Haku henkilötunnuksella"),
                basis=decision.basis.value if decision.basis else "",
                channel=channel,
            )
            return person
        refusal_record(
            actor=actor, person=person, summary=_g("Haku henkilötunnuksella evätty"), channel=channel
        )
        return None
    audit_record(
        actor=actor,
        action=AuditAction.SEARCH,
        summary=_g("Haku henkilötunnuksella: ei osumaa"),
        channel=channel,
    )
    return None


def person_guardians(*, person: Person) -> list[Relationship]:
    """The person's guardians today (huoltajat), for a page already allowed by the policy."""
    today = time.today()
    return list(
        Relationship.objects.filter(other=person, kind=RelationshipKind.GUARDIAN_OF)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("person")
        .order_by("person__last_name", "person__first_names")
    )


def person_households(*, person: Person) -> list[Household]:
    return list(person.households.prefetch_related("members").order_by("pk"))


def person_consents(*, person: Person) -> list[Consent]:
    """Every consent of the person, newest first, including withdrawn and expired ones (for the record)."""
    return list(
        Consent.objects.filter(person=person)
        .select_related("given_by", "recorded_by")
        .prefetch_related("recipient_organisations", "recipient_units__organisation")
        .order_by("-recorded_at", "-pk")
    )


def person_consent_get(*, person: Person, consent_id: int) -> Consent:
    consent = Consent.objects.filter(person=person, pk=consent_id).select_related("given_by").first()
    if consent is None:
        raise Http404(_g("Suostumusta ei löydy."))
    return consent


def person_consent_givers(*, person: Person) -> list[Person]:
    """Who may give consent for the person: the person themself and their guardians today."""
    return [person, *(relationship.person for relationship in person_guardians(person=person))]
