"""The hash chain of the audit log: canonical serialisation and SHA-256 linking.

The canonical form is the JSON text ``json.dumps(payload, sort_keys=True, separators=(",", ":"),
ensure_ascii=False)`` of the chained fields, encoded as UTF-8, where times are UTC ISO-8601 with microseconds and
every other non-null value is its ``str``. It is produced here without going through ``json.dumps`` (the keys are
fixed, so their order and quoting are computed once), because it runs for every entry written and, in
``luukku audit verify``, for every entry in the log; the tests hold it byte for byte to the ``json.dumps`` form.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from json.encoder import encode_basestring  # the C-accelerated form of json's string quoting
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

# (position in CHAINED_FIELDS, quoted key followed by a colon), in sorted key order.
_SORTED_KEYS = tuple(
    (CHAINED_FIELDS.index(name), encode_basestring(name) + ":") for name in sorted(CHAINED_FIELDS)
)
_UTC = dt.UTC


def _value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, dt.datetime):
        return '"' + value.astimezone(_UTC).isoformat(timespec="microseconds") + '"'
    if isinstance(value, dt.date):
        return '"' + value.isoformat() + '"'
    return encode_basestring(str(value))


def canonical_row(row: Sequence[Any]) -> bytes:
    """Canonical JSON of an entry given as its values in ``CHAINED_FIELDS`` order."""
    return ("{" + ",".join([key + _value(row[index]) for index, key in _SORTED_KEYS]) + "}").encode("utf-8")


def canonical(values: dict[str, Any]) -> bytes:
    """Canonical JSON of an entry's chained fields: sorted keys, no spaces, UTC ISO-8601 times, ids as text."""
    return canonical_row([values.get(field) for field in CHAINED_FIELDS])


def entry_hash(values: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(values)).hexdigest()


def row_hash(row: Sequence[Any]) -> str:
    """``entry_hash`` of an entry given as its values in ``CHAINED_FIELDS`` order."""
    return hashlib.sha256(canonical_row(row)).hexdigest()
