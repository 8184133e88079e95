"""Crash test: a real server is killed with SIGKILL while intakes are being posted, then restarted.

Every intake acknowledged with 201 must be in the database exactly once, the unacknowledged ones resent with
their Idempotency-Key must not be doubled, and the database must be intact. The server is gunicorn (two worker
processes) on 127.0.0.1, on a copy of the migrated test database: on SQLite a file in a temporary directory
(``VACUUM INTO``), on PostgreSQL a database of its own created with the application role (``CREATE DATABASE …
TEMPLATE``) and dropped afterwards.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time as clock
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection, connections

from luukku.core import identity

REQUESTS = 160
KILL_AFTER_ACKS = 50
CLIENT_THREADS = 2
DEADLINE_SECONDS = 60
BIN = Path(sys.executable).parent

SETUP_SCRIPT = """
from luukku.intake.auth import api_client_create
from luukku.intake.models import IntakeRouting
from luukku.organisations.models import Organisation, Unit
county = Organisation.objects.create(code="crash-county", name_fi="Kaatumisen hyvinvointialue", kind="wellbeing_county")
unit = Unit.objects.create(organisation=county, code="crash-intake", name_fi="Vastaanotto", sector="social_work")
IntakeRouting.objects.create(is_default=True, unit=unit)
school = Organisation.objects.create(code="crash-school", name_fi="Koulu", kind="municipality")
print(api_client_create(actor=None, organisation=school, name="Koulun järjestelmä").token)
"""


@dataclass
class Database:
    vendor: str
    url: str
    sqlite_path: Path | None = None
    env: dict[str, str] = field(default_factory=dict)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


@pytest.fixture
def crash_database(transactional_db, django_db_blocker, tmp_path) -> Iterator[Database]:
    """A migrated copy of the test database that a separate server process can open."""
    base_env = {**os.environ, "LUUKKU_ENV": "test", "PYTHONUNBUFFERED": "1"}
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            path = tmp_path / "luukku.sqlite3"
            with connection.cursor() as cursor:
                cursor.execute("VACUUM INTO %s", [str(path)])
            url = f"sqlite:///{path}"
            yield Database("sqlite", url, path, {**base_env, "DATABASE_URL": url})
            return
        template = connection.settings_dict["NAME"]
        name = f"luukku_crash_{uuid.uuid4().hex[:8]}"
        connections.close_all()
        admin_url = _with_database(os.environ["DATABASE_URL"], "postgres")
        import psycopg

        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        url = _with_database(os.environ["DATABASE_URL"], name)
        try:
            yield Database("postgresql", url, None, {**base_env, "DATABASE_URL": url})
        finally:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Server:
    """gunicorn in its own process group, so that SIGKILL takes the master and its workers down together."""

    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.env, self.port, self.log = env, port, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "config.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "2",
                    "--timeout",
                    "30",
                ],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=settings.BASE_DIR,
            )
        deadline = clock.monotonic() + 30
        while clock.monotonic() < deadline:
            try:
                status, _body = _request("GET", self.port, "/api/v1/health", None, {})
                if status == 200:
                    return
            except OSError:
                pass
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            clock.sleep(0.1)
        raise AssertionError("the server did not start: " + self.log.read_text()[-3000:])

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


def _request(
    method: str, port: int, path: str, body: bytes | None, headers: dict[str, str]
) -> tuple[int, bytes]:
    status, content, _replayed = _exchange(method, port, path, body, headers)
    return status, content


def _exchange(
    method: str, port: int, path: str, body: bytes | None, headers: dict[str, str]
) -> tuple[int, bytes, bool]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read(), response.getheader("Idempotent-Replayed") == "true"
    finally:
        conn.close()


def _notification(index: int) -> bytes:
    birth = dt.date(2012, 1, 1) + dt.timedelta(days=index // 100)
    return json.dumps(
        {
            "kind": "child_protection_notification",
            "children": [
                {"identity_code": identity.build(birth, 900 + index % 100), "last_name": "Kaatuminen"}
            ],
            "notifier": {"sector": "education", "name": "Kaisa Kuraattori"},
            "concern": f"Huoli numero {index}.",
            "external_id": f"CRASH-{index:04d}",
        }
    ).encode()


def _run_command(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "luukku"), *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _query(database: Database, sql: str) -> list[tuple[Any, ...]]:
    if database.sqlite_path is not None:
        with sqlite3.connect(database.sqlite_path) as db:
            return db.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(database.url) as db:
        return db.execute(sql).fetchall()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_intakes_acknowledged_before_a_sigkill_are_there_exactly_once(crash_database, tmp_path):
    # given a server with an integrating school's token
    setup = _run_command(crash_database.env, "shell", "-c", SETUP_SCRIPT)
    assert setup.returncode == 0, setup.stderr
    token = setup.stdout.strip().splitlines()[-1]
    server = Server(crash_database.env, _free_port(), tmp_path / "gunicorn.log")
    server.start()

    acknowledged: dict[int, list[str]] = {}
    replayed: list[int] = []
    failed_attempts: list[int] = []
    lock = threading.Lock()
    started = clock.monotonic()

    def post_all(indexes: range) -> None:
        for index in indexes:
            headers = {
                "Authorization": f"Bearer {token}",
                "Idempotency-Key": f"crash-{index}",
                "Content-Type": "application/json",
            }
            while clock.monotonic() - started < DEADLINE_SECONDS:
                try:
                    status, body, was_replayed = _exchange(
                        "POST", server.port, "/api/v1/intakes", _notification(index), headers
                    )
                except OSError:
                    # No answer (the server is down or died mid-request): resend with the same key.
                    with lock:
                        failed_attempts.append(index)
                    clock.sleep(0.05)
                    continue
                if status >= 500:
                    with lock:
                        failed_attempts.append(index)
                    continue
                assert status == 201, body
                with lock:
                    acknowledged[index] = [row["receipt_number"] for row in json.loads(body)["intakes"]]
                    if was_replayed:
                        replayed.append(index)
                break

    # when two client threads post intakes and the server is killed with SIGKILL in the middle
    threads = [
        threading.Thread(target=post_all, args=(range(offset, REQUESTS, CLIENT_THREADS),))
        for offset in range(CLIENT_THREADS)
    ]
    try:
        for thread in threads:
            thread.start()
        while len(acknowledged) < KILL_AFTER_ACKS and clock.monotonic() - started < DEADLINE_SECONDS:
            clock.sleep(0.01)
        acks_before_kill = len(acknowledged)
        server.kill()
        clock.sleep(0.3)
        # and restarted; the clients resend what was not acknowledged
        server.start()
        for thread in threads:
            thread.join(DEADLINE_SECONDS)
        # and a few answers given before the crash are asked for again, as if they had been lost on the way
        resent = [
            _exchange(
                "POST",
                server.port,
                "/api/v1/intakes",
                _notification(index),
                {
                    "Authorization": f"Bearer {token}",
                    "Idempotency-Key": f"crash-{index}",
                    "Content-Type": "application/json",
                },
            )
            for index in range(5)
        ]
    finally:
        server.stop()

    # then every intake was acknowledged once the server was back
    assert acks_before_kill >= KILL_AFTER_ACKS
    assert failed_attempts, "the kill did not interrupt any request"
    assert sorted(acknowledged) == list(range(REQUESTS))
    # and the answers kept across the restart are given again, unchanged, without a new intake
    for index, (status, body, was_replayed) in enumerate(resent):
        assert (status, was_replayed) == (201, True)
        assert [row["receipt_number"] for row in json.loads(body)["intakes"]] == acknowledged[index]
    # and each acknowledged intake is in the database exactly once, under the receipt number it was given
    rows = _query(crash_database, "SELECT external_id, receipt_number FROM intake_intake")
    assert len(rows) == REQUESTS
    by_external = dict(rows)
    assert len(by_external) == REQUESTS
    for index, receipts in acknowledged.items():
        assert by_external[f"CRASH-{index:04d}"] == receipts[0]
    # and the database is intact: every intake has its key, its timeline, its unit's basis and its log rows
    (orphans,) = _query(
        crash_database,
        """
        SELECT COUNT(*) FROM intake_intake i
        WHERE NOT EXISTS (SELECT 1 FROM intake_intakeevent e WHERE e.intake_id = i.id AND e.kind = 'registered')
           OR NOT EXISTS (SELECT 1 FROM access_involvement v WHERE v.person_id = i.child_id
                          AND v.source_type = 'intake.Intake' AND v.source_id = CAST(i.id AS VARCHAR(100)))
           OR NOT EXISTS (SELECT 1 FROM audit_auditentry a WHERE a.object_type = 'intake.intake'
                          AND a.object_id = CAST(i.id AS VARCHAR(100)) AND a.channel = 'api')
        """,
    )[0]
    assert orphans == 0
    keys = _query(
        crash_database, "SELECT status_code, COUNT(*) FROM intake_apiidempotencykey GROUP BY status_code"
    )
    assert keys == [(201, REQUESTS)]
    if crash_database.vendor == "sqlite":
        assert _query(crash_database, "PRAGMA integrity_check") == [("ok",)]
        assert _query(crash_database, "PRAGMA foreign_key_check") == []
    verify = _run_command(crash_database.env, "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    print(
        f"\ncrash test on {crash_database.vendor}: {REQUESTS} intakes, {acks_before_kill} acknowledged before "
        f"SIGKILL, {len(set(failed_attempts))} requests resent, {len(replayed)} answered from the idempotency "
        f"store, {clock.monotonic() - started:.1f} s"
    )
