"""Time as the API writes it (RFC 3339 UTC timestamps), and answers that take a fixed time."""

from __future__ import annotations

import calendar
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# Where the municipalities are: deadlines, today and the dates a parent sees are Paris's.
PARIS = ZoneInfo("Europe/Paris")


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today in Paris."""
    return now().astimezone(PARIS).date()


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or that month's last day when it has no such day (31 January + 1:
    28 or 29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def rfc3339(moment: datetime, timespec: str = "seconds") -> str:
    """``moment`` in UTC as ``YYYY-MM-DDTHH:MM:SSZ`` (``timespec`` as isoformat's: "microseconds" adds them).
    isoformat, not strftime: its year always has four digits (strftime writes year 1 as "1")."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec=timespec) + "Z"


def in_range(moment: datetime) -> bool:
    """Whether an aware moment exists in UTC too: the first ones of year 1 east of Greenwich do not."""
    try:
        moment.astimezone(UTC)
    except OverflowError:
        return False
    return True


def event_time(event: object) -> datetime:
    """The moment a scheduled event names (EventBridge's ``time``, RFC 3339), else now."""
    moment = event.get("time") if isinstance(event, dict) else None
    try:
        found = datetime.fromisoformat(moment) if isinstance(moment, str) else now()
    except ValueError:
        return now()
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def event_day(event: object) -> date:
    """The day a daily job runs for: the event's ``today`` (YYYY-MM-DD: the local stack's job, a replay), else
    (none, or unreadable) the Paris day of EventBridge's ``time``."""
    given = event.get("today") if isinstance(event, dict) else None
    try:
        return date.fromisoformat(given) if isinstance(given, str) else event_time(event).astimezone(PARIS).date()
    except ValueError:
        return event_time(event).astimezone(PARIS).date()


@contextmanager
def no_sooner_than(seconds: float) -> Iterator[None]:
    """Leave the block no sooner than ``seconds`` after entering it, whichever path ran inside (errors
    included): the answer's time then says nothing of the path, as long as every path ends within it."""
    started = time.monotonic()
    try:
        yield
    finally:
        left = seconds - (time.monotonic() - started)
        if left > 0:
            time.sleep(left)
