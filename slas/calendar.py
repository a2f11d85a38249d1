"""Business-hours arithmetic: when a brand is open, and how much open time lies between two instants.

Pure functions over a ``Calendar`` value; no database. Weekly hours are wall-clock times in the
calendar's time zone, so a day that gains or loses an hour to a DST change is an hour longer or
shorter in real (UTC) time, and every duration here is real elapsed time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holidays_lib

DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A calendar with no open hour in this many days is treated as never open (bounded loops).
SEARCH_DAYS = 800
Interval = tuple[time, time | None]  # None as the end means midnight at the end of the day (24:00)


class CalendarError(ValueError):
    """The calendar's definition is invalid, or it has no open time to count."""


@dataclass(frozen=True)
class Calendar:
    """Weekly open hours in ``time_zone`` minus holidays, or open around the clock when ``always_open``."""

    time_zone: str = "UTC"
    weekly: tuple[tuple[Interval, ...], ...] = ((),) * 7  # index 0 = Monday
    country: str = ""
    subdivision: str = ""
    extra_holidays: frozenset[date] = field(default_factory=frozenset)
    always_open: bool = False

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def is_holiday(self, day: date) -> bool:
        if day in self.extra_holidays:
            return True
        return bool(self.country) and day in country_holidays(self.country, self.subdivision)

    def hours_on(self, day: date) -> tuple[Interval, ...]:
        """The open intervals of a local calendar day (none on a holiday)."""
        if self.is_holiday(day):
            return ()
        return self.weekly[day.weekday()]


@lru_cache(maxsize=64)
def country_holidays(country: str, subdivision: str = ""):
    """The ``holidays`` package's calendar for a country (and region); it fills in years as asked."""
    try:
        return holidays_lib.country_holidays(country, subdiv=subdivision or None)
    except NotImplementedError as error:
        raise CalendarError(f"unknown country or subdivision: {country} {subdivision}".strip()) from error


def parse_weekly_hours(spec: dict) -> tuple[tuple[Interval, ...], ...]:
    """``{"mon": [["09:00", "18:00"]], ...}`` → intervals per weekday; "24:00" closes at midnight."""
    if not isinstance(spec, dict):
        raise CalendarError("weekly hours: expected an object keyed by mon…sun")
    unknown = set(spec) - set(DAY_KEYS)
    if unknown:
        raise CalendarError(f"weekly hours: unknown day {sorted(unknown)[0]!r} (use mon…sun)")
    days = []
    for key in DAY_KEYS:
        intervals = []
        for pair in spec.get(key) or []:
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                raise CalendarError(f"weekly hours: {key} needs [start, end] pairs")
            start, end = _parse_time(pair[0], key), _parse_end(pair[1], key)
            if end is not None and end <= start:
                raise CalendarError(f"weekly hours: {key} {pair[0]}–{pair[1]} ends before it starts")
            intervals.append((start, end))
        intervals.sort()
        for (_, prev_end), (start, _) in zip(intervals, intervals[1:]):
            if prev_end is None or prev_end > start:
                raise CalendarError(f"weekly hours: {key} has overlapping intervals")
        days.append(tuple(intervals))
    return tuple(days)


def _parse_time(value, day: str) -> time:
    try:
        return time.fromisoformat(str(value))
    except ValueError as error:
        raise CalendarError(f"weekly hours: {day} has an invalid time {value!r} (use HH:MM)") from error


def _parse_end(value, day: str) -> time | None:
    return None if str(value) in ("24:00", "24:00:00") else _parse_time(value, day)


def format_weekly_hours(weekly: tuple[tuple[Interval, ...], ...]) -> dict:
    return {
        DAY_KEYS[i]: [[start.strftime("%H:%M"), end.strftime("%H:%M") if end else "24:00"] for start, end in day]
        for i, day in enumerate(weekly) if day
    }


def open_intervals(calendar: Calendar, start: datetime, days: int = SEARCH_DAYS) -> Iterator[tuple[datetime, datetime]]:
    """Open periods (UTC, in order) that end after ``start``, over ``days`` local days; the first may begin before it."""
    _require_aware(start)
    zone = calendar.zone
    day = start.astimezone(zone).date() - timedelta(days=1)  # an interval of yesterday may still be open
    for _ in range(days + 1):
        for opens, closes in calendar.hours_on(day):
            begin = _to_utc(datetime.combine(day, opens), zone)
            end = _to_utc(datetime.combine(day + timedelta(days=1), time()) if closes is None
                          else datetime.combine(day, closes), zone)
            if end > start and end > begin:
                yield begin, end
        day += timedelta(days=1)


def _to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time in ``zone`` as a UTC instant.

    A repeated time (autumn) is taken at its first occurrence. A time skipped by a spring-forward
    jump (02:30 in Madrid on the last Sunday of March) maps to the instant of the jump, so an
    interval that opens inside the gap opens when the clocks reach 03:00.
    """
    first = local.replace(tzinfo=zone, fold=0).astimezone(timezone.utc)
    if first.astimezone(zone).replace(tzinfo=None) == local:
        return first
    # In a gap fold=1 reads the time with the later offset, giving an instant before the jump.
    low = local.replace(tzinfo=zone, fold=1).astimezone(timezone.utc)
    high = first
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).replace(tzinfo=None) >= local:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def add_business_time(start: datetime, duration: timedelta, calendar: Calendar) -> datetime:
    """The instant when ``duration`` of open time has passed since ``start``."""
    _require_aware(start)
    if duration < timedelta(0):
        raise CalendarError("duration must not be negative")
    if calendar.always_open or duration == timedelta(0):
        return start + duration
    remaining = duration
    for begin, end in open_intervals(calendar, start):
        begin = max(begin, start)
        if end - begin >= remaining:
            return begin + remaining
        remaining -= end - begin
    raise CalendarError("the calendar has no open hours")


def business_time_between(start: datetime, end: datetime, calendar: Calendar) -> timedelta:
    """Open time between two instants (zero when ``end`` is not after ``start``)."""
    _require_aware(start)
    _require_aware(end)
    if end <= start:
        return timedelta(0)
    if calendar.always_open:
        return end - start
    total = timedelta(0)
    for begin, finish in open_intervals(calendar, start, days=(end - start).days + 2):
        if begin >= end:
            break
        total += min(finish, end) - max(begin, start)
    return total


def is_open(at: datetime, calendar: Calendar) -> bool:
    """Whether ``at`` falls inside business hours."""
    if calendar.always_open:
        return True
    for begin, end in open_intervals(calendar, at, days=2):
        return begin <= at < end
    return False


def next_open(at: datetime, calendar: Calendar) -> datetime | None:
    """``at`` when open, else when the calendar next opens (None if it never does)."""
    if calendar.always_open:
        return at
    for begin, _ in open_intervals(calendar, at):
        return max(begin, at)
    return None


def _require_aware(value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise CalendarError("datetimes must carry a time zone")


def build_calendar(*, time_zone: str, weekly_hours: dict, country: str = "", subdivision: str = "",
                   extra_holidays: Iterable[date] = (), always_open: bool = False) -> Calendar:
    """A validated ``Calendar`` from stored fields."""
    try:
        ZoneInfo(time_zone)
    except (KeyError, ValueError) as error:
        raise CalendarError(f"unknown time zone {time_zone!r}") from error
    calendar = Calendar(
        time_zone=time_zone, weekly=parse_weekly_hours(weekly_hours or {}), country=country.upper(),
        subdivision=subdivision.upper(), extra_holidays=frozenset(extra_holidays), always_open=always_open,
    )
    if country:
        country_holidays(calendar.country, calendar.subdivision)
    return calendar
