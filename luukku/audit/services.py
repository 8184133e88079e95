"""Writes to the audit log. ``audit_record`` is the only way a log entry is made."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from luukku.audit import chain, selectors
from luukku.audit.models import (
    DEFAULT_APPEAL_INSTRUCTIONS,
    AuditAction,
    AuditEntry,
    AuditHead,
    AuditOutcome,
    LogReportDecision,
    LogReportRequest,
)
from luukku.core import time

# Serialises appends to the chain on PostgreSQL (SQLite's IMMEDIATE transactions already serialise writers).
_CHAIN_LOCK_KEY = 0x4C55554B  # "LUUK"

# Values are cut to the column width before hashing, so that what is hashed is exactly what is stored (SQLite
# would keep an over-long value and PostgreSQL would refuse it).
_MAX_LENGTHS: dict[str, int] = {
    field.attname: field.max_length
    for field in AuditEntry._meta.concrete_fields
    if getattr(field, "max_length", None) and field.attname in chain.CHAINED_FIELDS
}

# Basis recorded when the registrar produces the client's own log report.
LOG_REPORT_BASIS = "703/2023 11 §"


_OCCURRED_AT = chain.CHAINED_FIELDS.index("occurred_at")


@dataclass(frozen=True)
class _Statements:
    select_head: str
    insert_entry: str
    insert_head: str
    update_head: str


@lru_cache(maxsize=4)
def _statements_for(vendor: str) -> _Statements:
    """The four statements of an append, composed once: the ORM's query building would dominate the hot path."""
    qn = connection.ops.quote_name
    entry_columns = {field.attname: field.column for field in AuditEntry._meta.concrete_fields}
    columns = [entry_columns[name] for name in (*chain.CHAINED_FIELDS, "entry_hash")]
    entry_table = qn(AuditEntry._meta.db_table)
    head_table = qn(AuditHead._meta.db_table)
    placeholders = ", ".join(["%s"] * len(columns))
    return _Statements(
        select_head=f"SELECT {qn('last_id')}, {qn('last_hash')} FROM {head_table} WHERE {qn('id')} = %s",  # noqa: S608
        insert_entry=f"INSERT INTO {entry_table} ({', '.join(qn(c) for c in columns)}) VALUES ({placeholders})",  # noqa: S608
        insert_head=(
            f"INSERT INTO {head_table} ({qn('id')}, {qn('last_id')}, {qn('last_hash')}, {qn('updated_at')}) "  # noqa: S608
            "VALUES (%s, %s, %s, %s)"
        ),
        update_head=(
            f"UPDATE {head_table} SET {qn('last_id')} = %s, {qn('last_hash')} = %s, {qn('updated_at')} = %s "  # noqa: S608
            f"WHERE {qn('id')} = %s"
        ),
    )


