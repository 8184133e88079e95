"""Audit log: appending an entry (on every request that touches client data) and verifying the chain."""

from __future__ import annotations

import time as _t

from bench.timing import per_call, us

NAME = "audit"
ENTRIES = 20000


def run(db_label: str) -> list[tuple[str, str, str]]:
    from django.core.management import call_command
    from django.db import transaction

    from luukku.audit.models import AuditAction
    from luukku.audit.services import audit_record

    def one() -> None:
        with transaction.atomic():
            audit_record(
                actor=None, action=AuditAction.READ, summary="bench", basis="bench", channel="command"
            )

    append = per_call(one, repeat=2000)
    start = _t.perf_counter()
    with transaction.atomic():
        for _ in range(ENTRIES):
            audit_record(
                actor=None, action=AuditAction.READ, summary="bench", basis="bench", channel="command"
            )
    batched = (_t.perf_counter() - start) / ENTRIES
    start = _t.perf_counter()
    call_command("audit", "verify", verbosity=0)
    verify = _t.perf_counter() - start
    total = ENTRIES + 2000
    return [
        ("append one entry in its own transaction", us(append), "includes the chain lock and commit"),
        ("append inside a larger transaction", us(batched), f"{ENTRIES} entries"),
        ("`luukku audit verify`", f"{total / verify:,.0f} entries/s", f"{total} entries"),
    ]
