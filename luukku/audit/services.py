"""Writes to the audit log. ``audit_record`` is the only way a log entry is made."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction

from luukku.audit import chain
from luukku.audit.models import AuditAction, AuditEntry, AuditOutcome
from luukku.core import time

# Serialises appends to the chain on PostgreSQL (SQLite's IMMEDIATE transactions already serialise writers).
_CHAIN_LOCK_KEY = 0x4C55554B  # "LUUK"


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def audit_record(
    *,
    actor: Any | None,
    action: AuditAction | str,
    person: Any | None = None,
    obj: Any | None = None,
    object_type: str = "",
    object_id: str = "",
    summary: str = "",
    basis: str = "",
    outcome: AuditOutcome | str = AuditOutcome.ALLOWED,
    recipient_organisation: Any | None = None,
    channel: str = "ui",
) -> AuditEntry:
    """Käyttölokimerkintä (Asiakastietolaki 703/2023 17 §); with ``recipient_organisation`` a luovutuslokimerkintä (18 §).

    Call it inside the same transaction as the read or write it records, so that the data and its log entry are
    committed together or not at all. ``obj`` fills ``object_type``/``object_id`` from a model instance.
    ``summary`` says what was seen or changed; it never contains an identity code.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None  # an anonymous visitor is logged as no one
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    organisation = getattr(actor, "organisation", None) if actor is not None else None
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.order_by("-id").values("id", "entry_hash").first()
        values: dict[str, Any] = {
            "id": (last["id"] + 1) if last else 1,
            "occurred_at": time.now(),
            "actor_id": getattr(actor, "pk", None),
            "actor_name": (actor.get_full_name() or actor.get_username()) if actor is not None else "",
            "actor_organisation_id": organisation.pk if organisation is not None else None,
            "actor_organisation_name": organisation.name_fi if organisation is not None else "",
            "actor_role": getattr(actor, "role", "") if actor is not None else "",
            "action": str(action),
            "outcome": str(outcome),
            "person_id": getattr(person, "pk", None),
            "object_type": object_type,
            "object_id": object_id,
            "summary": summary[:500],
            "basis": basis,
            "recipient_organisation_id": getattr(recipient_organisation, "pk", None),
            "recipient_organisation_name": getattr(recipient_organisation, "name_fi", ""),
            "channel": channel,
            "previous_hash": last["entry_hash"] if last else chain.GENESIS_HASH,
        }
        values["entry_hash"] = chain.entry_hash(values)
        return AuditEntry.objects.create(**values)
