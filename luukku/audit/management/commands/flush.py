"""``luukku flush``: Django's flush, with the audit log's append-only triggers lifted for the wipe.

Wiping a whole demo or test database (as Django's transactional tests do after each test) would otherwise be
refused by the triggers that keep the käyttöloki append-only. Lifting them needs table ownership, which the
application role does not have in production (docs/deployment.md, "Audit log protection"), so there this
command fails as it should.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS, connections

from luukku.audit import protection


class Command(FlushCommand):
    help = FlushCommand.help + " Lifts the audit log's append-only triggers for the duration of the wipe."

    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        with protection.suspended(connection):
            super().handle(**options)
