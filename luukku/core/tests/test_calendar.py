"""The Finnish working-day calendar (arkipäivä; 150/1930 5 §), checked against a hand-made holiday list."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luukku.core import calendar

# Finnish holidays on weekdays in 2024–2027, listed by hand: none of them is a working day.
WEEKDAY_HOLIDAYS = [
    "2024-01-01", "2024-03-29", "2024-04-01", "2024-05-01", "2024-05-09", "2024-06-21",
    "2024-12-06", "2024-12-24", "2024-12-25", "2024-12-26",
    "2025-01-01", "2025-01-06", "2025-04-18", "2025-04-21", "2025-05-01", "2025-05-29",
    "2025-06-20", "2025-12-24", "2025-12-25", "2025-12-26",
    "2026-01-01", "2026-01-06", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-14",
    "2026-06-19", "2026-12-24", "2026-12-25",
    "2027-01-01", "2027-01-06", "2027-03-26", "2027-03-29", "2027-05-06", "2027-06-25",
    "2027-12-06", "2027-12-24",
]  # fmt: skip


@pytest.mark.parametrize("holiday", WEEKDAY_HOLIDAYS)
def test_weekday_holidays_are_not_working_days(holiday):
    day = dt.date.fromisoformat(holiday)
    # given a Finnish holiday that falls on a weekday
    assert day.weekday() < 5
    # then it is not a working day and has a Finnish name
    assert not calendar.is_working_day(day)
    assert calendar.holiday_name(day)


def test_saturday_holidays_and_weekends_are_not_working_days_and_ordinary_days_are():
    # All Saints' Day is always a Saturday; Saturday is never a working day (150/1930 5 §)
    assert calendar.holiday_name(dt.date(2026, 10, 31)) == "Pyhäinpäivä"
    assert not calendar.is_working_day(dt.date(2026, 10, 31))
    assert not calendar.is_working_day(dt.date(2026, 11, 22))  # Sunday
    assert calendar.is_working_day(dt.date(2026, 11, 24))  # an ordinary Tuesday
    assert calendar.holiday_name(dt.date(2026, 11, 24)) is None


def test_add_working_days_refuses_a_negative_count():
    with pytest.raises(ValueError):
        calendar.add_working_days(dt.date(2026, 11, 24), -1)


def test_next_working_day_skips_a_long_christmas():
    # from Wednesday 23.12.2026 the next working day is Monday 28.12. (Christmas Eve Thu, Christmas Day Fri)
    assert calendar.next_working_day(dt.date(2026, 12, 23)) == dt.date(2026, 12, 28)
    # and it is always strictly after the day, even when the day itself is a working day
    assert calendar.next_working_day(dt.date(2026, 11, 24)) == dt.date(2026, 11, 25)


def test_on_or_next_working_day():
    assert calendar.on_or_next_working_day(dt.date(2026, 11, 24)) == dt.date(2026, 11, 24)
    # Good Friday 26.3.2027 -> Tuesday 30.3. after Easter Monday
    assert calendar.on_or_next_working_day(dt.date(2027, 3, 26)) == dt.date(2027, 3, 30)


def test_add_working_days_counts_from_the_next_working_day():
    # received on Tuesday in a week without holidays -> the next week's Thursday
    assert calendar.add_working_days(dt.date(2026, 11, 24), 7) == dt.date(2026, 12, 3)
    # received on a Saturday -> count from Monday
    assert calendar.add_working_days(dt.date(2026, 11, 28), 1) == dt.date(2026, 11, 30)
    assert calendar.add_working_days(dt.date(2026, 11, 24), 0) == dt.date(2026, 11, 24)


def test_working_days_between_counts_after_start_up_to_and_including_end():
    assert calendar.working_days_between(dt.date(2026, 11, 24), dt.date(2026, 11, 24)) == 0
    assert calendar.working_days_between(dt.date(2026, 11, 27), dt.date(2026, 11, 30)) == 1
    assert calendar.working_days_between(dt.date(2026, 11, 30), dt.date(2026, 11, 27)) == -1
    # 23.12.2026 -> 8.1.2027: 28., 29., 30., 31.12., 4., 5., 7. and 8.1.
    assert calendar.working_days_between(dt.date(2026, 12, 23), dt.date(2027, 1, 8)) == 8


def test_an_aware_datetime_counts_as_its_helsinki_date():
    # 22.30 UTC on Thursday 5.12.2024 is already Independence Day in Helsinki
    moment = dt.datetime(2024, 12, 5, 22, 30, tzinfo=dt.UTC)
    assert calendar.as_date(moment) == dt.date(2024, 12, 6)
    assert calendar.is_holiday(moment)
    assert calendar.holiday_name(moment) == "Itsenäisyyspäivä"
    assert calendar.add_working_days(moment, 1) == dt.date(2024, 12, 9)
    # a naive datetime is taken as it is
    assert calendar.as_date(dt.datetime(2024, 12, 5, 22, 30)) == dt.date(2024, 12, 5)


@given(
    start=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)),
    count=st.integers(min_value=0, max_value=60),
)
def test_add_working_days_and_working_days_between_agree(start, count):
    end = calendar.add_working_days(start, count)
    assert calendar.working_days_between(start, end) == count
    assert calendar.working_days_between(end, start) == -count
    if count:
        assert calendar.is_working_day(end)


def test_every_other_weekday_of_2024_to_2027_is_a_working_day():
    # given every Monday–Friday of 2024–2027 that is not on the hand-made holiday list
    listed = {dt.date.fromisoformat(day) for day in WEEKDAY_HOLIDAYS}
    day, weekdays = dt.date(2024, 1, 1), []
    while day.year < 2028:
        if day.weekday() < 5 and day not in listed:
            weekdays.append(day)
        day += dt.timedelta(days=1)
    # then each of them is a working day: the calendar knows no holiday the list lacks
    assert len(weekdays) == 4 * 261 - len(listed) + 1  # 2024 has 262 weekdays, 2025–2027 have 261 each
    assert [day for day in weekdays if not calendar.is_working_day(day)] == []
