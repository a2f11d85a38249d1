"""Business-hours arithmetic across weekends, holidays and both DST changes in Europe/Madrid."""

from datetime import date, datetime, timedelta, timezone

import pytest

from slas.calendar import (
    CalendarError, add_business_time, build_calendar, business_time_between, is_open, next_open,
)

UTC = timezone.utc
OFFICE = {day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
MADRID = build_calendar(time_zone="Europe/Madrid", weekly_hours=OFFICE, country="ES", subdivision="MD")
EVERY_DAY = build_calendar(time_zone="Europe/Madrid",
                           weekly_hours={d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")})


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_time_inside_one_day_adds_plainly():
    # Wednesday 18 Nov 2026 10:00 CET = 09:00 UTC.
    assert add_business_time(utc(2026, 11, 18, 9), timedelta(hours=2), MADRID) == utc(2026, 11, 18, 11)


def test_weekend_is_skipped():
    # Friday 20 Nov 17:00 CET + 2 h: one hour on Friday, the second on Monday 09:00–10:00 CET.
    friday_five = utc(2026, 11, 20, 16)
    due = add_business_time(friday_five, timedelta(hours=2), MADRID)
    assert due == utc(2026, 11, 23, 9)
    assert business_time_between(friday_five, due, MADRID) == timedelta(hours=2)


def test_start_outside_hours_waits_for_opening():
    saturday = utc(2026, 11, 21, 12)
    assert next_open(saturday, MADRID) == utc(2026, 11, 23, 8)
    assert add_business_time(saturday, timedelta(minutes=30), MADRID) == utc(2026, 11, 23, 8, 30)
    assert not is_open(saturday, MADRID)
    assert is_open(utc(2026, 11, 23, 8), MADRID)
    assert not is_open(utc(2026, 11, 23, 17), MADRID)  # 18:00 CET closes


def test_national_and_regional_holidays_are_skipped():
    # Mon 7 Dec 2026 (Madrid: Monday after Constitution Day) and Tue 8 Dec (Immaculate Conception).
    friday_five = utc(2026, 12, 4, 16)
    assert add_business_time(friday_five, timedelta(hours=2), MADRID) == utc(2026, 12, 9, 9)
    assert business_time_between(utc(2026, 12, 4, 8), utc(2026, 12, 10, 8), MADRID) == timedelta(hours=9 * 2)  # Friday and Wednesday


def test_brand_own_holiday_is_skipped():
    brand = build_calendar(time_zone="Europe/Madrid", weekly_hours=OFFICE, extra_holidays=[date(2026, 11, 24)])
    monday_five = utc(2026, 11, 23, 16)
    assert add_business_time(monday_five, timedelta(hours=2), brand) == utc(2026, 11, 25, 9)


def test_spring_forward_weekend_changes_the_utc_opening():
    # DST starts Sun 29 Mar 2026: Friday closes 18:00 CET (17:00 UTC), Monday opens 09:00 CEST (07:00 UTC).
    friday_five = utc(2026, 3, 27, 16)
    assert add_business_time(friday_five, timedelta(hours=2), MADRID) == utc(2026, 3, 30, 8)


def test_autumn_back_weekend_changes_the_utc_opening():
    # DST ends Sun 25 Oct 2026: Friday closes 18:00 CEST (16:00 UTC), Monday opens 09:00 CET (08:00 UTC).
    friday_five = utc(2026, 10, 23, 15)
    assert add_business_time(friday_five, timedelta(hours=2), MADRID) == utc(2026, 10, 26, 9)


def test_round_the_clock_days_are_23_and_25_hours_long_on_dst_sundays():
    assert business_time_between(utc(2026, 3, 28, 23), utc(2026, 3, 29, 22), EVERY_DAY) == timedelta(hours=23)
    assert business_time_between(utc(2026, 10, 24, 22), utc(2026, 10, 25, 23), EVERY_DAY) == timedelta(hours=25)
    # 24 h of open time from Saturday midnight CET ends at Monday 01:00 CEST because Sunday lost an hour.
    assert add_business_time(utc(2026, 3, 28, 23), timedelta(hours=24), EVERY_DAY) == utc(2026, 3, 29, 23)


def test_shift_through_the_skipped_hour_counts_real_time():
    night = build_calendar(time_zone="Europe/Madrid", weekly_hours={"sun": [["01:00", "04:00"]]})
    # 01:00 CET → 04:00 CEST is two real hours; in October 01:00 CEST → 04:00 CET is four.
    assert business_time_between(utc(2026, 3, 28), utc(2026, 3, 30), night) == timedelta(hours=2)
    assert business_time_between(utc(2026, 10, 24), utc(2026, 10, 26), night) == timedelta(hours=4)


def test_opening_inside_the_skipped_hour_opens_at_the_jump():
    gap = build_calendar(time_zone="Europe/Madrid", weekly_hours={"sun": [["02:30", "05:00"]]})
    assert next_open(utc(2026, 3, 28, 12), gap) == utc(2026, 3, 29, 1)  # 03:00 CEST
    assert add_business_time(utc(2026, 3, 28, 12), timedelta(hours=2), gap) == utc(2026, 3, 29, 3)


def test_always_open_ignores_hours_and_holidays():
    always = build_calendar(time_zone="Europe/Madrid", weekly_hours={}, country="ES", always_open=True)
    start = utc(2026, 12, 5, 10)
    assert add_business_time(start, timedelta(hours=50), always) == start + timedelta(hours=50)
    assert business_time_between(start, start + timedelta(hours=3), always) == timedelta(hours=3)


def test_between_is_zero_for_reversed_or_closed_periods():
    assert business_time_between(utc(2026, 11, 23, 10), utc(2026, 11, 23, 9), MADRID) == timedelta(0)
    assert business_time_between(utc(2026, 11, 21, 0), utc(2026, 11, 22, 23), MADRID) == timedelta(0)


@pytest.mark.parametrize("kwargs, message", [
    ({"time_zone": "Mars/Olympus", "weekly_hours": {}}, "unknown time zone"),
    ({"time_zone": "UTC", "weekly_hours": {"monday": []}}, "unknown day"),
    ({"time_zone": "UTC", "weekly_hours": {"mon": [["18:00", "09:00"]]}}, "ends before it starts"),
    ({"time_zone": "UTC", "weekly_hours": {"mon": [["09:00", "13:00"], ["12:00", "18:00"]]}}, "overlapping"),
    ({"time_zone": "UTC", "weekly_hours": {"mon": [["9am", "18:00"]]}}, "invalid time"),
    ({"time_zone": "UTC", "weekly_hours": {}, "country": "XX"}, "unknown country"),
])
def test_invalid_calendars_are_refused_with_the_reason(kwargs, message):
    with pytest.raises(CalendarError, match=message):
        build_calendar(**kwargs)


def test_calendar_without_hours_never_reaches_a_due_time():
    closed = build_calendar(time_zone="UTC", weekly_hours={})
    with pytest.raises(CalendarError):
        add_business_time(utc(2026, 11, 23), timedelta(hours=1), closed)
    assert next_open(utc(2026, 11, 23), closed) is None


def test_naive_datetimes_are_refused():
    with pytest.raises(CalendarError, match="time zone"):
        add_business_time(datetime(2026, 11, 23, 9), timedelta(hours=1), MADRID)
