"""Time as the API writes it (RFC 3339 UTC timestamps), and answers that take a fixed time."""

from __future__ import annotations

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


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def event_time(event: object) -> datetime:
    """The moment a scheduled event names (EventBridge's ``time``, RFC 3339), else now."""
    moment = event.get("time") if isinstance(event, dict) else None
    try:
        found = datetime.fromisoformat(moment) if isinstance(moment, str) else now()
    except ValueError:
        return now()
    return found if found.tzinfo else found.replace(tzinfo=UTC)


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
