"""Fixtures for the audit log tests: writing entries, and tampering with the log as a database superuser would."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

from luukku.audit import protection
from luukku.audit.models import AuditAction
from luukku.audit.services import audit_record
from luukku.core.factories import ChildFactory, ProfessionalFactory


@pytest.fixture
def write_entries(db: Any) -> Callable[[int], list[Any]]:
    """Write ``n`` log entries about one child by one professional."""

    def write(n: int) -> list[Any]:
        actor = ProfessionalFactory()
        child = ChildFactory()
        return [
            audit_record(actor=actor, action=AuditAction.READ, person=child, summary=f"Asiakaskertomus {i}")
            for i in range(n)
        ]

    return write


def _tamper_postgresql(sql: str, params: list[Any]) -> None:
    import psycopg
    from psycopg.conninfo import make_conninfo

    admin_url = os.environ["LUUKKU_PG_ADMIN_URL"]
    conninfo = make_conninfo(admin_url, dbname=connection.settings_dict["NAME"])
    with psycopg.connect(conninfo, autocommit=False) as admin:
        # A superuser session can switch ordinary triggers off: the threat that the hash chain is there for.
        admin.execute("SET session_replication_role = replica")
        admin.execute(sql, params)
        admin.commit()


@pytest.fixture
def tamper() -> Callable[..., None]:
    """Run SQL against the log bypassing its triggers: as the superuser on PostgreSQL, with them dropped on SQLite.

    Tests that use it must be ``django_db(transaction=True)``, so that the superuser's session sees their rows.
    """

    def run(sql: str, params: list[Any] | None = None) -> None:
        if connection.vendor == "postgresql":
            _tamper_postgresql(sql, params or [])
        else:
            with protection.suspended(connection), connection.cursor() as cursor:
                cursor.execute(sql, params or [])

    return run


@pytest.fixture
def separate_connections(transactional_db: Any) -> Iterator[Callable[[Callable[[], Any]], Any]]:
    """Let threads write as separate database clients; yields ``run(fn)`` that runs ``fn`` in one more thread.

    On PostgreSQL every thread simply gets its own connection to the test database. SQLite's in-memory test
    database is one shared-cache connection family that reports "table is locked" instead of waiting, which is
    not how Luukku runs SQLite; so for the duration of the test the database is copied to a file, and every new
    thread's connection opens that file with the production settings (WAL, IMMEDIATE transactions, busy timeout).
    """
    original = connections.settings[DEFAULT_DB_ALIAS]
    with tempfile.TemporaryDirectory() as directory:
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            path = Path(directory) / "threads.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.close()
            connections.settings[DEFAULT_DB_ALIAS] = {**original, "NAME": str(path)}

        def run(fn: Callable[[], Any]) -> Any:
            outcome: dict[str, Any] = {}

            def target_fn() -> None:
                try:
                    outcome["value"] = fn()
                except BaseException as error:  # noqa: BLE001 - re-raised in the caller's thread
                    outcome["error"] = error
                finally:
                    connections[DEFAULT_DB_ALIAS].close()

            thread = threading.Thread(target=target_fn)
            thread.start()
            thread.join()
            if "error" in outcome:
                raise outcome["error"]
            return outcome["value"]

        try:
            yield run
        finally:
            connections.settings[DEFAULT_DB_ALIAS] = original
