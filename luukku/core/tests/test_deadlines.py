"""Deadlines of intake handling (LSL 26 §; 150/1930 3 § and 5 §) against a hand-checked table.

Every row of ``DEADLINE_TABLE`` was worked out by hand from the rules in DOMAIN.md §3 and a printed calendar of
2023–2028 with the Finnish holidays marked (Easter 31.3.2024, 20.4.2025, 5.4.2026, 28.3.2027; Ascension 39 days
after Easter; Midsummer Eve the Friday 19.–25.6.; All Saints' Day the Saturday 31.10.–6.11.), counting the seven
working days one by one. None of the expected values comes from the code under test.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luukku.core import calendar, deadlines, time

# (received, pta_start_by, pta_complete_by with the 150/1930 5 § roll forward, pta_complete_by without it, why)
DEADLINE_TABLE = [
    # 2023-11 receipts end in the leap February of 2024.
    (
        "2023-11-29",
        "2023-12-11",
        "2024-02-29",
        "2024-02-29",
        "Wed; Independence Day Wed 6.12.2023 skipped; 29.2. of a leap year",
    ),
    ("2023-11-30", "2023-12-12", "2024-02-29", "2024-02-29", "30.11. -> last day of leap February"),
    # 2024
    (
        "2024-01-02",
        "2024-01-11",
        "2024-04-02",
        "2024-04-02",
        "Tue after New Year; 2.4. is the Tuesday after Easter Monday",
    ),
    ("2024-01-05", "2024-01-16", "2024-04-05", "2024-04-05", "Fri before Epiphany (a Saturday in 2024)"),
    ("2024-01-06", "2024-01-16", "2024-04-08", "2024-04-06", "Epiphany on a Saturday; 6.4. Sat rolls to Mon"),
    ("2024-02-29", "2024-03-11", "2024-05-29", "2024-05-29", "leap day itself"),
    (
        "2024-03-21",
        "2024-04-03",
        "2024-06-24",
        "2024-06-21",
        "Easter skipped; 21.6. Midsummer Eve rolls to Mon",
    ),
    (
        "2024-03-27",
        "2024-04-09",
        "2024-06-27",
        "2024-06-27",
        "Wed before Easter: Good Friday 29.3. and Easter Monday 1.4. skipped",
    ),
    ("2024-03-28", "2024-04-10", "2024-06-28", "2024-06-28", "Maundy Thursday"),
    ("2024-03-29", "2024-04-10", "2024-07-01", "2024-06-29", "Good Friday; 29.6. Sat rolls to Mon 1.7."),
    ("2024-04-01", "2024-04-10", "2024-07-01", "2024-07-01", "Easter Monday"),
    ("2024-04-25", "2024-05-07", "2024-07-25", "2024-07-25", "May Day Wed 1.5. skipped"),
    ("2024-05-02", "2024-05-14", "2024-08-02", "2024-08-02", "Ascension Thu 9.5. skipped"),
    ("2024-05-31", "2024-06-11", "2024-09-02", "2024-08-31", "31.5. -> 31.8. Sat -> Mon 2.9."),
    ("2024-06-19", "2024-07-01", "2024-09-19", "2024-09-19", "Midsummer Eve Fri 21.6. skipped"),
    ("2024-06-22", "2024-07-02", "2024-09-23", "2024-09-22", "Midsummer Day (Sat); 22.9. Sun -> Mon"),
    ("2024-08-02", "2024-08-13", "2024-11-04", "2024-11-02", "2.11. All Saints' Day (Sat) -> Mon"),
    ("2024-08-06", "2024-08-15", "2024-11-06", "2024-11-06", "plain Tuesday -> next week's Thursday"),
    ("2024-08-31", "2024-09-10", "2024-12-02", "2024-11-30", "Sat; 31.8. -> 30.11. Sat -> Mon"),
    ("2024-09-06", "2024-09-17", "2024-12-09", "2024-12-06", "6.12. Independence Day Fri -> Mon 9.12."),
    (
        "2024-09-24",
        "2024-10-03",
        "2024-12-27",
        "2024-12-24",
        "24.12. Christmas Eve Tue; 25. and 26. holidays -> Fri 27.12.",
    ),
    (
        "2024-11-29",
        "2024-12-11",
        "2025-02-28",
        "2025-02-28",
        "29.11. -> 28.2. (2025 not a leap year); Independence Day skipped",
    ),
    ("2024-11-30", "2024-12-11", "2025-02-28", "2025-02-28", "Sat 30.11. -> last day of February"),
    ("2024-12-04", "2024-12-16", "2025-03-04", "2025-03-04", "Independence Day Fri 6.12. skipped"),
    ("2024-12-19", "2025-01-03", "2025-03-19", "2025-03-19", "Christmas 24.-26.12. and New Year skipped"),
    (
        "2024-12-24",
        "2025-01-08",
        "2025-03-24",
        "2025-03-24",
        "Christmas Eve; New Year and Epiphany Mon 6.1.2025 skipped",
    ),
    ("2024-12-31", "2025-01-13", "2025-03-31", "2025-03-31", "31.12. -> 31.3."),
    # 2025
    ("2025-01-01", "2025-01-13", "2025-04-01", "2025-04-01", "New Year's Day; Epiphany Mon skipped"),
    ("2025-01-03", "2025-01-15", "2025-04-03", "2025-04-03", "Fri; Epiphany Mon 6.1. skipped"),
    (
        "2025-01-18",
        "2025-01-28",
        "2025-04-22",
        "2025-04-18",
        "Sat; 18.4. Good Friday -> Tue 22.4. after Easter Monday",
    ),
    ("2025-01-21", "2025-01-30", "2025-04-22", "2025-04-21", "21.4. Easter Monday -> Tue"),
    ("2025-01-31", "2025-02-11", "2025-04-30", "2025-04-30", "31.1. -> 30.4."),
    ("2025-02-01", "2025-02-11", "2025-05-02", "2025-05-01", "Sat; 1.5. May Day Thu -> Fri"),
    ("2025-03-20", "2025-03-31", "2025-06-23", "2025-06-20", "20.6. Midsummer Eve Fri -> Mon"),
    ("2025-03-31", "2025-04-09", "2025-06-30", "2025-06-30", "31.3. -> 30.6."),
    ("2025-04-16", "2025-04-29", "2025-07-16", "2025-07-16", "Wed before Easter"),
    ("2025-04-18", "2025-04-30", "2025-07-18", "2025-07-18", "Good Friday"),
    ("2025-04-21", "2025-04-30", "2025-07-21", "2025-07-21", "Easter Monday"),
    ("2025-04-28", "2025-05-08", "2025-07-28", "2025-07-28", "May Day Thu 1.5. skipped"),
    ("2025-05-27", "2025-06-06", "2025-08-27", "2025-08-27", "Ascension Thu 29.5. skipped"),
    ("2025-05-31", "2025-06-10", "2025-09-01", "2025-08-31", "Sat; 31.8. Sun -> Mon"),
    ("2025-06-18", "2025-06-30", "2025-09-18", "2025-09-18", "Midsummer Eve Fri 20.6. skipped"),
    ("2025-06-20", "2025-07-01", "2025-09-22", "2025-09-20", "Midsummer Eve; 20.9. Sat -> Mon"),
    ("2025-08-01", "2025-08-12", "2025-11-03", "2025-11-01", "1.11. All Saints' Day (Sat) -> Mon"),
    ("2025-09-06", "2025-09-16", "2025-12-08", "2025-12-06", "Sat; Independence Day on a Saturday -> Mon"),
    ("2025-11-30", "2025-12-09", "2026-03-02", "2026-02-28", "Sun; 28.2.2026 Sat -> Mon 2.3."),
    (
        "2025-12-05",
        "2025-12-16",
        "2026-03-05",
        "2026-03-05",
        "Independence Day on a Saturday: no working day lost",
    ),
    ("2025-12-19", "2026-01-05", "2026-03-19", "2026-03-19", "Christmas Wed-Fri and New Year Thu skipped"),
    (
        "2025-12-22",
        "2026-01-07",
        "2026-03-23",
        "2026-03-22",
        "Christmas, New Year, Epiphany Tue skipped; 22.3. Sun",
    ),
    ("2025-12-25", "2026-01-08", "2026-03-25", "2026-03-25", "Christmas Day"),
    ("2025-12-26", "2026-01-08", "2026-03-26", "2026-03-26", "Boxing Day"),
    # 2026
    ("2026-01-01", "2026-01-13", "2026-04-01", "2026-04-01", "New Year's Day; Epiphany Tue skipped"),
    ("2026-01-03", "2026-01-14", "2026-04-07", "2026-04-03", "Sat; 3.4. Good Friday -> Tue 7.4."),
    ("2026-01-06", "2026-01-15", "2026-04-07", "2026-04-06", "Epiphany; 6.4. Easter Monday -> Tue"),
    ("2026-03-19", "2026-03-30", "2026-06-22", "2026-06-19", "19.6. Midsummer Eve -> Mon"),
    ("2026-04-01", "2026-04-14", "2026-07-01", "2026-07-01", "Wed before Easter"),
    ("2026-04-03", "2026-04-15", "2026-07-03", "2026-07-03", "Good Friday"),
    ("2026-04-06", "2026-04-15", "2026-07-06", "2026-07-06", "Easter Monday"),
    ("2026-04-28", "2026-05-08", "2026-07-28", "2026-07-28", "May Day Fri skipped"),
    ("2026-05-08", "2026-05-20", "2026-08-10", "2026-08-08", "Ascension Thu 14.5. skipped; 8.8. Sat"),
    ("2026-05-14", "2026-05-25", "2026-08-14", "2026-08-14", "Ascension Day"),
    ("2026-05-31", "2026-06-09", "2026-08-31", "2026-08-31", "Sun; 31.5. -> 31.8. Mon"),
    ("2026-06-17", "2026-06-29", "2026-09-17", "2026-09-17", "Midsummer Eve Fri 19.6. skipped"),
    ("2026-06-20", "2026-06-30", "2026-09-21", "2026-09-20", "Midsummer Day (Sat); 20.9. Sun"),
    ("2026-07-31", "2026-08-11", "2026-11-02", "2026-10-31", "31.7. -> 31.10. All Saints' Day (Sat) -> Mon"),
    ("2026-10-31", "2026-11-10", "2027-02-01", "2027-01-31", "All Saints' Day (Sat); 31.1. Sun"),
    ("2026-11-22", "2026-12-01", "2027-02-22", "2027-02-22", "Sun"),
    ("2026-11-24", "2026-12-03", "2027-02-24", "2027-02-24", "the example of the brief"),
    (
        "2026-11-30",
        "2026-12-09",
        "2027-03-01",
        "2027-02-28",
        "30.11. -> 28.2.2027 Sun -> Mon 1.3.; Independence Day on a Sunday",
    ),
    (
        "2026-12-04",
        "2026-12-15",
        "2027-03-04",
        "2027-03-04",
        "Independence Day on a Sunday: no working day lost",
    ),
    (
        "2026-12-18",
        "2026-12-31",
        "2027-03-18",
        "2027-03-18",
        "Christmas Eve Thu and Day Fri skipped (Boxing Day Sat)",
    ),
    (
        "2026-12-24",
        "2027-01-07",
        "2027-03-24",
        "2027-03-24",
        "Christmas Eve; New Year Fri and Epiphany Wed skipped",
    ),
    (
        "2026-12-26",
        "2027-01-07",
        "2027-03-30",
        "2027-03-26",
        "Boxing Day (Sat); 26.3.2027 Good Friday -> Tue 30.3.",
    ),
    ("2026-12-29", "2027-01-11", "2027-03-30", "2027-03-29", "29.3.2027 Easter Monday -> Tue"),
    ("2026-12-31", "2027-01-13", "2027-03-31", "2027-03-31", "31.12. -> 31.3."),
    # 2027
    ("2027-01-01", "2027-01-13", "2027-04-01", "2027-04-01", "New Year's Day (Fri); Epiphany Wed skipped"),
    ("2027-01-06", "2027-01-15", "2027-04-06", "2027-04-06", "Epiphany"),
    ("2027-02-01", "2027-02-10", "2027-05-03", "2027-05-01", "1.5. May Day on a Saturday -> Mon"),
    ("2027-03-24", "2027-04-06", "2027-06-24", "2027-06-24", "Wed before Easter"),
    ("2027-03-25", "2027-04-07", "2027-06-28", "2027-06-25", "Maundy Thursday; 25.6. Midsummer Eve -> Mon"),
    ("2027-03-26", "2027-04-07", "2027-06-28", "2027-06-26", "Good Friday; 26.6. Midsummer Day (Sat) -> Mon"),
    ("2027-03-29", "2027-04-07", "2027-06-29", "2027-06-29", "Easter Monday"),
    (
        "2027-04-30",
        "2027-05-12",
        "2027-07-30",
        "2027-07-30",
        "May Day on a Saturday; Ascension Thu 6.5. skipped",
    ),
    ("2027-05-06", "2027-05-17", "2027-08-06", "2027-08-06", "Ascension Day"),
    ("2027-05-31", "2027-06-09", "2027-08-31", "2027-08-31", "31.5. -> 31.8."),
    ("2027-06-23", "2027-07-05", "2027-09-23", "2027-09-23", "Midsummer Eve Fri 25.6. skipped"),
    ("2027-06-26", "2027-07-06", "2027-09-27", "2027-09-26", "Midsummer Day (Sat); 26.9. Sun"),
    ("2027-08-06", "2027-08-17", "2027-11-08", "2027-11-06", "6.11. All Saints' Day (Sat) -> Mon"),
    ("2027-09-06", "2027-09-15", "2027-12-07", "2027-12-06", "6.12. Independence Day Mon -> Tue"),
    ("2027-09-24", "2027-10-05", "2027-12-27", "2027-12-24", "24.12. Christmas Eve Fri -> Mon 27.12."),
    ("2027-10-01", "2027-10-12", "2028-01-03", "2028-01-01", "1.1.2028 New Year on a Saturday -> Mon"),
    ("2027-10-06", "2027-10-15", "2028-01-07", "2028-01-06", "6.1.2028 Epiphany Thu -> Fri"),
    (
        "2027-11-29",
        "2027-12-09",
        "2028-02-29",
        "2028-02-29",
        "29.11. -> 29.2.2028 (leap); Independence Day Mon skipped",
    ),
    ("2027-11-30", "2027-12-10", "2028-02-29", "2028-02-29", "30.11. -> last day of leap February"),
    ("2027-12-03", "2027-12-15", "2028-03-03", "2028-03-03", "Independence Day Mon skipped"),
    (
        "2027-12-22",
        "2028-01-03",
        "2028-03-22",
        "2028-03-22",
        "Christmas Eve Fri skipped, New Year on a Saturday",
    ),
    ("2027-12-24", "2028-01-04", "2028-03-24", "2028-03-24", "Christmas Eve"),
    ("2027-12-25", "2028-01-04", "2028-03-27", "2028-03-25", "Christmas Day (Sat); 25.3.2028 Sat -> Mon"),
    ("2027-12-31", "2028-01-12", "2028-03-31", "2028-03-31", "Epiphany Thu 6.1.2028 skipped"),
]

ROWS = [
    pytest.param(
        dt.date.fromisoformat(received),
        dt.date.fromisoformat(start),
        dt.date.fromisoformat(complete),
        dt.date.fromisoformat(complete_no_roll),
        id=f"{received} {why}",
    )
    for received, start, complete, complete_no_roll, why in DEADLINE_TABLE
]


def test_the_table_is_big_and_covers_every_year():
    # given the hand-checked table
    years = {dt.date.fromisoformat(row[0]).year for row in DEADLINE_TABLE}
    # then it has at least sixty distinct receipt dates across 2024–2027
    assert len({row[0] for row in DEADLINE_TABLE}) == len(DEADLINE_TABLE) >= 60
    assert {2024, 2025, 2026, 2027} <= years


@pytest.mark.parametrize(("received", "start", "complete", "complete_no_roll"), ROWS)
def test_deadlines_match_the_hand_checked_table(received, start, complete, complete_no_roll):
    # when the deadlines of an intake received that day are computed with the roll forward on
    result = deadlines.intake_deadlines(received, roll_forward=True)
    # then both match the hand-checked values
    assert result == deadlines.IntakeDeadlines(
        received=received, pta_start_by=start, pta_complete_by=complete
    )


@pytest.mark.parametrize(("received", "start", "complete", "complete_no_roll"), ROWS)
def test_completion_without_roll_forward_is_the_bare_three_month_date(
    received, start, complete, complete_no_roll
):
    # when the 150/1930 5 § roll forward is switched off
    result = deadlines.intake_deadlines(received, roll_forward=False)
    # then the start deadline is unchanged and the completion is the same day number three months later
    assert result.pta_start_by == start
    assert result.pta_complete_by == complete_no_roll


@pytest.mark.parametrize(("received", "start", "complete", "complete_no_roll"), ROWS)
def test_start_deadline_is_the_seventh_working_day(received, start, complete, complete_no_roll):
    # given the hand-checked start deadline
    # then exactly seven working days lie after the receipt day up to and including it
    assert calendar.working_days_between(received, start) == 7
    assert calendar.is_working_day(start)


def test_roll_forward_follows_the_setting_by_default(settings):
    # given an intake whose three-month day, 6.12.2025, is Independence Day on a Saturday
    received = dt.date(2025, 9, 6)
    # when the setting is on, then the completion moves to Monday 8.12.
    settings.LUUKKU_DEADLINE_ROLL_FORWARD = True
    assert deadlines.pta_completion_deadline(received) == dt.date(2025, 12, 8)
    # when the setting is off, then it stays on the Saturday
    settings.LUUKKU_DEADLINE_ROLL_FORWARD = False
    assert deadlines.pta_completion_deadline(received) == dt.date(2025, 12, 6)
    assert deadlines.intake_deadlines(received).pta_complete_by == dt.date(2025, 12, 6)


def test_an_aware_datetime_is_read_as_its_helsinki_date():
    # given an intake received at 23.30 UTC on 5.12.2024, which is already Independence Day in Helsinki
    received_at = dt.datetime(2024, 12, 5, 23, 30, tzinfo=dt.UTC)
    # when its deadlines are computed from the moment
    result = deadlines.intake_deadlines(received_at, roll_forward=True)
    # then they are those of 6.12.2024, with the holiday skipped
    assert result.received == dt.date(2024, 12, 6)
    assert result.pta_start_by == dt.date(2024, 12, 17)
    assert result.pta_complete_by == dt.date(2025, 3, 6)
    assert not calendar.is_working_day(received_at)


def test_as_dict_gives_iso_dates():
    result = deadlines.intake_deadlines(dt.date(2026, 11, 24), roll_forward=True)
    assert result.as_dict() == {
        "received": "2026-11-24",
        "pta_start_by": "2026-12-03",
        "pta_complete_by": "2027-02-24",
    }


# --- working days left ------------------------------------------------------------------------------------------


def test_working_days_left_is_zero_on_the_deadline_day():
    assert deadlines.working_days_left(dt.date(2026, 12, 3), today=dt.date(2026, 12, 3)) == 0


def test_working_days_left_counts_the_deadline_day_and_skips_the_weekend():
    # given a deadline on Thursday 3.12.2026 and today Friday 27.11.
    # then Mon, Tue, Wed and Thu are left
    assert deadlines.working_days_left(dt.date(2026, 12, 3), today=dt.date(2026, 11, 27)) == 4


def test_working_days_left_skips_holidays():
    # given a deadline on Friday 8.1.2027 and today Wednesday 23.12.2026
    # then Christmas Eve, Christmas Day, New Year's Day and Epiphany are not counted:
    # 28., 29., 30., 31.12., 4.1., 5.1., 7.1. and 8.1. are left
    assert deadlines.working_days_left(dt.date(2027, 1, 8), today=dt.date(2026, 12, 23)) == 8


def test_working_days_left_is_negative_when_overdue():
    # given a deadline on Thursday 3.12.2026
    deadline = dt.date(2026, 12, 3)
    # then on Friday one working day has passed, and on Tuesday 8.12. three (Fri, Mon, Tue)
    assert deadlines.working_days_left(deadline, today=dt.date(2026, 12, 4)) == -1
    assert deadlines.working_days_left(deadline, today=dt.date(2026, 12, 8)) == -3


def test_working_days_left_is_negative_on_the_weekend_after_a_friday_deadline():
    # given a deadline on Friday 4.12.2026
    deadline = dt.date(2026, 12, 4)
    # then on Saturday and Sunday it is already overdue, not "due today"
    assert deadlines.working_days_left(deadline, today=dt.date(2026, 12, 5)) == -1
    assert deadlines.working_days_left(deadline, today=dt.date(2026, 12, 6)) == -1
    # and on Monday 7.12. (Independence Day falls on the Sunday in 2026) one working day has passed
    assert deadlines.working_days_left(deadline, today=dt.date(2026, 12, 7)) == -1
    assert deadlines.working_days_left(deadline, today=dt.date(2026, 12, 8)) == -2


def test_working_days_left_from_the_frozen_clock():
    # given the clock frozen on Tuesday 24.11.2026, the day an intake arrives
    with time.frozen("2026-11-24T09:00+02:00"):
        result = deadlines.intake_deadlines(time.today(), roll_forward=True)
        # then a worker sees all seven working days left
        assert deadlines.working_days_left(result.pta_start_by, today=time.today()) == 7


# --- properties -------------------------------------------------------------------------------------------------

any_day = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))


@given(received=any_day)
def test_start_deadline_is_a_working_day_exactly_seven_working_days_later(received):
    due = deadlines.pta_start_deadline(received)
    assert due > received
    assert calendar.is_working_day(due)
    assert calendar.working_days_between(received, due) == 7
    assert calendar.working_days_between(due, received) == -7


@given(received=any_day, roll_forward=st.booleans())
def test_completion_is_never_before_three_calendar_months(received, roll_forward):
    due = deadlines.pta_completion_deadline(received, roll_forward=roll_forward)
    month = received.month + 3
    year, month = received.year + (month - 1) // 12, (month - 1) % 12 + 1
    # the 29th–31st are clamped to the last day of a shorter month (150/1930 3 §)
    day = received.day
    while True:
        try:
            three_months = dt.date(year, month, day)
            break
        except ValueError:
            day -= 1
    assert due >= three_months
    if roll_forward:
        assert calendar.is_working_day(due)
        # it moves only over non-working days, to the first working day
        assert all(
            not calendar.is_working_day(three_months + dt.timedelta(days=n))
            for n in range((due - three_months).days)
        )
    else:
        assert due == three_months


@given(received=any_day, offset=st.integers(min_value=-40, max_value=40))
def test_working_days_left_changes_sign_at_the_deadline(received, offset):
    deadline = deadlines.pta_start_deadline(received)
    today = deadline + dt.timedelta(days=offset)
    left = deadlines.working_days_left(deadline, today=today)
    if offset < 0:
        assert left > 0
    elif offset == 0:
        assert left == 0
    else:
        assert left < 0
