"""The hash chain of the audit log: canonical serialisation and SHA-256 linking."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64

# The fields that an entry's hash covers, in a fixed order. Adding a field is a new chain version.
CHAINED_FIELDS = (
    "id",
    "occurred_at",
    "actor_id",
    "actor_name",
    "actor_organisation_id",
    "actor_organisation_name",
    "actor_role",
    "action",
    "outcome",
    "person_id",
    "object_type",
    "object_id",
    "summary",
    "basis",
    "recipient_organisation_id",
    "recipient_organisation_name",
    "channel",
    "previous_hash",
)


def canonical(values: dict[str, Any]) -> bytes:
    """Canonical JSON of an entry's chained fields: sorted keys, no spaces, UTC ISO-8601 times, ids as text."""
    payload: dict[str, Any] = {}
    for field in CHAINED_FIELDS:
        value = values.get(field)
        if isinstance(value, dt.datetime):
            value = value.astimezone(dt.UTC).isoformat(timespec="microseconds")
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif value is not None and not isinstance(value, str):
            value = str(value)
        payload[field] = value
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def entry_hash(values: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(values)).hexdigest()
