"""Open days and deadlines, in Europe/Paris: pure rules, no I/O.

A *working day* is Monday to Friday except the public holidays of metropolitan
France (1 Jan, Easter Monday, 1 May, 8 May, Ascension, Whit Monday, 14 Jul,
15 Aug, 1 Nov, 11 Nov, 25 Dec). A deadline is computed from the day it is
for, in Paris local time, and answered as an aware datetime (UTC).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from functools import cache

from portal.bookings.model import Activity, DaysBefore, Deadline, Enrolment, WeekdayBefore
from portal.kernel.clock import PARIS


def easter(year: int) -> date:
    """Easter Sunday (Gregorian calendar: the anonymous algorithm of Meeus, Jones and Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def public_holidays(year: int) -> frozenset[date]:
    """The public holidays of metropolitan France in a year."""
    sunday = easter(year)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    movable = [sunday + timedelta(days=n) for n in (1, 39, 50)]  # Easter Monday, Ascension, Whit Monday
    return frozenset([date(year, m, d) for m, d in fixed] + movable)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def deadline(rule: Deadline, day: date) -> datetime:
    """The moment a deadline falls for day ``day``: D minus N (working) days, or that weekday of the week
    before D's week, at the rule's time in Paris."""
    if isinstance(rule, WeekdayBefore):
        previous_monday = day - timedelta(days=day.weekday() + 7)
        return _paris(previous_monday + timedelta(days=rule.weekday), rule)
    return _paris(_days_before(day, rule), rule)


def _days_before(day: date, rule: DaysBefore) -> date:
    if not rule.working_days:
        return day - timedelta(days=rule.days)
    found, left = day, rule.days
    while left:
        found -= timedelta(days=1)
        left -= is_working_day(found)
    return found


def _paris(day: date, rule: DaysBefore | WeekdayBefore) -> datetime:
    """The rule's time on ``day`` in Paris, as UTC. A time the clocks show twice (the autumn overlap) is the
    first time they show it; a time they skip (the spring gap, 02:00 to 03:00) is the moment they land past
    it, 03:00: the first moment a clock in Paris shows that time or later."""
    wall = datetime.combine(day, rule.at)
    moment = wall.replace(tzinfo=PARIS).astimezone(UTC)
    if _wall(moment) == wall:
        return moment
    found = wall.replace(tzinfo=PARIS, fold=1).astimezone(UTC)  # before the gap: the clocks had not jumped yet
    while _wall(found) < wall:
        found += timedelta(minutes=1)  # clocks change on the minute: the gap's end is one of these
    return found


def _wall(moment: datetime) -> datetime:
    """What a clock in Paris shows at ``moment``."""
    return moment.astimezone(PARIS).replace(tzinfo=None)


def booking_deadline(activity: Activity, day: date) -> datetime:
    return deadline(activity.booking_deadline, day)


def cancellation_deadline(activity: Activity, day: date) -> datetime:
    """The cancellation deadline; the booking deadline when the activity has none of its own."""
    return deadline(activity.cancellation_deadline or activity.booking_deadline, day)


def runs(activity: Activity, day: date) -> bool:
    """Whether the activity runs on ``day``: inside its dates, on one of its weekdays and not closed, or an
    extra day."""
    if not activity.first <= day <= activity.last:
        return False
    if day in activity.extra_days:
        return True
    return day.weekday() in activity.weekdays and day not in activity.closed


HORIZON_DAYS = 400  # no day further ahead is booked yet: what a closure looks through is bounded by it


def within_horizon(day: date, now: datetime) -> bool:
    """Whether ``day`` may be booked yet: at most ``HORIZON_DAYS`` after today in Paris."""
    return day <= now.astimezone(PARIS).date() + timedelta(days=HORIZON_DAYS)


def is_open(activity: Activity, enrolment: Enrolment, day: date) -> bool:
    """Whether the child may be booked on ``day``: a day the activity runs, inside the enrolment."""
    return enrolment.first <= day <= enrolment.last and runs(activity, day)


def each_day(first: date, last: date) -> Iterator[date]:
    """The days from ``first`` to ``last``, both included, in order (none when ``last`` is before ``first``)."""
    return (first + timedelta(days=n) for n in range(max(0, (last - first).days + 1)))


def open_days(activity: Activity, enrolment: Enrolment, first: date, last: date) -> list[date]:
    """The days from ``first`` to ``last`` (both included) the child may be booked on, in order."""
    return [day for day in each_day(first, last) if is_open(activity, enrolment, day)]
