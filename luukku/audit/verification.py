"""Checking the hash chain of the käyttöloki and luovutusloki (Asiakastietolaki 703/2023 17–18 §).

Design
------
Every ``AuditEntry`` stores ``previous_hash`` (the ``entry_hash`` of the entry before it; ``GENESIS_HASH`` for
the first) and ``entry_hash`` = SHA-256 over the canonical serialisation of its own fields including its id and
``previous_hash`` (``luukku.audit.chain``). ``audit_record`` gives ids contiguously (the previous id + 1) under
the chain lock (PostgreSQL advisory lock; SQLite's IMMEDIATE transaction), so that the chain is exactly
#1, #2, #3, ... and a walk in id order finds:

- an edited entry: its recomputed hash differs from the stored one ("Merkintä #123 on muuttunut");
- an edited entry whose hash was also recomputed: the next entry's ``previous_hash`` no longer matches
  ("Merkinnän #124 edellisen tiiviste ei täsmää");
- a deleted entry in the middle: a gap in the ids ("Merkintä #124 puuttuu (#123 jälkeen tulee #125)").

A hash chain alone cannot tell that its newest entries were cut off: what remains is a valid, shorter chain.
That is what ``AuditHead`` is for: one row holding the id and hash of the newest entry, moved forward in the same
transaction as each entry is written (so it can never lag behind a committed entry or run ahead of one). The walk
must end exactly at the head; an entry missing at the end is reported as "Merkintä #N puuttuu (ketjun pää on #N,
viimeinen merkintä on #M)". The head is one row updated in place rather than a second append-only log, because
that costs one indexed UPDATE on the hot path and keeps the log table the only thing that grows.

What protects the rows themselves is the database: the application's role may not UPDATE, DELETE or TRUNCATE
the log (triggers on both PostgreSQL and SQLite; on PostgreSQL also grants, see docs/deployment.md "Audit log
protection"), and the head may only move forward by exactly one entry and never be deleted. Someone who can
bypass all of that (a database superuser) could rewrite the tail and the head together, since the hash is not
keyed; against that, record the head outside the database now and then (``luukku audit verify --json`` prints
``head_id`` and ``head_hash``) and check a recorded head later with ``--anchor ID:HASH``.

The walk reads the log in id order in keyset-paginated batches (``id > last`` ... ``LIMIT batch``), so memory
stays bounded whatever the size of the log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext as _

from luukku.audit import chain
from luukku.audit.models import AuditEntry, AuditHead

DEFAULT_BATCH_SIZE = 5000

# The columns read for the walk: the chained fields, then the stored entry hash.
_COLUMNS = (*chain.CHAINED_FIELDS, "entry_hash")
_OCCURRED_AT = chain.CHAINED_FIELDS.index("occurred_at")


def _batch_statement() -> str:
    """One keyset page of the log, read with a plain cursor: the ORM's per-row conversion would double the time."""
    qn = connection.ops.quote_name
    columns = {field.attname: field.column for field in AuditEntry._meta.concrete_fields}
    selected = ", ".join(qn(columns[name]) for name in _COLUMNS)
    table = qn(AuditEntry._meta.db_table)
    return f"SELECT {selected} FROM {table} WHERE {qn('id')} > %s ORDER BY {qn('id')} LIMIT %s"  # noqa: S608


def _as_chained(raw: tuple[object, ...]) -> tuple[object, ...]:
    """The row with ``occurred_at`` as an aware datetime (SQLite gives the stored UTC time without a zone)."""
    moment = raw[_OCCURRED_AT]
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    if isinstance(moment, dt.datetime) and moment.tzinfo is None:
        return (*raw[:_OCCURRED_AT], moment.replace(tzinfo=dt.UTC), *raw[_OCCURRED_AT + 1 :])
    return raw


@dataclass(frozen=True)
class ChainProblem:
    """The first point where the chain is broken."""

    entry_id: int
    kind: str  # changed, missing, previous_mismatch, missing_tail, beyond_head, head_missing, head_mismatch, anchor
    message: str


