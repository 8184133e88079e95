"""The Finnish working-day calendar (arkipäivät).

A working day is Monday to Friday that is not a Finnish public holiday; May Day, Independence Day, Midsummer
Eve and Christmas Eve are not working days either. The ``holidays`` package's Finland calendar holds all of
them. Saturday is not a working day (150/1930 5 §).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=256)
def _finnish_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("FI", years=year).keys())


def holiday_name(day: dt.date) -> str | None:
    """The Finnish name of the holiday on ``day``, or None."""
    names = holidays.country_holidays("FI", years=day.year, language="fi")
    return names.get(day)


def is_holiday(day: dt.date) -> bool:
    return day in _finnish_holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    """Arkipäivä: Mon–Fri and not a holiday."""
    return day.weekday() < 5 and not is_holiday(day)


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after ``day``."""
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def on_or_next_working_day(day: dt.date) -> dt.date:
    """``day`` itself if it is a working day, else the next one."""
    return day if is_working_day(day) else next_working_day(day)


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``day`` (``day`` itself is day 0 and never counted)."""
    if count < 0:
        raise ValueError("count must be zero or positive")
    for _ in range(count):
        day = next_working_day(day)
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is before ``start``.

    This is the "working days left" a worker sees: from today to the deadline, counting the deadline day.
    """
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
