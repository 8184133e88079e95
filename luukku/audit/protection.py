"""The database-level protection of the käyttöloki (703/2023 17 §): append-only triggers, and their suspension.

The triggers are installed by migration ``0003_append_only_triggers``: on both PostgreSQL and SQLite an UPDATE or
DELETE of a log row (and on PostgreSQL a TRUNCATE) fails, and the chain head (``AuditHead``) may only move forward
by one entry to an entry that exists. The production grants that keep the application role from switching the
triggers off are in docs/deployment.md, "Audit log protection".

``suspended`` lifts the triggers for one transaction. Only the table owner can do that (PostgreSQL: ``ALTER TABLE
... DISABLE TRIGGER``), so in production, where the application role does not own the log, it fails. It exists for
``luukku flush`` (wiping a demo or test database whole) and for the tests that tamper with the log on purpose.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django.db import transaction

PROTECTED_TABLES = ("audit_auditentry", "audit_audithead")


@contextlib.contextmanager
def suspended(connection: Any) -> Iterator[None]:
    """Run the block with the log's triggers off, in one transaction that switches them back on at the end."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            existing = _existing_tables(connection)
            for table in existing:
                cursor.execute(f"ALTER TABLE {connection.ops.quote_name(table)} DISABLE TRIGGER USER")
            yield
            for table in existing:
                cursor.execute(f"ALTER TABLE {connection.ops.quote_name(table)} ENABLE TRIGGER USER")
        elif connection.vendor == "sqlite":
            placeholders = ", ".join("%s" for _ in PROTECTED_TABLES)
            cursor.execute(
                "SELECT name, sql FROM sqlite_master "  # noqa: S608 - placeholders only
                f"WHERE type = 'trigger' AND tbl_name IN ({placeholders})",
                list(PROTECTED_TABLES),
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
            yield
            for _name, sql in triggers:
                cursor.execute(sql)
        else:
            yield


def _existing_tables(connection: Any) -> list[str]:
    present = set(connection.introspection.table_names())
    return [table for table in PROTECTED_TABLES if table in present]