@dataclass(frozen=True)
class ChainReport:
    count: int
    head_id: int
    head_hash: str
    problem: ChainProblem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "count": self.count,
            "head_id": self.head_id,
            "head_hash": self.head_hash,
            "problem": None
            if self.problem is None
            else {
                "entry_id": self.problem.entry_id,
                "kind": self.problem.kind,
                "message": self.problem.message,
            },
        }


def verify_chain(
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    anchor: tuple[int, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ChainReport:
    """Walk the whole log in id order and return the count, the head and the first problem found, if any."""
    head_row = AuditHead.objects.filter(pk=AuditHead.SINGLETON_ID).values_list("last_id", "last_hash").first()
    head_id, head_hash = head_row if head_row is not None else (0, chain.GENESIS_HASH)
    expected_id = 1
    previous_hash = chain.GENESIS_HASH
    count = 0
    last_seen = 0

    def report(problem: ChainProblem | None) -> ChainReport:
        return ChainReport(count=count, head_id=head_id, head_hash=head_hash, problem=problem)

    select = _batch_statement()
    while True:
        with connection.cursor() as cursor:
            cursor.execute(select, [last_seen, batch_size])
            rows = cursor.fetchall()
        if not rows:
            break
        for raw in rows:
            row = _as_chained(raw)
            entry_id = row[0]
            stored_hash = row[-1]
            if head_row is None:
                return report(
                    ChainProblem(
                        entry_id, "head_missing", _("Lokiketjun pää puuttuu, vaikka lokissa on merkintöjä")
                    )
                )
            if entry_id != expected_id:
                if expected_id == 1:
                    message = _("Merkintä #%(missing)d puuttuu (ensimmäinen merkintä on #%(next)d)") % {
                        "missing": expected_id,
                        "next": entry_id,
                    }
                else:
                    message = _("Merkintä #%(missing)d puuttuu (#%(previous)d jälkeen tulee #%(next)d)") % {
                        "missing": expected_id,
                        "previous": expected_id - 1,
                        "next": entry_id,
                    }
                return report(ChainProblem(expected_id, "missing", message))
            if chain.row_hash(row) != stored_hash:
                return report(
                    ChainProblem(
                        entry_id,
                        "changed",
                        _("Merkintä #%(id)d on muuttunut (tiiviste ei täsmää)") % {"id": entry_id},
                    )
                )
            if row[-2] != previous_hash:
                return report(
                    ChainProblem(
                        entry_id,
                        "previous_mismatch",
                        _("Merkinnän #%(id)d edellisen tiiviste ei täsmää") % {"id": entry_id},
                    )
                )
            if anchor is not None and anchor[0] == entry_id and anchor[1] != stored_hash:
                return report(
                    ChainProblem(
                        entry_id,
                        "anchor",
                        _("Merkinnän #%(id)d tiiviste ei ole sama kuin talteen otettu") % {"id": entry_id},
                    )
                )
            if entry_id > head_id:
                return report(
                    ChainProblem(
                        entry_id,
                        "beyond_head",
                        _("Merkintä #%(id)d on ketjun pään #%(head)d jälkeen")
                        % {"id": entry_id, "head": head_id},
                    )
                )
            previous_hash = stored_hash
            expected_id = entry_id + 1
            count += 1
        last_seen = rows[-1][0]
        if progress is not None:
            progress(count)
    if count < head_id:
        message = _(
            "Merkintä #%(missing)d puuttuu (ketjun pää on #%(head)d, viimeinen merkintä on #%(last)d)"
        ) % {
            "missing": count + 1,
            "head": head_id,
            "last": count,
        }
        return report(ChainProblem(count + 1, "missing_tail", message))
    if count and previous_hash != head_hash:
        return report(
            ChainProblem(
                count,
                "head_mismatch",
                _("Ketjun pään tiiviste ei täsmää merkintään #%(id)d") % {"id": count},
            )
        )
    if anchor is not None and anchor[0] > count:
        return report(
            ChainProblem(
                anchor[0],
                "anchor",
                _("Talteen otettua merkintää #%(id)d ei ole lokissa") % {"id": anchor[0]},
            )
        )
    return report(None)
