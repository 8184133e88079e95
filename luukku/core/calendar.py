"""The Finnish working-day calendar (arkipäivät).

A working day is Monday to Friday that is not a Finnish public holiday; May Day, Independence Day, Midsummer
Eve and Christmas Eve are not working days either. The ``holidays`` package's Finland calendar holds all of
them. Saturday is not a working day (150/1930 5 §).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

from luukku.core import time


@lru_cache(maxsize=256)
def _finnish_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("FI", years=year).keys())


@lru_cache(maxsize=64)
def _finnish_holiday_names(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("FI", years=year, language="fi").items())


def as_date(day: dt.date) -> dt.date:
    """The Finnish calendar date of ``day``: an aware datetime is read in Helsinki time, a naive one as it is.

    A ``datetime`` is a ``date`` too, but it never equals one, so without this a datetime would silently miss
    every holiday.
    """
    if isinstance(day, dt.datetime):
        return time.local_date(day) if day.tzinfo is not None else day.date()
    return day


def holiday_name(day: dt.date) -> str | None:
    """The Finnish name of the holiday on ``day``, or None."""
    day = as_date(day)
    return _finnish_holiday_names(day.year).get(day)


def is_holiday(day: dt.date) -> bool:
    """Pyhäpäivä or another day that is not a working day under 150/1930 5 § (vappu, itsenäisyyspäivä, aatot)."""
    day = as_date(day)
    return day in _finnish_holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    """Arkipäivä: Mon–Fri and not a holiday."""
    day = as_date(day)
    return day.weekday() < 5 and not is_holiday(day)


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after ``day``."""
    day = as_date(day) + dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def on_or_next_working_day(day: dt.date) -> dt.date:
    """``day`` itself if it is a working day, else the next one."""
    day = as_date(day)
    return day if is_working_day(day) else next_working_day(day)


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``day`` (``day`` itself is day 0 and never counted)."""
    if count < 0:
        raise ValueError("count must be zero or positive")
    day = as_date(day)
    for _ in range(count):
        day = next_working_day(day)
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is before ``start``.

    ``working_days_between(received, add_working_days(received, n)) == n``. The "working days left" a worker
    sees is ``luukku.core.deadlines.working_days_left``, which also makes every overdue day negative.
    """
    start, end = as_date(start), as_date(end)
    if end == start:
        return 0
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return sign * count
