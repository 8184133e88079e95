"""The one clock: ``today`` is the Finnish calendar day, and tests freeze time in one place."""

from __future__ import annotations

import datetime as dt

import pytest

from luukku.core import time

HELSINKI = time.HELSINKI


def test_frozen_with_a_date_is_noon_in_helsinki():
    with time.frozen(dt.date(2026, 11, 24)) as moment:
        assert time.now() == dt.datetime(2026, 11, 24, 12, 0, tzinfo=HELSINKI)
        assert time.now() == moment
        assert time.today() == dt.date(2026, 11, 24)


def test_frozen_with_an_aware_datetime_keeps_the_moment():
    moment = dt.datetime(2026, 11, 24, 8, 15, tzinfo=dt.UTC)
    with time.frozen(moment):
        assert time.now() == moment
        assert time.now().utcoffset() == dt.timedelta(0)
        assert time.today() == dt.date(2026, 11, 24)


def test_frozen_with_a_naive_datetime_reads_it_as_helsinki_time():
    with time.frozen(dt.datetime(2026, 11, 24, 0, 30)):
        assert time.now() == dt.datetime(2026, 11, 23, 22, 30, tzinfo=dt.UTC)
        assert time.today() == dt.date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-24", dt.datetime(2026, 11, 24, 12, 0, tzinfo=HELSINKI)),
        ("2026-11-23T23:30Z", dt.datetime(2026, 11, 23, 23, 30, tzinfo=dt.UTC)),
        ("2026-11-24T10:00+02:00", dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)),
        ("2026-11-24 10:00", dt.datetime(2026, 11, 24, 10, 0, tzinfo=HELSINKI)),
        ("2026-11-24 10:00+02:00", dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)),
    ],
)
def test_frozen_with_an_iso_string(text, expected):
    with time.frozen(text):
        assert time.now() == expected


def test_today_is_the_helsinki_date_late_in_the_utc_evening():
    # given 23.30 UTC on Monday 23.11.2026, which is 01.30 on Tuesday in Helsinki
    with time.frozen("2026-11-23T23:30Z"):
        # then today is 24.11. in Finland
        assert time.today() == dt.date(2026, 11, 24)


def test_today_in_summer_time():
    # 21.30 UTC on 30.6.2026 is 00.30 on 1.7. in Helsinki (UTC+3 in summer)
    with time.frozen("2026-06-30T21:30Z"):
        assert time.today() == dt.date(2026, 7, 1)
    with time.frozen("2026-06-30T20:59Z"):
        assert time.today() == dt.date(2026, 6, 30)


def test_frozen_nests_and_restores_even_after_an_error():
    with time.frozen("1999-11-24"):
        with time.frozen("1999-01-01"):
            assert time.today() == dt.date(1999, 1, 1)
        assert time.today() == dt.date(1999, 11, 24)
        with pytest.raises(RuntimeError), time.frozen("1996-02-29"):
            raise RuntimeError("boom")
        assert time.today() == dt.date(1999, 11, 24)
    # the real clock is back
    assert time.now() > dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def test_frozen_refuses_a_string_that_is_not_a_date():
    with pytest.raises(ValueError), time.frozen("tiistaina"):
        pass
    assert time.now().tzinfo is not None


def test_the_real_clock_is_aware():
    assert time.now().utcoffset() is not None


def test_local_date_and_start_of_day():
    assert time.local_date(dt.datetime(2026, 11, 23, 22, 0, tzinfo=dt.UTC)) == dt.date(2026, 11, 24)
    assert time.local_date(dt.datetime(2026, 11, 23, 21, 59, tzinfo=dt.UTC)) == dt.date(2026, 11, 23)
    # midnight in Helsinki is 22.00 UTC in winter and 21.00 UTC in summer
    assert time.start_of_day(dt.date(2026, 11, 24)) == dt.datetime(2026, 11, 23, 22, 0, tzinfo=dt.UTC)
    assert time.start_of_day(dt.date(2026, 7, 1)) == dt.datetime(2026, 6, 30, 21, 0, tzinfo=dt.UTC)
    # on the day summer time starts (29.3.2026, at 03.00) midnight is still winter time
    assert time.start_of_day(dt.date(2026, 3, 29)) == dt.datetime(2026, 3, 28, 22, 0, tzinfo=dt.UTC)
