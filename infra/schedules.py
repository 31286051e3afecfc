"""EventBridge Scheduler's schedule expressions, for the local stack: when a schedule fires next.

- ``rate(5 minutes)``: every 5 minutes after the schedule starts (the local stack's start);
- ``cron(minutes hours day-of-month month day-of-week year)`` in ``ScheduleExpressionTimezone``
  (UTC without one): day-of-week 1-7 is SUN-SAT, one of the two day fields is ``?``; ``*``, lists,
  ranges, steps and names (JAN, MON) are understood. ``L``, ``W`` and ``#`` are refused (the local stack
  would run them at the wrong time). As Scheduler does across daylight saving time, a local time that
  does not exist (spring forward) is skipped and one that happens twice (fall back) runs once;
- ``at(2026-01-01T07:00:00)``: once, in the time zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

UNITS = {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}
MONTHS = {
    m: n
    for n, m in enumerate(("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)
}
WEEKDAYS = {d: n for n, d in enumerate(("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"), start=1)}
SEARCH_YEARS = 5  # how far ahead a cron expression is searched before it is taken as never firing again


class Schedule(Protocol):
    def next_after(self, moment: datetime) -> datetime | None:
        """The first time strictly after ``moment`` (aware) at which the schedule fires, in UTC; None: never."""
        ...


@dataclass(frozen=True)
class Rate:
    every: timedelta
    start: datetime

    def next_after(self, moment: datetime) -> datetime:
        if moment < self.start:
            return (self.start + self.every).astimezone(UTC)
        periods = (moment - self.start) // self.every + 1
        return (self.start + periods * self.every).astimezone(UTC)


@dataclass(frozen=True)
class At:
    moment: datetime

    def next_after(self, moment: datetime) -> datetime | None:
        return self.moment.astimezone(UTC) if self.moment > moment else None


@dataclass(frozen=True)
class Cron:
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int] | None  # of the month; None: "?"
    months: frozenset[int]
    weekdays: frozenset[int] | None  # 1 = Sunday … 7 = Saturday; None: "?"
    years: frozenset[int] | None  # None: every year
    zone: ZoneInfo

    def next_after(self, moment: datetime) -> datetime | None:
        local = moment.astimezone(self.zone)
        day = local.date()
        for _ in range(366 * SEARCH_YEARS):
            if self._matches(day):
                for hour in sorted(self.hours):
                    for minute in sorted(self.minutes):
                        found = _existing(day, time(hour, minute), self.zone)
                        if found is not None and found > moment:
                            return found.astimezone(UTC)
            day += timedelta(days=1)
        return None

    def _matches(self, day: date) -> bool:
        if day.month not in self.months or (self.years is not None and day.year not in self.years):
            return False
        if self.days is not None:
            return day.day in self.days
        weekday = (day.weekday() + 1) % 7 + 1  # Python's Monday 0 … Sunday 6 → cron's Sunday 1 … Saturday 7
        return self.weekdays is not None and weekday in self.weekdays


def _existing(day: date, at: time, zone: ZoneInfo) -> datetime | None:
    """That wall-clock time in the zone (its first occurrence), or None if the clocks skip it."""
    moment = datetime.combine(day, at, tzinfo=zone)
    back = moment.astimezone(UTC).astimezone(zone)
    return moment if (back.date(), back.time()) == (day, at) else None


def parse(expression: str, timezone: str | None = None, start: datetime | None = None) -> Schedule:
    """The schedule of a ScheduleV2 event (``start``: when a rate schedule starts; now if not given)."""
    zone = ZoneInfo(timezone or "UTC")
    found = re.fullmatch(r"\s*(rate|cron|at)\((.*)\)\s*", expression)
    if not found:
        raise ValueError(f"not a schedule expression: {expression!r}")
    kind, body = found.groups()
    if kind == "rate":
        value, _, unit = body.strip().partition(" ")
        if not value.isdigit() or int(value) < 1 or unit.strip() not in UNITS:
            raise ValueError(f"not a rate: {expression!r}")
        return Rate(timedelta(seconds=int(value) * UNITS[unit.strip()]), start or datetime.now(UTC))
    if kind == "at":
        return At(datetime.fromisoformat(body.strip()).replace(tzinfo=zone))
    return _cron(body, zone, expression)


def _cron(body: str, zone: ZoneInfo, expression: str) -> Cron:
    fields = body.split()
    if len(fields) != 6:
        raise ValueError(f"a cron expression has six fields: {expression!r}")
    minutes, hours, days, months, weekdays, years = fields
    if (days == "?") == (weekdays == "?"):
        raise ValueError(f"exactly one of day-of-month and day-of-week is '?': {expression!r}")
    return Cron(
        minutes=_field(minutes, 0, 59),
        hours=_field(hours, 0, 23),
        days=None if days == "?" else _field(days, 1, 31),
        months=_field(months, 1, 12, MONTHS),
        weekdays=None if weekdays == "?" else _field(weekdays, 1, 7, WEEKDAYS),
        years=None if years in ("*", "?") else _field(years, 1970, 2199),
        zone=zone,
    )


def _field(text: str, low: int, high: int, names: dict[str, int] | None = None) -> frozenset[int]:
    values: set[int] = set()
    for part in text.upper().split(","):
        span, _, step = part.partition("/")
        if span in ("*", "?"):
            first, last = low, high
        elif "-" in span:
            first, last = (_value(v, names) for v in span.split("-", 1))
        else:
            first = _value(span, names)
            last = high if step else first
        every = int(step) if step else 1
        if not (low <= first <= high and low <= last <= high) or every < 1:
            raise ValueError(f"out of range {low}-{high}: {text!r}")
        values.update(range(first, last + 1, every))
    return frozenset(values)


def _value(text: str, names: dict[str, int] | None) -> int:
    if names and text in names:
        return names[text]
    if not text.isdigit():
        raise ValueError(f"the local stack does not run {text!r} in a cron expression (L, W and # included)")
    return int(text)
