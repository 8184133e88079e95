"""The only clock in Luukku.

Everything that needs "now" or "today" calls this module, so that tests can freeze time in one place
(``luukku.core.time.frozen``) and so that "today" always means the Finnish calendar day (Europe/Helsinki),
whatever the server's own time zone is. ruff's banned-api forbids ``timezone.now()`` and ``datetime.now()``
elsewhere.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.utils import timezone as _tz

HELSINKI = ZoneInfo("Europe/Helsinki")
_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    """The current moment, timezone-aware (UTC inside, shown in Helsinki time)."""
    if _frozen is not None:
        return _frozen
    return _tz.now()  # noqa: TID251 - this is the one permitted call


def today() -> dt.date:
    """Today's date in Finland (Europe/Helsinki)."""
    return local_date(now())


def local_date(moment: dt.datetime) -> dt.date:
    """The Finnish calendar date of an aware datetime."""
    return moment.astimezone(HELSINKI).date()


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in Finland, as an aware datetime."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=HELSINKI)


@contextlib.contextmanager
def frozen(moment: dt.datetime | dt.date | str) -> Iterator[dt.datetime]:
    """Freeze the clock for tests and for reproducible seeding.

    A date means noon of that day in Helsinki; a naive datetime is Helsinki time; a string is parsed as ISO 8601
    (a date, or a date and time with ``T`` or a space between them). The frozen moment is kept in UTC, like the
    real clock.
    """
    global _frozen
    if isinstance(moment, str):
        moment = _parse_iso(moment)
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(12, 0), tzinfo=HELSINKI)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=HELSINKI)
    moment = moment.astimezone(dt.UTC)
    previous, _frozen = _frozen, moment
    try:
        yield moment
    finally:
        _frozen = previous


def _parse_iso(text: str) -> dt.date | dt.datetime:
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return dt.datetime.fromisoformat(text)