def _statements() -> _Statements:
    return _statements_for(connection.vendor)


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def _text(name: str, value: Any) -> str:
    text = "" if value is None else str(value)
    return text[: _MAX_LENGTHS[name]]


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
    recipient_organisation_name: str = "",
) -> AuditEntry:
    """Käyttölokimerkintä (Asiakastietolaki 703/2023 17 §); with ``recipient_organisation`` a luovutuslokimerkintä (18 §).

    Call it inside the same transaction as the read or write it records, so that the data and its log entry are
    committed together or not at all. ``obj`` fills ``object_type``/``object_id`` from a model instance.
    ``summary`` says what was seen or changed; it never contains an identity code. ``recipient_organisation_name``
    names a recipient that has no ``Organisation`` row (e.g. a court).

    The entry gets the next id after the chain head and the head moves to it, both under the chain lock and in
    one transaction: ids are contiguous, and a gap or a missing newest entry is visible to ``luukku audit verify``.
    The lock lasts until the outermost transaction ends (PostgreSQL advisory transaction lock; SQLite's write
    lock), so log writers queue behind a long transaction that has logged something: keep such transactions short.
    Under READ COMMITTED (Django's default) the head read after taking the lock sees the previous writer's commit.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None  # an anonymous visitor is logged as no one
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    organisation = getattr(actor, "organisation", None) if actor is not None else None
    values: dict[str, Any] = {
        "occurred_at": time.now().astimezone(dt.UTC),
        "actor_id": getattr(actor, "pk", None),
        "actor_name": _text(
            "actor_name", (actor.get_full_name() or actor.get_username()) if actor is not None else ""
        ),
        "actor_organisation_id": organisation.pk if organisation is not None else None,
        "actor_organisation_name": _text(
            "actor_organisation_name", organisation.name_fi if organisation is not None else ""
        ),
        "actor_role": _text("actor_role", getattr(actor, "role", "") if actor is not None else ""),
        "action": _text("action", action),
        "outcome": _text("outcome", outcome),
        "person_id": getattr(person, "pk", None),
        "object_type": _text("object_type", object_type),
        "object_id": _text("object_id", object_id),
        "summary": _text("summary", summary),
        "basis": _text("basis", basis),
        "recipient_organisation_id": getattr(recipient_organisation, "pk", None),
        "recipient_organisation_name": _text(
            "recipient_organisation_name",
            recipient_organisation_name or getattr(recipient_organisation, "name_fi", ""),
        ),
        "channel": _text("channel", channel),
    }
    pending = getattr(_deferred, "entries", None)
    if pending is not None:
        pending.append(values)
        entry = AuditEntry(**values)
        return entry
    _append([values])
    entry = AuditEntry(**values)
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry


def _append(batch: list[dict[str, Any]]) -> None:
    """Append ``batch`` to the chain in order: one lock, one head read, then each entry and its head step.

    The head moves one step per entry (the database's triggers allow nothing else), so a batch is the same rows
    as the same entries appended one by one; it only saves the lock, the head read and the savepoints between.
    """
    if not batch:
        return
    with transaction.atomic():
        _lock_chain()
        sql = _statements()
        with connection.cursor() as cursor:
            cursor.execute(sql.select_head, [AuditHead.SINGLETON_ID])
            head = cursor.fetchone()
            last_id, last_hash = head if head is not None else (0, chain.GENESIS_HASH)
            for values in batch:
                values["id"] = last_id + 1
                values["previous_hash"] = last_hash
                row = [values[field] for field in chain.CHAINED_FIELDS]
                values["entry_hash"] = chain.row_hash(row)
                stored_moment = connection.ops.adapt_datetimefield_value(values["occurred_at"])
                row[_OCCURRED_AT] = stored_moment
                cursor.execute(sql.insert_entry, [*row, values["entry_hash"]])
                if head is None:
                    cursor.execute(
                        sql.insert_head,
                        [AuditHead.SINGLETON_ID, values["id"], values["entry_hash"], stored_moment],
                    )
                    head = (values["id"], values["entry_hash"])
                else:
                    cursor.execute(
                        sql.update_head,
                        [values["id"], values["entry_hash"], stored_moment, AuditHead.SINGLETON_ID],
                    )
                last_id, last_hash = values["id"], values["entry_hash"]


# Entries held back by ``audit_deferred`` in this thread (None when no deferring block is open).
_deferred = threading.local()


@contextmanager
def audit_deferred() -> Iterator[None]:
    """Hold back the audit entries made in the block and append them together when it ends.

    Use it inside the transaction that makes the logged reads and writes (a request's ``transaction.atomic``):
    the entries are still committed with the data or not at all, in the order they were made, each with the
    moment it was made. What changes is how long the chain lock is held: from the block's end to the commit,
    instead of from the first entry to the commit, so that requests that each log several entries (the intake
    API, a work tray's read rows) no longer queue behind each other for their whole length. Should the block
    raise, its entries are dropped with the transaction that the exception rolls back. Nested blocks append at
    the outermost block's end. The entries returned by ``audit_record`` inside the block have no id yet.
    """
    if getattr(_deferred, "entries", None) is not None:
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("audit_deferred() must run inside transaction.atomic()")
    _deferred.entries = []
    try:
        yield
        batch = _deferred.entries
    finally:
        _deferred.entries = None
    _append(batch)


# --- The client's log report (Asiakastietolaki 703/2023 11 §) -------------------------------------------------


def audit_report_generate(
    *,
    actor: Any,
    person: Any,
    start: dt.date | None = None,
    end: dt.date | None = None,
    printed: bool = False,
) -> selectors.AuditReport:
    """Lokiraportti asiakkaalle (703/2023 11 §): the report, and its own log entry (EXPORT, or PRINT when printed).

    The report is read before its own entry is written, so it shows the processing that preceded the request.
    """
    with transaction.atomic():
        report = selectors.audit_report_for_person(person=person, start=start, end=end)
        audit_record(
            actor=actor,
            action=AuditAction.PRINT if printed else AuditAction.EXPORT,
            person=person,
            object_type="audit.logreport",
            summary=str(
                _("Lokiraportti asiakkaalle %(start)s–%(end)s, %(count)d merkintää")
                % {
                    "start": f"{report.start:%d.%m.%Y}",
                    "end": f"{report.end:%d.%m.%Y}",
                    "count": len(report.entries),
                }
            ),
            basis=LOG_REPORT_BASIS,
            channel="print" if printed else "ui",
        )
    return report


def log_report_request_register(
    *,
    actor: Any,
    person: Any,
    requester_description: str,
    period_start: dt.date,
    period_end: dt.date,
    requested_on: dt.date | None = None,
) -> LogReportRequest:
    """Lokitietopyynnön kirjaus (703/2023 11 §): records who asked for the report, when and for which period."""
    if period_start > period_end:
        raise ValidationError(_("Alkupäivä ei voi olla loppupäivän jälkeen."), code="period_order")
    if not requester_description.strip():
        raise ValidationError(_("Kerro, kuka pyynnön esitti ja miten."), code="requester_required")
    with transaction.atomic():
        request = LogReportRequest.objects.create(
            person=person,
            requested_on=requested_on or time.today(),
            requester_description=requester_description.strip(),
            period_start=period_start,
            period_end=period_end,
            registered_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            person=person,
            obj=request,
            summary=str(_("Lokitietopyyntö kirjattu")),
            basis=LOG_REPORT_BASIS,
        )
    return request


def log_report_request_decide(
    *,
    actor: Any,
    request: LogReportRequest,
    decision: LogReportDecision | str,
    reasoning: str = "",
    appeal_instructions: str = "",
) -> LogReportRequest:
    """Ratkaisu lokitietopyyntöön (703/2023 11 § 2 mom., tietosuoja-asetus 15 art. 4 kohta).

    A refusal, whole or partial, needs written reasoning; it carries appeal instructions (the default text
    unless one is given). A decided request is not decided again.
    """
    decision = LogReportDecision(decision)
    reasoning = reasoning.strip()
    if request.is_decided:
        raise ValidationError(_("Pyyntö on jo ratkaistu."), code="already_decided")
    if decision != LogReportDecision.DELIVERED and not reasoning:
        raise ValidationError(
            _("Kieltäytyminen on perusteltava kirjallisesti: kirjoita perustelut."), code="reasoning_required"
        )
    with transaction.atomic():
        request.decision = decision
        request.reasoning = reasoning
        request.handled_by = actor
        request.decided_at = time.now()
        request.appeal_instructions = appeal_instructions.strip() or str(DEFAULT_APPEAL_INSTRUCTIONS)
        request.save(
            update_fields=["decision", "reasoning", "handled_by", "decided_at", "appeal_instructions"]
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            person=request.person,
            obj=request,
            summary=str(_("Lokitietopyyntö ratkaistu: %(decision)s") % {"decision": decision.label}),
            basis=LOG_REPORT_BASIS,
        )
    return request
